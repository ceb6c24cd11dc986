import { createHash } from 'crypto';
import { Folder, SandboxStore, StoredAttachment, StoredItem } from './store';

/** The store's data as the viewer's JSON API and the test controls answer with it. */

/** Attachment bytes as size and digest: enough to prove what arrived without shipping the content. */
export function attachmentJson(attachment: StoredAttachment) {
	const { content, ...rest } = attachment;
	return { ...rest, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

export function itemJson(item: StoredItem) {
	return { ...item, attachments: item.attachments.map(attachmentJson) };
}

export function folderJson(store: SandboxStore, folder: Folder) {
	return {
		id: folder.id,
		changeKey: folder.changeKey,
		parentId: folder.parent?.id,
		distinguishedId: folder.distinguishedId,
		displayName: folder.displayName,
		path: store.folderPath(folder),
		folderClass: folder.folderClass,
		folderType: folder.folderType,
		childFolderCount: folder.childFolderCount,
		totalCount: folder.totalCount,
		unreadCount: folder.unreadCount,
	};
}

/**
 * A mailbox: `folders` maps each folder to its items, under its distinguished id (`inbox`) or, for a folder
 * a user made, its path (`Inbox/Invoices`); `folderTree` lists every folder with ids and counts.
 */
export function mailboxJson(store: SandboxStore, address: string) {
	const mailbox = store.mailbox(address);
	const folders = mailbox.allFolders();
	return {
		address: mailbox.address,
		displayName: mailbox.info.displayName,
		kind: mailbox.info.kind,
		folders: Object.fromEntries(folders.map((f) => [f.distinguishedId ?? store.folderPath(f), f.items.map(itemJson)])),
		folderTree: folders.map((f) => folderJson(store, f)),
	};
}
