import type { ExchangeVersion } from '../transport/settings';
import type { FolderRef } from './folderIds';
import type { BatchRequest, EwsOperation } from './operation';
import { transferBatch } from './transferItems';

export const COPY_ITEM: EwsOperation = { name: 'CopyItem', since: 'Exchange2007' };

/** `m:CopyItem` of many `t:ItemId`s into one folder; each ResponseMessage gives its copy's id. */
export function copyItemBatch(to: FolderRef, version: ExchangeVersion): BatchRequest {
	return transferBatch(COPY_ITEM, to, version);
}
