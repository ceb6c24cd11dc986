import type { AccountDirectory } from '../../accounts';
import { bodyIn } from '../../operations/itemProperties';
import type { Address, Attendee, Body, ItemChanges, ResponseType, StoredCalendarItem, StoredRecurrence } from '../../store';
import { graphId } from '../ids';
import { GraphError } from '../types';
import { readDateTimeTimeZone, resolveZone, writeDateTimeTimeZone, type GraphZone, UTC_ZONE } from './dateTimeTimeZone';

/**
 * Graph's event resource for the store's calendar items, both ways: the JSON an answer carries, and the
 * store fields a create (POST) or an update (PATCH) body gives. Graph's enumerations are lower camel case
 * words where EWS has its own (showAs "oof" for OOF, responseStatus "tentativelyAccepted" for Tentative).
 */

const SHOW_AS: Record<string, string> = { Free: 'free', Tentative: 'tentative', Busy: 'busy', OOF: 'oof', WorkingElsewhere: 'workingElsewhere', NoData: 'unknown' };
const RESPONSES: Record<ResponseType, string> = {
	Unknown: 'none',
	Organizer: 'organizer',
	Tentative: 'tentativelyAccepted',
	Accept: 'accepted',
	Decline: 'declined',
	NoResponseReceived: 'notResponded',
};
const SENSITIVITIES = ['normal', 'personal', 'private', 'confidential'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WORKDAYS = WEEKDAYS.slice(1, 6);
const WEEKEND = ['saturday', 'sunday'];
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'];
const PATTERN_TYPES: Record<string, StoredRecurrence['pattern']['kind']> = {
	daily: 'Daily',
	weekly: 'Weekly',
	absoluteMonthly: 'AbsoluteMonthly',
	relativeMonthly: 'RelativeMonthly',
	absoluteYearly: 'AbsoluteYearly',
	relativeYearly: 'RelativeYearly',
};
const RANGE_TYPES: Record<string, StoredRecurrence['range']['kind']> = { noEnd: 'NoEnd', endDate: 'EndDate', numbered: 'Numbered' };
const NO_TIME = '0001-01-01T00:00:00Z';

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function badRequest(message: string): GraphError {
	return new GraphError(400, 'ErrorInvalidRequest', message);
}

function emailAddress(address: Address): { name: string; address: string } {
	return { name: address.name ?? address.address, address: address.address };
}

function attendeesJson(item: StoredCalendarItem) {
	const typed: Array<[Attendee[], string]> = [
		[item.requiredAttendees, 'required'],
		[item.optionalAttendees, 'optional'],
		[item.resources, 'resource'],
	];
	return typed.flatMap(([list, type]) =>
		list.map((attendee) => ({
			type,
			status: { response: RESPONSES[attendee.responseType ?? 'Unknown'], time: attendee.lastResponseTime?.toISOString() ?? NO_TIME },
			emailAddress: emailAddress(attendee),
		})),
	);
}

/** Graph's relative patterns name their days as a list; the store keeps EWS's one value (Day, Weekday, WeekendDay or a day). */
function relativeDays(day: string): string[] {
	if (day === 'Day') return WEEKDAYS;
	if (day === 'Weekday') return WORKDAYS;
	if (day === 'WeekendDay') return WEEKEND;
	return [day.toLowerCase()];
}

export function recurrenceJson(recurrence: StoredRecurrence, zone: string | undefined) {
	const { pattern, range } = recurrence;
	const relative = pattern.kind === 'RelativeMonthly' || pattern.kind === 'RelativeYearly';
	return {
		pattern: {
			type: lowerFirst(pattern.kind),
			interval: pattern.interval,
			month: pattern.month ?? 0,
			dayOfMonth: pattern.dayOfMonth ?? 0,
			daysOfWeek: relative ? relativeDays(pattern.daysOfWeek[0] ?? 'Monday') : pattern.daysOfWeek.map((day) => day.toLowerCase()),
			firstDayOfWeek: (pattern.firstDayOfWeek ?? 'Sunday').toLowerCase(),
			index: (pattern.dayOfWeekIndex ?? 'First').toLowerCase(),
		},
		range: {
			type: lowerFirst(range.kind),
			startDate: range.startDate,
			endDate: range.endDate ?? '0001-01-01',
			recurrenceTimeZone: zone ?? 'UTC',
			numberOfOccurrences: range.numberOfOccurrences ?? 0,
		},
	};
}

function sameDays(given: string[], wanted: string[]): boolean {
	return given.length === wanted.length && wanted.every((day) => given.includes(day));
}

/** A request's patternedRecurrence as stored; what the store cannot keep is refused. */
export function readRecurrence(value: unknown): StoredRecurrence | undefined {
	if (value === null || value === undefined) return undefined;
	const { pattern, range } = value as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
	const kind = PATTERN_TYPES[String(pattern?.type)];
	const rangeKind = RANGE_TYPES[String(range?.type)];
	if (!pattern || !range || !kind || !rangeKind) throw badRequest('The recurrence needs a pattern (daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly or relativeYearly) and a range (endDate, noEnd or numbered).');
	const days = (Array.isArray(pattern.daysOfWeek) ? pattern.daysOfWeek : []).map((day) => String(day).toLowerCase());
	if (days.some((day) => !WEEKDAYS.includes(day))) throw badRequest(`The recurrence's daysOfWeek holds an unknown day: ${days.join(', ')}.`);
	let daysOfWeek = days.map(upperFirst);
	if (kind === 'RelativeMonthly' || kind === 'RelativeYearly') {
		const one = sameDays(days, WEEKDAYS) ? 'Day' : sameDays(days, WORKDAYS) ? 'Weekday' : sameDays(days, WEEKEND) ? 'WeekendDay' : days.length === 1 ? upperFirst(days[0]) : undefined;
		if (!one) throw badRequest('The sandbox keeps a relative pattern on one day, every day, the weekdays or the weekend days only.');
		daysOfWeek = [one];
	}
	const interval = pattern.interval === undefined ? 1 : Number(pattern.interval);
	if ((kind === 'AbsoluteYearly' || kind === 'RelativeYearly') && interval !== 1) throw badRequest('The sandbox keeps yearly patterns with interval 1 only.');
	const index = pattern.index === undefined ? undefined : String(pattern.index).toLowerCase();
	if (index !== undefined && !INDEXES.includes(index)) throw badRequest(`The recurrence's index '${String(pattern.index)}' is not first, second, third, fourth or last.`);
	const month = Number(pattern.month ?? 0);
	const dayOfMonth = Number(pattern.dayOfMonth ?? 0);
	const startDate = String(range.startDate ?? '');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) throw badRequest('The recurrence range needs a startDate (yyyy-mm-dd).');
	return {
		pattern: {
			kind,
			interval: kind === 'AbsoluteYearly' || kind === 'RelativeYearly' ? 1 : interval,
			daysOfWeek,
			firstDayOfWeek: kind === 'Weekly' ? upperFirst(String(pattern.firstDayOfWeek ?? 'sunday').toLowerCase()) : undefined,
			dayOfMonth: kind.startsWith('Absolute') ? dayOfMonth : undefined,
			dayOfWeekIndex: kind.startsWith('Relative') ? upperFirst(index ?? 'first') : undefined,
			month: kind.endsWith('Yearly') ? month : undefined,
		},
		range: {
			kind: rangeKind,
			startDate,
			endDate: rangeKind === 'EndDate' ? String(range.endDate ?? '') : undefined,
			numberOfOccurrences: rangeKind === 'Numbered' ? Number(range.numberOfOccurrences ?? 0) : undefined,
		},
	};
}

