import { el, type XmlElement } from '../transport/xml';
import type { BatchRequest, EwsOperation } from './operation';

export const DELETE_ITEM: EwsOperation = { name: 'DeleteItem', since: 'Exchange2007' };

export type DeleteType = 'HardDelete' | 'SoftDelete' | 'MoveToDeletedItems';

/** Whether deleting a meeting its mailbox organizes cancels it for the attendees, and keeps a copy of the cancellation. */
export type MeetingCancellations = 'SendToNone' | 'SendOnlyToAll' | 'SendToAllAndSaveCopy';

/**
 * `m:DeleteItem` of many `t:ItemId`s. Exchange requires SendMeetingCancellations when a calendar item is
 * among them, so it is always given: SendToNone unless said otherwise, as deleting mail must not send anything.
 */
export function deleteItemBatch(deleteType: DeleteType, cancellations: MeetingCancellations = 'SendToNone'): BatchRequest {
	return {
		operation: DELETE_ITEM,
		settings: { deleteType, cancellations },
		build: (itemIds: XmlElement[]) =>
			el('m:DeleteItem', { DeleteType: deleteType, SendMeetingCancellations: cancellations }, el('m:ItemIds', undefined, itemIds)),
	};
}
