import { sameAddress } from '../accounts';
import { answerMeeting, cancelMeeting, sendMeetingUpdates } from '../mailbox/meetings';
import { deleteOccurrence, firstOccurrence, modifyOccurrence, occurrenceByStart, occurrencesBetween, parseOccurrenceId, recurrenceError } from '../mailbox/recurrence';
import {
	Address,
	Folder,
	MeetingAnswer,
	NewCalendarItem,
	StoreError,
	StoredCalendarItem,
	meetingInvitees,
	newOpaqueId,
} from '../store';
import { storeIdOf } from './ids';
import { answerZone, preference } from './representations/dateTimeTimeZone';
import { eventJson, organizerOf, readEventFields, type EventAnswerSettings } from './representations/event';
import { GraphError, GraphRequestContext, GraphResult, GraphRoute } from './types';

/**
 * Graph's calendar events over the sandbox's store: create (with transactionId), get, update, delete,
 * cancel, accept / tentativelyAccept / decline, and the calendar view and a series' instances with the store's
 * series expansion. Meetings go out through the same store methods EWS uses, so invitations, updates,
 * cancellations and responses arrive alike whichever API acted. Answers give start and end in UTC unless
 * `Prefer: outlook.timezone` names a zone.
 *
 * Guesses where Graph's documentation is silent, from Exchange Online's observed behaviour: a create that
 * repeats a transactionId the mailbox has already used for the same event (same subject, start and end) is
 * answered with that event (201) and creates nothing; with a different event, 400 ErrorDuplicateTransactionId.
 * A PATCH with If-Match naming an older version is refused with 412 ErrorIrresolvableConflict. An organizer's
 * change of what attendees see (subject, body, times, location, attendees) sends the update to every attendee;
 * a change of categories, reminder or show-as sends nothing.
 */

const READ = ['Calendars.Read', 'Calendars.ReadWrite'];
const WRITE = ['Calendars.ReadWrite'];
/** Calendar view pages: Graph's default for events is 10, its maximum 1000. */
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;
/** Properties a change of which the organizer's attendees are told about. */
const MEETING_PROPERTIES = ['subject', 'body', 'start', 'end', 'location', 'isAllDayEvent'];

const ANSWERS: Record<string, MeetingAnswer> = { accept: 'Accept', tentativelyAccept: 'Tentative', decline: 'Decline' };

/** Store refusals in Graph's words: the store's codes are the ones Exchange Online's Graph answers with. */
async function graphCall(action: () => GraphResult | Promise<GraphResult>): Promise<GraphResult> {
	try {
		return await action();
	} catch (error) {
		if (error instanceof StoreError) throw new GraphError(error.code === 'ErrorItemNotFound' ? 404 : 400, error.code, error.message);
		throw error;
	}
}