function eventType(item: StoredCalendarItem): string {
	if (item.occurrenceOf) return item.occurrenceOf.modified ? 'exception' : 'occurrence';
	return item.recurrence ? 'seriesMaster' : 'singleInstance';
}

export interface EventAnswerSettings {
	/** The zone start and end are written in (Prefer: outlook.timezone, else UTC). */
	zone: GraphZone;
	/** Prefer: outlook.body-content-type; the body as stored without it. */
	bodyType?: 'HTML' | 'Text';
}

/** The event as Graph answers it; `select` ($select) keeps only the properties named (and the id). */
export function eventJson(item: StoredCalendarItem, settings: EventAnswerSettings, select?: string[]): Record<string, unknown> {
	const body: Body = item.body ? bodyIn(item.body, settings.bodyType ?? 'Best') : { type: 'HTML', text: '' };
	const startZone = item.startTimeZone ? resolveZone(item.startTimeZone) : undefined;
	const time = (value: StoredCalendarItem['start']) => (value ? writeDateTimeTimeZone(value.instant, settings.zone) : null);
	const json: Record<string, unknown> = {
		'@odata.etag': `W/"${item.changeKey}"`,
		id: graphId(item.id),
		createdDateTime: item.createdAt.toISOString(),
		lastModifiedDateTime: item.lastModifiedTime.toISOString(),
		changeKey: item.changeKey,
		categories: item.categories,
		...(item.transactionId ? { transactionId: item.transactionId } : {}),
		originalStartTimeZone: item.startTimeZone ?? startZone?.name ?? UTC_ZONE.name,
		originalEndTimeZone: item.endTimeZone ?? item.startTimeZone ?? UTC_ZONE.name,
		iCalUId: item.uid,
		reminderMinutesBeforeStart: item.reminderMinutesBeforeStart ?? 15,
		isReminderOn: item.reminderIsSet ?? false,
		hasAttachments: item.hasAttachments,
		subject: item.subject ?? '',
		bodyPreview: bodyIn(body, 'Text').text.slice(0, 255),
		importance: (item.importance ?? 'Normal').toLowerCase(),
		sensitivity: (item.sensitivity ?? 'Normal').toLowerCase(),
		isAllDay: item.isAllDayEvent ?? false,
		isCancelled: item.isCancelled,
		isOrganizer: item.myResponseType === 'Organizer',
		responseRequested: true,
		seriesMasterId: item.occurrenceOf ? graphId(item.occurrenceOf.masterId) : null,
		showAs: SHOW_AS[item.legacyFreeBusyStatus ?? 'Busy'] ?? 'unknown',
		type: eventType(item),
		isOnlineMeeting: false,
		onlineMeetingProvider: 'unknown',
		onlineMeeting: null,
		isDraft: false,
		responseStatus: { response: RESPONSES[item.myResponseType], time: NO_TIME },
		body: { contentType: body.type === 'HTML' ? 'html' : 'text', content: body.text },
		start: time(item.start),
		end: time(item.end),
		...(item.occurrenceOf ? { originalStart: item.occurrenceOf.originalStart.toISOString().replace('.000Z', 'Z') } : {}),
		location: { displayName: item.location ?? '', locationType: 'default', uniqueIdType: 'unknown' },
		locations: item.location ? [{ displayName: item.location, locationType: 'default', uniqueIdType: 'unknown' }] : [],
		recurrence: item.recurrence ? recurrenceJson(item.recurrence, item.startTimeZone) : null,
		attendees: attendeesJson(item),
		organizer: { emailAddress: emailAddress(item.organizer) },
	};
	if (!select) return json;
	return Object.fromEntries(Object.entries(json).filter(([key]) => key === 'id' || key === '@odata.etag' || select.includes(key)));
}

