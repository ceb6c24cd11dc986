import { EwsError } from '../transport/errors';
import type { EwsAnswer } from '../transport/responses';
import type { ExchangeVersion } from '../transport/settings';
import { childNode, el, textEl } from '../transport/xml';
import type { EwsId } from './fieldTypes';
import { folderIdElement, type FolderRef } from './folderIds';
import { itemIdElement, type ItemRef } from './itemIds';
import { readItem, type ReadItem } from './itemFields';
import { itemShapeElement, type ItemShape } from './itemShape';
import { onlyValue, perMessage, type EwsOperation } from './operation';

export const SYNC_FOLDER_ITEMS: EwsOperation = { name: 'SyncFolderItems', since: 'Exchange2007' };

/** The most changes one SyncFolderItems call returns (MaxSyncChangesReturnedType). */
export const MAX_SYNC_CHANGES = 512;

export interface SyncFolderItemsRequest {
	folder: FolderRef;
	/** Like FindItem's: Body and Attachments cannot be asked for. */
	shape: ItemShape;
	/** The state the last call returned; none for a first sync, which reports every item as created. */
	syncState?: string;
	ignore?: ItemRef[];
	maxChanges: number;
}

/** `m:SyncFolderItems`: ItemShape, SyncFolderId, SyncState, Ignore, MaxChangesReturned. */
export function buildSyncFolderItems(request: SyncFolderItemsRequest, version: ExchangeVersion) {
	if (!Number.isInteger(request.maxChanges) || request.maxChanges < 1 || request.maxChanges > MAX_SYNC_CHANGES) {
		throw new Error(`SyncFolderItems returns 1 to ${MAX_SYNC_CHANGES} changes a call, not ${request.maxChanges}`);
	}
	return el(
		'm:SyncFolderItems',
		undefined,
		itemShapeElement(request.shape, version),
		el('m:SyncFolderId', undefined, folderIdElement(request.folder)),
		textEl('m:SyncState', request.syncState),
		request.ignore && request.ignore.length > 0 && el('m:Ignore', undefined, request.ignore.map(itemIdElement)),
		textEl('m:MaxChangesReturned', request.maxChanges),
	);
}

export type ItemChange =
	| { type: 'create' | 'update'; item: ReadItem }
	| { type: 'delete'; id: string }
	| { type: 'readFlagChange'; id: string; isRead: boolean };

export interface SyncPage {
	changes: ItemChange[];
	/** Where the next call goes on from. */
	syncState: string;
	/** False while more changes wait: call again with `syncState`. */
	includesLastItemInRange: boolean;
}

function idOf(node: Parameters<typeof readItem>[0]): string {
	return childNode(node, 'ItemId')?.attrs.Id ?? '';
}

/** The changes of one folder's sync; Exchange's error for the folder (ErrorInvalidSyncStateData...) is thrown. */
export function readSyncFolderItems(answer: EwsAnswer): SyncPage {
	return onlyValue(
		perMessage(answer, (message) => {
			const syncState = childNode(message.node, 'SyncState')?.text;
			if (!syncState) throw new EwsError({ code: 'InvalidResponse', message: 'Exchange answered SyncFolderItems without a SyncState', processing: 'processed' });
			const changes = (childNode(message.node, 'Changes')?.children ?? []).map((change): ItemChange => {
				switch (change.name) {
					case 'Create':
					case 'Update':
						return { type: change.name === 'Create' ? 'create' : 'update', item: readItem(change.children[0]) };
					case 'Delete':
						return { type: 'delete', id: idOf(change) };
					case 'ReadFlagChange':
						return { type: 'readFlagChange', id: idOf(change), isRead: childNode(change, 'IsRead')?.text === 'true' };
					default:
						throw new EwsError({ code: 'InvalidResponse', message: `Exchange answered SyncFolderItems with an unknown change ${change.name}`, processing: 'processed' });
				}
			});
			return { changes, syncState, includesLastItemInRange: childNode(message.node, 'IncludesLastItemInRange')?.text !== 'false' };
		}),
	);
}

/** The id of an item read from a Create or Update. */
export function changedItemId(item: ReadItem): string {
	return (item.fields.itemId as EwsId | undefined)?.id ?? '';
}