function notFound(): GraphError {
	return new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

function mailboxOf(context: GraphRequestContext): string {
	if (!context.mailbox) throw new GraphError(400, 'BadRequest', 'The request names no mailbox.');
	return context.mailbox.smtpAddress;
}

/** The calendar item (or occurrence) a Graph id names in the request's mailbox. */
function eventById(context: GraphRequestContext, id: string): StoredCalendarItem {
	const storeId = storeIdOf(id);
	if (!storeId) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
	const occurrence = parseOccurrenceId(storeId);
	const item = context.store.findItem(occurrence ? occurrence.masterId : storeId);
	if (!item || item.kind !== 'calendarItem' || !sameAddress(item.mailbox, mailboxOf(context))) throw notFound();
	if (!occurrence) return item;
	if (!item.recurrence) throw notFound();
	return occurrenceByStart(item, occurrence.originalStart);
}

/** The calendar a path names: `/calendars/{id}` or the default one. */
function calendarFolder(context: GraphRequestContext, calendarId: string | undefined): Folder {
	const mailbox = context.store.mailbox(mailboxOf(context));
	if (!calendarId) return mailbox.folder('calendar');
	const storeId = storeIdOf(calendarId);
	if (!storeId) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
	const folder = mailbox.findById(storeId);
	if (!folder) throw notFound();
	if (folder.folderType !== 'CalendarFolder') throw new GraphError(400, 'ErrorInvalidRequest', 'The folder is not a calendar.');
	return folder;
}

function answerSettings(context: GraphRequestContext): { settings: EventAnswerSettings; headers: Record<string, string> } {
	const { zone, applied } = answerZone(context.headers);
	const bodyType = preference(context.headers, 'outlook.body-content-type')?.toLowerCase();
	const body = bodyType === 'text' ? 'Text' : bodyType === 'html' ? 'HTML' : undefined;
	const preferences = [applied, body && `outlook.body-content-type="${bodyType}"`].filter(Boolean);
	return { settings: { zone, bodyType: body }, headers: preferences.length > 0 ? { 'Preference-Applied': preferences.join(', ') } : {} };
}

function selected(context: GraphRequestContext): string[] | undefined {
	const select = context.query.get('$select');
	return select ? select.split(',').map((name) => name.trim()).filter(Boolean) : undefined;
}

function answerEvent(context: GraphRequestContext, item: StoredCalendarItem, status = 200): GraphResult {
	const { settings, headers } = answerSettings(context);
	return { status, body: eventJson(item, settings, selected(context)), headers };
}

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Well-formed, and naming a mailbox when inside the organisation (the sandbox refuses up front what Exchange would bounce). */
function checkAttendees(context: GraphRequestContext, attendees: Address[]): void {
	const invalid = attendees.find((a) => !ADDRESS.test(a.address) || (context.directory.isInternalAddress(a.address) && !context.store.hasMailbox(a.address)));
	if (invalid) throw new GraphError(400, 'ErrorInvalidRecipients', `The attendee '${invalid.address}' is not a valid recipient.`);
}

/** The event of the mailbox created with this transactionId, if any. */
function eventByTransaction(context: GraphRequestContext, transactionId: string): StoredCalendarItem | undefined {
	const mailbox = mailboxOf(context);
	for (const folder of context.store.mailbox(mailbox).allFolders()) {
		const found = folder.calendarItems().find((item) => item.transactionId === transactionId && sameAddress(item.organizer.address, mailbox));
		if (found) return found;
	}
	return undefined;
}

function createEvent(context: GraphRequestContext, calendarId: string | undefined): GraphResult {
	const folder = calendarFolder(context, calendarId);
	const { changes, attendees } = readEventFields(context.body);
	const { start, end } = changes;
	if (!start || !end) throw new GraphError(400, 'ErrorInvalidRequest', 'An event needs a start and an end.');
	if (end.instant < start.instant) throw new GraphError(400, 'ErrorInvalidRequest', 'The end of the event is earlier than its start.');
	const transactionId = (context.body as { transactionId?: unknown }).transactionId;
	if (transactionId !== undefined && typeof transactionId !== 'string') throw new GraphError(400, 'ErrorInvalidRequest', 'The transactionId must be a string.');
	if (transactionId) {
		const earlier = eventByTransaction(context, transactionId);
		if (earlier) {
			// A series' start moved to its first occurrence: its subject tells it.
			const same = (earlier.subject ?? '') === (changes.subject ?? '') && (earlier.recurrence !== undefined || earlier.start?.instant.getTime() === start.instant.getTime());
			if (!same) {
				throw new GraphError(400, 'ErrorDuplicateTransactionId', 'Your request can\'t be completed. The TransactionId specified in the request has already been used to create a different event.');
			}
			return answerEvent(context, earlier, 201);
		}
	}
	const lists = attendees ?? { requiredAttendees: [], optionalAttendees: [], resources: [] };
	const everyone = [...lists.requiredAttendees, ...lists.optionalAttendees, ...lists.resources];
	if (everyone.length > 0) checkAttendees(context, everyone);
	const recurrence = changes.recurrence;
	const invalid = recurrence && recurrenceError(recurrence);
	if (invalid) throw invalid;
	const organizer = organizerOf(context.directory, folder.mailbox);
	const newItem: NewCalendarItem = {
		kind: 'calendarItem',
		subject: changes.subject,
		body: changes.body,
		categories: changes.categories ?? [],
		importance: changes.importance,
		sensitivity: changes.sensitivity,
		createdBy: context.caller.user ?? folder.mailbox,
		createdAt: new Date(),
		uid: newOpaqueId(16),
		start,
		end,
		startTimeZone: changes.startTimeZone,
		endTimeZone: changes.endTimeZone,
		isAllDayEvent: changes.isAllDayEvent,
		legacyFreeBusyStatus: changes.legacyFreeBusyStatus,
		location: changes.location,
		reminderIsSet: changes.reminderIsSet ?? true,
		reminderMinutesBeforeStart: changes.reminderMinutesBeforeStart ?? 15,
		organizer,
		requiredAttendees: lists.requiredAttendees,
		optionalAttendees: lists.optionalAttendees,
		resources: lists.resources,
		// Graph sends a new event's invitations, and Outlook keeps a copy of them in Sent Items.
		invitationsSent: 'SendToAllAndSaveCopy',
		myResponseType: 'Organizer',
		isCancelled: false,
		recurrence,
		...(transactionId ? { transactionId } : {}),
	};
	// As over EWS, a series' start and end move to its first occurrence.
	const first = recurrence && firstOccurrence(newItem as StoredCalendarItem);
	if (first && first.start.getTime() !== start.instant.getTime()) {
		Object.assign(newItem, { start: { raw: first.start.toISOString(), instant: first.start }, end: { raw: first.end.toISOString(), instant: first.end } });
	}
	const created = context.store.addItem(folder, newItem) as StoredCalendarItem;
	const invitees = meetingInvitees(created);
	if (invitees.length > 0) context.store.sendMeetingRequests(created, invitees, true);
	return answerEvent(context, created, 201);
}

function checkIfMatch(context: GraphRequestContext, item: StoredCalendarItem): void {
	const wanted = context.headers['if-match']?.trim();
	if (!wanted || wanted === '*') return;
	const changeKey = wanted.replace(/^W\//, '').replace(/^"|"$/g, '');
	if (changeKey !== item.changeKey) {
		throw new GraphError(
			412,
			'ErrorIrresolvableConflict',
			'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
		);
	}
}

/** PATCH on one occurrence makes it an exception; the sandbox keeps an exception's start, end, subject and location. */
function updateOccurrence(context: GraphRequestContext, occurrence: StoredCalendarItem): GraphResult {
	const { changes, cleared, attendees } = readEventFields(context.body);
	const allowed = new Set(['start', 'end', 'startTimeZone', 'endTimeZone', 'subject', 'location']);
	const other = [...Object.keys(changes), ...cleared, ...(attendees ? ['attendees'] : [])].find((key) => !allowed.has(key));
	if (other) throw new GraphError(400, 'ErrorInvalidRequest', `The sandbox changes an occurrence's start, end, subject and location only, not ${other}.`);
	checkIfMatch(context, occurrence);
	const of = occurrence.occurrenceOf!;
	const master = context.store.getItem(of.masterId) as StoredCalendarItem;
	modifyOccurrence(master, of.originalStart, { start: changes.start?.instant, end: changes.end?.instant, subject: changes.subject, location: changes.location });
	context.store.updateItem(master.id, {});
	return answerEvent(context, occurrenceByStart(master, of.originalStart));
}

function updateEvent(context: GraphRequestContext, id: string): GraphResult {
	const item = eventById(context, id);
	if (item.occurrenceOf) return updateOccurrence(context, item);
	const { changes, cleared, attendees } = readEventFields(context.body);
	if (changes.recurrence || 'transactionId' in (context.body as object)) {
		throw new GraphError(400, 'ErrorInvalidRequest', 'The sandbox does not change a series\' recurrence or an event\'s transactionId.');
	}
	checkIfMatch(context, item);
	const { recurrence: _recurrence, ...itemChanges } = changes;
	const after = { ...item, ...itemChanges, ...attendees };
	if (after.start && after.end && after.end.instant < after.start.instant) {
		throw new GraphError(400, 'ErrorInvalidRequest', 'The end of the event is earlier than its start.');
	}
	const before = meetingInvitees(item);
	const organizes = item.myResponseType === 'Organizer';
	if (attendees && organizes) {
		const added = meetingInvitees(after).filter((a) => !before.some((b) => sameAddress(a, b)));
		if (added.length > 0) checkAttendees(context, added.map((address) => ({ address })));
	}
	const updated = context.store.updateItem(item.id, { ...itemChanges, ...attendees }, { clear: cleared }) as StoredCalendarItem;
	const told = attendees !== undefined || [...Object.keys(itemChanges), ...cleared].some((key) => MEETING_PROPERTIES.includes(key));
	if (told) sendMeetingUpdates(context.store, updated, before, 'SendToAllAndSaveCopy');
	return answerEvent(context, updated);
}

/** Deleting the organizer's meeting cancels it for its attendees first, as Graph documents. */
function deleteEvent(context: GraphRequestContext, id: string, mode: 'MoveToDeletedItems' | 'HardDelete'): GraphResult {
	const item = eventById(context, id);
	if (item.occurrenceOf) {
		const master = context.store.getItem(item.occurrenceOf.masterId) as StoredCalendarItem;
		deleteOccurrence(master, item.occurrenceOf.originalStart);
		context.store.updateItem(master.id, {});
		return { status: 204 };
	}
	const invitees = meetingInvitees(item);
	if (item.myResponseType === 'Organizer' && !item.isCancelled && invitees.length > 0) context.store.sendMeetingCancellations(item, invitees, true);
	context.store.deleteItem(item.id, mode);
	return { status: 204 };
}

function comment(body: unknown): { type: 'Text'; text: string } | undefined {
	const given = (body ?? {}) as Record<string, unknown>;
	// Graph's own example writes "Comment"; property names are matched without regard to case.
	const entry = Object.entries(given).find(([key]) => key.toLowerCase() === 'comment');
	const text = entry && typeof entry[1] === 'string' ? entry[1] : '';
	return text ? { type: 'Text', text } : undefined;
}

function cancelEvent(context: GraphRequestContext, id: string): GraphResult {
	const item = eventById(context, id);
	if (item.myResponseType !== 'Organizer') {
		throw new GraphError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. You need to be an organizer to cancel a meeting.');
	}
	if (item.occurrenceOf) throw new GraphError(400, 'ErrorInvalidRequest', 'The sandbox cancels whole meetings and series, not one occurrence.');
	cancelMeeting(context.store, item, true, comment(context.body));
	return { status: 202 };
}

function respondToEvent(context: GraphRequestContext, id: string, action: string): GraphResult {
	const answer = ANSWERS[action];
	const item = eventById(context, id);
	if (item.myResponseType === 'Organizer') {
		throw new GraphError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. You can\'t respond to a meeting you organize.');
	}
	if (item.isCancelled) throw new GraphError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. The meeting has been cancelled.');
	if (item.occurrenceOf) throw new GraphError(400, 'ErrorInvalidRequest', 'The sandbox answers whole meetings and series, not one occurrence.');
	const send = (context.body as { sendResponse?: unknown } | undefined)?.sendResponse !== false;
	const mailbox = mailboxOf(context);
	const delivery = send ? { send: true as const, saveCopyIn: context.store.mailbox(mailbox).folder('sentitems') } : { send: false as const };
	answerMeeting(context.store, item, organizerOf(context.directory, mailbox), answer, comment(context.body), delivery);
	return { status: 202 };
}

function windowOf(context: GraphRequestContext): { from: Date; to: Date } {
	const read = (name: string) => {
		const text = context.query.get(name) ?? '';
		// Graph reads a time without offset as UTC.
		const at = new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
		return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(at.getTime()) ? at : undefined;
	};
	const from = read('startDateTime');
	const to = read('endDateTime');
	if (!from || !to) {
		throw new GraphError(400, 'ErrorInvalidParameters', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
	}
	if (to < from) throw new GraphError(400, 'ErrorInvalidParameters', 'The EndDateTime is earlier than the StartDateTime.');
	return { from, to };
}

function overlaps(item: StoredCalendarItem, from: Date, to: Date): boolean {
	const start = item.start?.instant.getTime();
	if (start === undefined) return false;
	const end = item.end?.instant.getTime() ?? start;
	return start < to.getTime() && (end > from.getTime() || (end === start && start >= from.getTime()));
}

/** A page of a view and its @odata.nextLink ($skip), as Graph pages calendarView and instances. */
function viewPage(context: GraphRequestContext, items: StoredCalendarItem[]): GraphResult {
	const top = Math.min(MAX_PAGE, Math.max(1, Number(context.query.get('$top') ?? DEFAULT_PAGE) || DEFAULT_PAGE));
	const skip = Math.max(0, Number(context.query.get('$skip') ?? 0) || 0);
	const sorted = [...items].sort((a, b) => (a.start?.instant.getTime() ?? 0) - (b.start?.instant.getTime() ?? 0));
	const page = sorted.slice(skip, skip + top);
	const { settings, headers } = answerSettings(context);
	const select = selected(context);
	let nextLink: string | undefined;
	if (skip + top < sorted.length) {
		const query = new URLSearchParams(context.query);
		query.set('$top', String(top));
		query.set('$skip', String(skip + top));
		nextLink = `${context.baseUrl}/users/${encodeURIComponent(mailboxOf(context))}${context.path}?${query.toString()}`;
	}
	return { status: 200, body: { value: page.map((item) => eventJson(item, settings, select)), ...(nextLink ? { '@odata.nextLink': nextLink } : {}) }, headers };
}

function calendarView(context: GraphRequestContext, calendarId: string | undefined): GraphResult {
	const folder = calendarFolder(context, calendarId);
	const { from, to } = windowOf(context);
	const items = folder.calendarItems().flatMap((item) => (item.recurrence ? occurrencesBetween(item, from, to) : overlaps(item, from, to) ? [item] : []));
	return viewPage(context, items);
}

function instances(context: GraphRequestContext, id: string): GraphResult {
	const master = eventById(context, id);
	const { from, to } = windowOf(context);
	if (!master.recurrence) throw new GraphError(400, 'ErrorInvalidRequest', 'The event is not a series master.');
	return viewPage(context, occurrencesBetween(master, from, to));
}

/** `/events`, `/calendar/events` or `/calendars/{id}/events`; only the event's id is captured after it. */
const EVENTS = '(?:/calendar|/calendars/[^/]+)?/events';

function route(method: GraphRoute['method'], pattern: string, permissions: string[], handle: (context: GraphRequestContext, groups: string[]) => GraphResult): GraphRoute {
	return { method, pattern: new RegExp(`^${pattern}$`), scope: 'mailbox', permissions, handle: (context, groups) => graphCall(() => handle(context, groups)) };
}

export const EVENT_ROUTES: GraphRoute[] = [
	route('POST', '(?:/calendar)?/events', WRITE, (context) => createEvent(context, undefined)),
	route('POST', '/calendars/([^/]+)/events', WRITE, (context, [calendarId]) => createEvent(context, calendarId)),
	route('GET', `${EVENTS}/([^/]+)`, READ, (context, [id]) => answerEvent(context, eventById(context, id))),
	route('PATCH', `${EVENTS}/([^/]+)`, WRITE, (context, [id]) => updateEvent(context, id)),
	route('DELETE', `${EVENTS}/([^/]+)`, WRITE, (context, [id]) => deleteEvent(context, id, 'MoveToDeletedItems')),
	route('POST', `${EVENTS}/([^/]+)/permanentDelete`, WRITE, (context, [id]) => deleteEvent(context, id, 'HardDelete')),
	route('POST', `${EVENTS}/([^/]+)/cancel`, WRITE, (context, [id]) => cancelEvent(context, id)),
	route('POST', `${EVENTS}/([^/]+)/(accept|tentativelyAccept|decline)`, WRITE, (context, [id, action]) => respondToEvent(context, id, action)),
	route('GET', `${EVENTS}/([^/]+)/instances`, READ, (context, [id]) => instances(context, id)),
	route('GET', '(?:/calendar)?/calendarView', READ, (context) => calendarView(context, undefined)),
	route('GET', '/calendars/([^/]+)/calendarView', READ, (context, [calendarId]) => calendarView(context, calendarId)),
];
