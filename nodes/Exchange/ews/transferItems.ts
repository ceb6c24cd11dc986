import type { ExchangeVersion } from '../transport/settings';
import { el, type XmlElement } from '../transport/xml';
import { folderIdElement, type FolderRef } from './folderIds';
import type { BatchRequest, EwsOperation } from './operation';

/**
 * MoveItem and CopyItem share BaseMoveCopyItemType: ToFolderId, ItemIds, then ReturnNewItemIds
 * (Exchange 2010 SP1+), which every version the node speaks has.
 */
export function transferBatch(operation: EwsOperation, to: FolderRef, version: ExchangeVersion): BatchRequest {
	return {
		operation,
		settings: { to, version },
		build: (itemIds: XmlElement[]) =>
			el(
				`m:${operation.name}`,
				undefined,
				el('m:ToFolderId', undefined, folderIdElement(to)),
				el('m:ItemIds', undefined, itemIds),
				el('m:ReturnNewItemIds', undefined, 'true'),
			),
	};
}