/** The store fields a create or update body sets, with the attendee lists it replaces. */
export interface EventFields {
	changes: ItemChanges & { recurrence?: StoredRecurrence };
	/** Properties the body sets to null, to be removed. */
	cleared: Array<keyof ItemChanges>;
	/** Present when the body names attendees (a PATCH replaces the whole list). */
	attendees?: { requiredAttendees: Address[]; optionalAttendees: Address[]; resources: Address[] };
}

const WRITABLE = new Set([
	'subject',
	'body',
	'start',
	'end',
	'location',
	'locations',
	'attendees',
	'categories',
	'sensitivity',
	'importance',
	'showAs',
	'isAllDay',
	'isReminderOn',
	'reminderMinutesBeforeStart',
	'recurrence',
	'transactionId',
	'responseRequested',
	'allowNewTimeProposals',
	'isOnlineMeeting',
	'onlineMeetingProvider',
	'hideAttendees',
]);

const FREE_BUSY: Record<string, string> = { free: 'Free', tentative: 'Tentative', busy: 'Busy', oof: 'OOF', workingElsewhere: 'WorkingElsewhere', unknown: 'NoData' };

function readAttendees(value: unknown): NonNullable<EventFields['attendees']> {
	if (!Array.isArray(value)) throw badRequest('The property \'attendees\' must be a list of attendees.');
	const lists: NonNullable<EventFields['attendees']> = { requiredAttendees: [], optionalAttendees: [], resources: [] };
	for (const entry of value as Array<Record<string, unknown>>) {
		const email = (entry?.emailAddress ?? {}) as { address?: unknown; name?: unknown };
		if (typeof email.address !== 'string' || !email.address) throw badRequest('Each attendee needs an emailAddress with an address.');
		const address: Address = { address: email.address, ...(typeof email.name === 'string' && email.name ? { name: email.name } : {}) };
		const type = String(entry.type ?? 'required');
		if (type === 'required') lists.requiredAttendees.push(address);
		else if (type === 'optional') lists.optionalAttendees.push(address);
		else if (type === 'resource') lists.resources.push(address);
		else throw badRequest(`The attendee type '${type}' is not required, optional or resource.`);
	}
	return lists;
}

