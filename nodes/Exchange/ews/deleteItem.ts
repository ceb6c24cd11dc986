import { el, type XmlElement } from '../transport/xml';
import type { BatchRequest, EwsOperation } from './operation';

export const DELETE_ITEM: EwsOperation = { name: 'DeleteItem', since: 'Exchange2007' };

export type DeleteType = 'HardDelete' | 'SoftDelete' | 'MoveToDeletedItems';

/**
 * `m:DeleteItem` of many `t:ItemId`s. Exchange requires SendMeetingCancellations when a calendar item is
 * among them, so it is always given: SendToNone, as deleting mail must not send anything.
 */
export function deleteItemBatch(deleteType: DeleteType): BatchRequest {
	return {
		operation: DELETE_ITEM,
		settings: { deleteType },
		build: (itemIds: XmlElement[]) =>
			el('m:DeleteItem', { DeleteType: deleteType, SendMeetingCancellations: 'SendToNone' }, el('m:ItemIds', undefined, itemIds)),
	};
}
