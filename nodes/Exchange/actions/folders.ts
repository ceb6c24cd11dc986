import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { buildFindFolder, readFindFolder } from '../ews/findFolder';
import { DISTINGUISHED_MAIL_FOLDERS, type FolderRef } from '../ews/folderIds';
import { buildGetFolders, readFolders, type FolderInfo } from '../ews/getFolder';
import { looksLikeItemId } from '../ews/itemIds';
import { onlyValue, perMessage } from '../ews/operation';
import { MAX_PAGE_SIZE } from '../ews/findItem';
import type { EwsClient } from '../transport';
import { itemParameter, type EwsContext } from '../transport/context';
import { inputError, readText } from './fields';
import { RunCache } from './runCache';

/**
 * Folders named the three ways the `folder` resource locator offers: picked from the list (its value is the
 * folder's id), a path from the top of the information store (`Inbox/Processed`, whose first segment may
 * be a distinguished folder id such as `inbox` or `sentitems`), or an id.
 */

export function folderLocator(displayName: string, description: string, show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName,
		name: 'folder',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a folder...',
				typeOptions: { searchListMethod: 'searchFolders', searchable: true },
			},
			{
				displayName: 'By Path',
				name: 'path',
				type: 'string',
				placeholder: 'Inbox/Processed',
				hint: 'From the top of the mailbox; the first part may be a distinguished folder such as inbox or sentitems',
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'AAMkAGI2...' },
		],
	};
}

/** A mailbox folder with the path from the top of the information store. */
export interface MailboxFolder extends FolderInfo {
	path: string;
}

/** Every folder below the top of the information store of one mailbox, read once and looked up by id or path. */
export class FolderTree {
	private readonly byId = new Map<string, FolderInfo>();
	private readonly paths = new Map<string, string>();

	constructor(
		readonly topId: string,
		folders: FolderInfo[],
	) {
		for (const folder of folders) this.byId.set(folder.id, folder);
	}

	/** The folder's path, `''` for the top itself; undefined for a folder outside the tree. */
	pathOf(id: string): string | undefined {
		if (id === this.topId) return '';
		const known = this.paths.get(id);
		if (known !== undefined) return known;
		const folder = this.byId.get(id);
		if (!folder?.parentFolderId) return undefined;
		const parentPath = this.pathOf(folder.parentFolderId);
		if (parentPath === undefined) return undefined;
		const path = parentPath === '' ? (folder.displayName ?? '') : `${parentPath}/${folder.displayName ?? ''}`;
		this.paths.set(id, path);
		return path;
	}

	/** The child of that display name, ignoring case as Exchange does when it keeps sibling names apart. */
	childNamed(parentId: string, name: string): FolderInfo | undefined {
		const wanted = name.toLowerCase();
		for (const folder of this.byId.values()) {
			if (folder.parentFolderId === parentId && folder.displayName?.toLowerCase() === wanted) return folder;
		}
		return undefined;
	}

	folders(): MailboxFolder[] {
		return [...this.byId.values()].flatMap((folder) => {
			const path = this.pathOf(folder.id);
			return path === undefined ? [] : [{ ...folder, path }];
		});
	}
}

/** A distinguished folder in the mailbox acted on; delegate access names the mailbox in the folder id itself. */
export function distinguishedFolder(client: EwsClient, mailbox: string | undefined, id: string): FolderRef {
	const access = client.access(mailbox);
	return { distinguished: id, mailbox: access.mode === 'delegate' ? access.address : undefined };
}

async function getFolderInfo(client: EwsClient, mailbox: string | undefined, folder: FolderRef, signal?: AbortSignal): Promise<FolderInfo> {
	const answer = await client.call(buildGetFolders([folder]), { mailbox, kind: 'read', signal });
	const [info] = onlyValue(perMessage(answer, (message) => readFolders(message.node)));
	if (!info) throw new Error('Exchange answered GetFolder without the folder');
	return info;
}

async function loadFolderTree(client: EwsClient, mailbox: string | undefined, signal?: AbortSignal): Promise<FolderTree> {
	const top = distinguishedFolder(client, mailbox, 'msgfolderroot');
	const { id: topId } = await getFolderInfo(client, mailbox, top, signal);
	const folders: FolderInfo[] = [];
	for (let offset: number | undefined = 0; offset !== undefined; ) {
		const request = buildFindFolder({ parent: top, traversal: 'Deep', page: { offset, size: MAX_PAGE_SIZE } });
		const page = readFindFolder(await client.call(request, { mailbox, kind: 'read', signal }));
		folders.push(...page.folders);
		offset = page.nextOffset;
	}
	return new FolderTree(topId, folders);
}

