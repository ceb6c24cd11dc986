import { operationResponse } from '../soap';
import { DeleteMode, StoredItem, meetingInvitees } from '../store';
import { ItemError, OperationContext, OperationHandler } from './context';
import { resolveItemId } from './itemIds';
import { respondEach } from './responses';

const DELETE_MODES: readonly string[] = ['HardDelete', 'SoftDelete', 'MoveToDeletedItems'];
const CANCELLATION_MODES: readonly string[] = ['SendToNone', 'SendOnlyToAll', 'SendToAllAndSaveCopy'];

/**
 * DeleteItem: per ItemId, DeleteType HardDelete (gone), SoftDelete (into Recoverable Items\Deletions) or
 * MoveToDeletedItems (into Deleted Items; an item already there is soft-deleted, as Outlook does). The answer
 * carries no item. A calendar item needs SendMeetingCancellations (ErrorSendMeetingCancellationsRequired);
 * deleting a meeting its mailbox organizes with SendOnlyToAll or SendToAllAndSaveCopy cancels it for every
 * attendee first. AffectedTaskOccurrences is accepted; the sandbox keeps no tasks.
 */
export const deleteItem: OperationHandler = (request, context) => {
	const mode = request.attr('DeleteType') ?? '';
	const cancellations = request.attr('SendMeetingCancellations');
	const ids = request.child('m:ItemIds')?.children() ?? [];
	return operationResponse(
		'DeleteItem',
		respondEach('DeleteItem', undefined, ids, context, (id) => {
			if (!DELETE_MODES.includes(mode)) throw new ItemError('ErrorInvalidRequest', `DeleteType ${mode} is not valid.`);
			const item = resolveItemId(context, id);
			if (item.kind === 'calendarItem') {
				if (cancellations === undefined || !CANCELLATION_MODES.includes(cancellations)) {
					throw new ItemError('ErrorSendMeetingCancellationsRequired', 'SendMeetingCancellations attribute is required for Calendar items.');
				}
				cancelMeeting(context, item, cancellations);
			}
			context.store.deleteItem(item.id, mode as DeleteMode);
			return undefined;
		}),
	);
};

function cancelMeeting(context: OperationContext, item: Extract<StoredItem, { kind: 'calendarItem' }>, mode: string): void {
	if (mode === 'SendToNone' || item.myResponseType !== 'Organizer' || item.isCancelled) return;
	const invitees = meetingInvitees(item);
	if (invitees.length > 0) context.store.sendMeetingCancellations(item, invitees, mode === 'SendToAllAndSaveCopy');
}
