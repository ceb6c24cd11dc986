import { el, type XmlElement } from '../transport/xml';
import { savedItemFolderId, type SavedItemFolder } from './createItem';
import type { BatchRequest, EwsOperation } from './operation';

export const SEND_ITEM: EwsOperation = { name: 'SendItem', since: 'Exchange2007' };

/**
 * `m:SendItem` of many saved messages (drafts) by `t:ItemId`: ItemIds, then SavedItemFolderId, with
 * SaveItemToFolder required. A copy goes to the folder given (Sent Items when none is); the answer has no item.
 */
export function sendItemBatch(savedItemFolder: SavedItemFolder | undefined): BatchRequest {
	return {
		operation: SEND_ITEM,
		settings: { savedItemFolder },
		build: (itemIds: XmlElement[]) =>
			el(
				'm:SendItem',
				{ SaveItemToFolder: savedItemFolder ? 'true' : 'false' },
				el('m:ItemIds', undefined, itemIds),
				savedItemFolder !== undefined && savedItemFolderId(savedItemFolder),
			),
	};
}
