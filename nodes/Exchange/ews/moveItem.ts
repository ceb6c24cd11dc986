import type { ExchangeVersion } from '../transport/settings';
import type { FolderRef } from './folderIds';
import type { BatchRequest, EwsOperation } from './operation';
import { transferBatch } from './transferItems';

export const MOVE_ITEM: EwsOperation = { name: 'MoveItem', since: 'Exchange2007' };

/** `m:MoveItem` of many `t:ItemId`s into one folder; each ResponseMessage gives its item's new id. */
export function moveItemBatch(to: FolderRef, version: ExchangeVersion): BatchRequest {
	return transferBatch(MOVE_ITEM, to, version);
}