function readBody(value: unknown): Body | undefined {
	const body = value as { contentType?: unknown; content?: unknown } | null;
	if (!body) return undefined;
	const type = String(body.contentType ?? 'text').toLowerCase();
	if (type !== 'text' && type !== 'html') throw badRequest(`The body's contentType '${String(body.contentType)}' is not text or html.`);
	return { type: type === 'html' ? 'HTML' : 'Text', text: typeof body.content === 'string' ? body.content : '' };
}

/** A create or update body read into store fields; unknown or read-only properties are refused, as Graph refuses them. */
export function readEventFields(body: unknown): EventFields {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be an event (a JSON object).');
	const given = body as Record<string, unknown>;
	const unknown = Object.keys(given).find((key) => !WRITABLE.has(key) && !key.startsWith('@odata.'));
	if (unknown) throw badRequest(`The property '${unknown}' does not exist on type 'microsoft.graph.event' or cannot be written.`);
	const changes: EventFields['changes'] = {};
	const cleared: EventFields['cleared'] = [];
	const has = (key: string) => key in given;
	if (has('subject')) {
		if (given.subject === null) cleared.push('subject');
		else changes.subject = String(given.subject);
	}
	if (has('body')) {
		const text = readBody(given.body);
		if (text && text.text) changes.body = text;
		else cleared.push('body');
	}
	for (const key of ['start', 'end'] as const) {
		if (!has(key)) continue;
		const { instant, raw, zone } = readDateTimeTimeZone(given[key], key);
		changes[key] = { raw, instant };
		changes[key === 'start' ? 'startTimeZone' : 'endTimeZone'] = zone.windowsId ?? zone.name;
	}
	if (has('location') || has('locations')) {
		const location = (given.location ?? (Array.isArray(given.locations) ? given.locations[0] : undefined)) as { displayName?: unknown } | null | undefined;
		const name = typeof location?.displayName === 'string' ? location.displayName : '';
		if (name) changes.location = name;
		else cleared.push('location');
	}
	if (has('categories')) changes.categories = Array.isArray(given.categories) ? given.categories.map(String) : [];
	if (has('sensitivity')) {
		const value = String(given.sensitivity).toLowerCase();
		if (!SENSITIVITIES.includes(value)) throw badRequest(`The sensitivity '${String(given.sensitivity)}' is not normal, personal, private or confidential.`);
		changes.sensitivity = upperFirst(value);
	}
	if (has('importance')) changes.importance = upperFirst(String(given.importance).toLowerCase());
	if (has('showAs')) {
		const status = FREE_BUSY[String(given.showAs)];
		if (!status) throw badRequest(`The showAs value '${String(given.showAs)}' is not free, tentative, busy, oof, workingElsewhere or unknown.`);
		changes.legacyFreeBusyStatus = status;
	}
	if (has('isAllDay')) changes.isAllDayEvent = given.isAllDay === true;
	if (has('isReminderOn')) changes.reminderIsSet = given.isReminderOn === true;
	if (has('reminderMinutesBeforeStart')) {
		const minutes = Number(given.reminderMinutesBeforeStart);
		if (!Number.isInteger(minutes) || minutes < 0) throw badRequest('The property \'reminderMinutesBeforeStart\' must be a whole number of minutes, 0 or more.');
		changes.reminderMinutesBeforeStart = minutes;
	}
	if (has('recurrence')) changes.recurrence = readRecurrence(given.recurrence);
	return { changes, cleared, ...(has('attendees') ? { attendees: readAttendees(given.attendees ?? []) } : {}) };
}

/** The organizer as an Address with the directory's display name. */
export function organizerOf(directory: AccountDirectory, address: string): Address {
	const mailbox = directory.findMailbox(address);
	return mailbox ? { address: mailbox.smtpAddress, name: mailbox.displayName } : { address };
}