/** Folder trees and distinguished folders of this run, per client and mailbox: read once, whatever the number of items. */
const runCache = new RunCache<EwsClient>();

export async function folderTree(client: EwsClient, mailbox: string | undefined, signal?: AbortSignal): Promise<FolderTree> {
	return await runCache.get(client, `tree:${mailbox?.toLowerCase() ?? ''}`, async () => await loadFolderTree(client, mailbox, signal));
}

/** After a folder is created, the next path looked up in that mailbox must see it. */
export function forgetFolderTree(client: EwsClient, mailbox: string | undefined): void {
	runCache.forget(client, (key) => key === `tree:${mailbox?.toLowerCase() ?? ''}`);
}

async function distinguishedFolderId(client: EwsClient, mailbox: string | undefined, id: string, signal?: AbortSignal): Promise<string> {
	const key = `distinguished:${mailbox?.toLowerCase() ?? ''}:${id}`;
	const info = await runCache.get(client, key, async () => await getFolderInfo(client, mailbox, distinguishedFolder(client, mailbox, id), signal));
	return info.id;
}

/** The FolderId of a folder named either way, for comparing it with the ids in a folder tree. */
export async function folderIdOf(client: EwsClient, mailbox: string | undefined, folder: FolderRef, signal?: AbortSignal): Promise<string> {
	return 'id' in folder ? folder.id : await distinguishedFolderId(client, mailbox, folder.distinguished, signal);
}

/** A folder as the item named it, ready for a request, and its path when the item gave one. */
export interface ResolvedFolder {
	ref: FolderRef;
	path?: string;
}

export interface Locator {
	mode: string;
	value: string;
}

/** The folder resource locator's mode and value for an item, refused when empty; the Graph lookup reads it too. */
export function readLocator(context: EwsContext, itemIndex: number, label: string): Locator {
	const raw = itemParameter(context, 'folder', itemIndex, { mode: 'list', value: '' }) as Locator | string;
	const locator = typeof raw === 'string' ? { mode: 'path', value: raw } : raw;
	const value = readText(context, itemIndex, label, locator.value).trim();
	if (!value) throw inputError(context, itemIndex, `"${label}" is empty: pick a folder, or give its path (Inbox/Processed) or id`);
	return { mode: locator.mode, value };
}

async function resolvePath(
	context: EwsContext,
	itemIndex: number,
	label: string,
	client: EwsClient,
	mailbox: string | undefined,
	path: string,
	signal?: AbortSignal,
): Promise<ResolvedFolder> {
	const segments = path.split('/').map((segment) => segment.trim()).filter(Boolean);
	const first = segments[0]?.toLowerCase();
	const startsDistinguished = first !== undefined && DISTINGUISHED_MAIL_FOLDERS.has(first);
	if (startsDistinguished && segments.length === 1) return { ref: distinguishedFolder(client, mailbox, first), path };
	const tree = await folderTree(client, mailbox, signal);
	let current = startsDistinguished ? await distinguishedFolderId(client, mailbox, first, signal) : tree.topId;
	const walked = startsDistinguished ? [segments[0]] : [];
	for (const segment of startsDistinguished ? segments.slice(1) : segments) {
		const child = tree.childNamed(current, segment);
		if (!child) {
			const where = walked.length === 0 ? 'the top of the mailbox' : `"${walked.join('/')}"`;
			throw inputError(
				context,
				itemIndex,
				`"${label}" path "${path}" does not exist in ${mailbox ?? 'the credential\'s mailbox'}: ${where} has no folder "${segment}" (paths are never created; use Folder → Create)`,
			);
		}
		walked.push(segment);
		current = child.id;
	}
	return { ref: { id: current }, path: tree.pathOf(current) ?? path };
}

/** The item's `folder` parameter as a folder reference; a path is looked up, and one that does not exist fails the item. */
export async function resolveFolder(
	context: EwsContext,
	itemIndex: number,
	client: EwsClient,
	mailbox: string | undefined,
	options: { label?: string; signal?: AbortSignal } = {},
): Promise<ResolvedFolder> {
	const label = options.label ?? 'Folder';
	const { mode, value } = readLocator(context, itemIndex, label);
	if (mode === 'path') return await resolvePath(context, itemIndex, label, client, mailbox, value, options.signal);
	if (DISTINGUISHED_MAIL_FOLDERS.has(value.toLowerCase())) return { ref: distinguishedFolder(client, mailbox, value.toLowerCase()) };
	if (!looksLikeItemId(value)) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
		throw inputError(context, itemIndex, `"${label}" "${shown}" is not an EWS folder id; to name a folder by its path, choose "By Path"`);
	}
	return { ref: { id: value } };
}
