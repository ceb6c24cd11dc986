import { sameAddress } from '../accounts';
import { operationResponse } from '../soap';
import { StoredCalendarItem, StoredItem, meetingInvitees as invitees } from '../store';
import { ParsedElement, el } from '../xml';
import { ItemError, OperationContext, OperationHandler } from './context';
import { resolveTargetFolder } from './folderIds';
import { propertiesOf } from './itemProperties';
import { resolveAnyItemId } from './itemIds';
import { sendMeetingUpdates, type MeetingUpdateMode } from '../mailbox/meetings';
import { modifyOccurrence, occurrenceByStart } from '../mailbox/recurrence';
import { readUpdates } from './itemUpdates';
import { checkRecipients } from './recipients';
import { respondEach } from './responses';

/**
 * UpdateItem: one response message per ItemChange, in request order, each with the item's new ItemId and
 * ChangeKey. ConflictResolution NeverOverwrite refuses an item whose ChangeKey is no longer current
 * (ErrorIrresolvableConflict); AutoResolve and AlwaysOverwrite apply the change (the sandbox keeps no
 * per-property versions, so nothing is left to resolve). A message needs a MessageDisposition
 * (ErrorMessageDispositionRequired); SendOnly and SendAndSaveCopy send it once updated, as SendItem does.
 * A calendar item needs SendMeetingInvitationsOrCancellations (ErrorSendMeetingInvitationsOrCancellationsRequired);
 * on a meeting its mailbox organizes, SendToAll... sends the update to every attendee, SendToChanged... only
 * to attendees added by the change, and both send cancellations to attendees it removed.
 */

const CONFLICT_MODES: readonly string[] = ['NeverOverwrite', 'AutoResolve', 'AlwaysOverwrite'];
const MEETING_UPDATE_MODES: readonly string[] = ['SendToNone', 'SendOnlyToAll', 'SendOnlyToChanged', 'SendToAllAndSaveCopy', 'SendToChangedAndSaveCopy'];

interface UpdateSettings {
	conflictResolution: string;
	disposition?: string;
	savedItemFolder?: ParsedElement;
	meetingUpdates?: string;
}

export const updateItem: OperationHandler = (request, context) => {
	const settings: UpdateSettings = {
		conflictResolution: request.attr('ConflictResolution') ?? 'AutoResolve',
		disposition: request.attr('MessageDisposition'),
		savedItemFolder: request.child('m:SavedItemFolderId'),
		meetingUpdates: request.attr('SendMeetingInvitationsOrCancellations'),
	};
	const changes = request.child('m:ItemChanges')?.children('t:ItemChange') ?? [];
	return operationResponse(
		'UpdateItem',
		respondEach('UpdateItem', 'm:Items', changes, context, (change) => {
			const updated = updateOne(change, settings, context);
			return [
				el('m:Items', {}, updated && el(propertiesOf(updated).element, {}, el('t:ItemId', { Id: updated.id, ChangeKey: updated.changeKey }))),
				el('m:ConflictResults', {}, el('t:Count', {}, '0')),
			];
		}),
	);
};

/** Returns the updated item, or nothing when it was sent (it no longer is where it was). */
function updateOne(change: ParsedElement, settings: UpdateSettings, context: OperationContext): StoredItem | undefined {
	if (!CONFLICT_MODES.includes(settings.conflictResolution)) {
		throw new ItemError('ErrorInvalidRequest', `ConflictResolution ${settings.conflictResolution} is not valid.`);
	}
	const id = change.child('t:ItemId') ?? change.child('t:OccurrenceItemId');
	if (!id) throw new ItemError('ErrorInvalidRequest', 'The sandbox updates items by ItemId or OccurrenceItemId only.');
	const item = resolveAnyItemId(context, id);
	if (item.kind === 'calendarItem' && item.occurrenceOf) return updateOccurrence(change, item, settings, context);
	if (item.kind === 'message' && settings.disposition === undefined) {
		throw new ItemError('ErrorMessageDispositionRequired', 'MessageDisposition attribute is required.');
	}
	if (item.kind === 'calendarItem' && (settings.meetingUpdates === undefined || !MEETING_UPDATE_MODES.includes(settings.meetingUpdates))) {
		throw new ItemError('ErrorSendMeetingInvitationsOrCancellationsRequired', 'SendMeetingInvitationsOrCancellations attribute is required for calendar items.');
	}
	const { changes, cleared } = readUpdates(change.child('t:Updates')?.children() ?? [], item);
	const after = { ...item, ...changes } as typeof item;
	const sending = item.kind === 'message' && settings.disposition !== 'SaveOnly';
	if (after.kind === 'message' && sending) checkRecipients(context, [...after.toRecipients, ...after.ccRecipients, ...after.bccRecipients]);
	if (after.kind === 'calendarItem' && after.start && after.end && after.end.instant < after.start.instant) {
		throw new ItemError('ErrorCalendarEndDateIsEarlierThanStartDate', 'EndDate is earlier than StartDate');
	}
	const before = item.kind === 'calendarItem' ? invitees(item) : [];
	if (after.kind === 'calendarItem' && settings.meetingUpdates !== 'SendToNone' && after.myResponseType === 'Organizer') {
		const added = invitees(after).filter((a) => !before.some((b) => sameAddress(a, b)));
		if (added.length > 0) checkRecipients(context, added.map((address) => ({ address })));
	}
	const changeKey = settings.conflictResolution === 'NeverOverwrite' ? id.attr('ChangeKey') : undefined;
	const updated = context.store.updateItem(item.id, changes, { changeKey, clear: cleared });
	if (updated.kind === 'calendarItem') sendMeetingUpdates(context.store, updated, before, (settings.meetingUpdates ?? 'SendToNone') as MeetingUpdateMode);
	if (!sending) return updated;
	const saveIn = settings.disposition === 'SendAndSaveCopy' ? resolveTargetFolder(context, settings.savedItemFolder, 'sentitems') : undefined;
	context.store.sendItem(updated.id, saveIn);
	return undefined;
}

// The zones come with the times; the sandbox keeps an exception's times as instants.
const OCCURRENCE_FIELDS = new Set(['start', 'end', 'startTimeZone', 'endTimeZone', 'subject', 'location']);

/**
 * One occurrence of a series (an occurrence's ItemId or an OccurrenceItemId): the change makes it an exception
 * of its series. The sandbox keeps an exception's Start, End, Subject and Location; it sends no update for it.
 */
function updateOccurrence(change: ParsedElement, occurrence: StoredCalendarItem, settings: UpdateSettings, context: OperationContext): StoredItem {
	const of = occurrence.occurrenceOf!;
	const { changes, cleared } = readUpdates(change.child('t:Updates')?.children() ?? [], occurrence);
	const unsupported = [...Object.keys(changes), ...cleared].find((key) => !OCCURRENCE_FIELDS.has(key));
	if (unsupported) throw new ItemError('ErrorInvalidRequest', `The sandbox changes an occurrence's Start, End, Subject and Location only, not ${unsupported}.`);
	const id = change.child('t:ItemId') ?? change.child('t:OccurrenceItemId');
	if (settings.conflictResolution === 'NeverOverwrite' && id?.attr('ChangeKey') !== undefined && id.attr('ChangeKey') !== occurrence.changeKey) {
		throw new ItemError('ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
	}
	const master = context.store.getItem(of.masterId) as StoredCalendarItem;
	modifyOccurrence(master, of.originalStart, {
		start: changes.start?.instant,
		end: changes.end?.instant,
		subject: changes.subject,
		location: changes.location,
	});
	context.store.updateItem(master.id, {});
	return occurrenceByStart(master, of.originalStart);
}
