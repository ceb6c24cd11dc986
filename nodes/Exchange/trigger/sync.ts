import type { EwsId } from '../ews/fieldTypes';
import type { FolderRef } from '../ews/folderIds';
import type { ReadItem } from '../ews/itemFields';
import type { ItemShape } from '../ews/itemShape';
import { buildSyncFolderItems, changedItemId, MAX_SYNC_CHANGES, readSyncFolderItems } from '../ews/syncFolderItems';
import type { EwsClient } from '../transport';

/** One folder's changes since a sync state, read in as many SyncFolderItems calls as they need. */

export interface FolderChanges {
	/** Items that arrived, in the order Exchange reported them. */
	created: ReadItem[];
	/** Items changed that were there before. */
	updated: ReadItem[];
	/** Ids of items that left. */
	deleted: Set<string>;
	/** Where the next sync goes on from. */
	syncState: string;
	/** SyncFolderItems calls made. */
	calls: number;
}

/**
 * The net changes of the folder after `syncState` (every item, as created, without one). Pages are merged as
 * Exchange merges changes within one: an item created and then deleted is not reported.
 */
export async function syncFolder(
	client: EwsClient,
	mailbox: string | undefined,
	folder: FolderRef,
	syncState: string | undefined,
	shape: ItemShape,
	signal?: AbortSignal,
): Promise<FolderChanges> {
	const created = new Map<string, ReadItem>();
	const updated = new Map<string, ReadItem>();
	const deleted = new Set<string>();
	let state = syncState;
	let calls = 0;
	for (let done = false; !done; ) {
		const request = buildSyncFolderItems({ folder, shape, syncState: state, maxChanges: MAX_SYNC_CHANGES }, client.version);
		const page = readSyncFolderItems(await client.call(request, { mailbox, kind: 'read', signal }));
		calls++;
		for (const change of page.changes) {
			if (change.type === 'create') created.set(changedItemId(change.item), change.item);
			else if (change.type === 'update') {
				const id = changedItemId(change.item);
				if (created.has(id)) created.set(id, change.item);
				else updated.set(id, change.item);
			} else if (change.type === 'delete') {
				if (!created.delete(change.id)) deleted.add(change.id);
				updated.delete(change.id);
			}
		}
		state = page.syncState;
		done = page.includesLastItemInRange;
	}
	return { created: [...created.values()], updated: [...updated.values()], deleted, syncState: state ?? '', calls };
}

/** An item's DateTimeReceived, when the shape asked for it. */
export function receivedAt(item: ReadItem): string | undefined {
	return typeof item.fields.receivedAt === 'string' ? item.fields.receivedAt : undefined;
}

export function itemIdOf(item: ReadItem): string {
	return (item.fields.itemId as EwsId | undefined)?.id ?? '';
}
