import { DISTINGUISHED_MAIL_FOLDERS } from '../ews/folderIds';
import type { GraphClient } from '../transport/graph/graphClient';
import type { GraphJson, GraphRequest } from '../transport/graph/types';
import type { EwsContext } from '../transport/context';
import { inputError } from './fields';
import { readLocator } from './folders';
import { odataString } from './graphFilter';
import { RunCache } from './runCache';

/**
 * The `folder` resource locator over Microsoft Graph: a Graph folder id, a well-known folder name (Graph's
 * names for the distinguished folders: inbox, sentitems, deleteditems...), or a path from the top of the
 * mailbox whose first segment may be such a name, looked up level by level among each folder's
 * `childFolders`, as the EWS path resolves it in its folder tree.
 */

/** Graph's well-known mail folder names (learn.microsoft.com/graph/api/resources/mailfolder). */
const GRAPH_WELL_KNOWN = new Set([
	'archive',
	'clutter',
	'conflicts',
	'conversationhistory',
	'deleteditems',
	'drafts',
	'inbox',
	'junkemail',
	'localfailures',
	'msgfolderroot',
	'outbox',
	'recoverableitemsdeletions',
	'scheduled',
	'searchfolders',
	'sentitems',
	'serverfailures',
	'syncissues',
]);

const GRAPH_FOLDER_ID = /^[A-Za-z0-9_-]+={0,2}$/;

export function graphFolderPath(folder: string): string {
	return `/mailFolders/${encodeURIComponent(folder)}`;
}

/** A folder as the item named it: `id` is a Graph id or a well-known name, both usable in `/mailFolders/{id}`. */
export interface GraphFolder {
	id: string;
	/** Set when `id` is a well-known name rather than the folder's own id. */
	wellKnown?: boolean;
	/** The path, when the item gave one. */
	path?: string;
}

/** Lookups of this run, per client: a path, a folder's parent, read once whatever the number of items. */
const runCache = new RunCache<GraphClient>();

/** After a folder is created, the next lookup in that mailbox must see it. */
export function forgetGraphFolders(client: GraphClient, mailbox: string | undefined): void {
	const prefix = `${mailbox?.toLowerCase() ?? ''}|`;
	runCache.forget(client, (key) => key.startsWith(prefix));
}

const FOLDER_SELECT = 'id,displayName,parentFolderId';

async function getFolder(client: GraphClient, mailbox: string | undefined, folder: string, signal?: AbortSignal): Promise<GraphJson> {
	return await runCache.get(client, `${mailbox?.toLowerCase() ?? ''}|folder:${folder.toLowerCase()}`, async () => {
		const answer = await client.request({ method: 'GET', path: graphFolderPath(folder), query: { $select: FOLDER_SELECT } }, mailbox, { kind: 'read', signal });
		return answer.body ?? {};
	});
}

/** The child of that display name, ignoring case as Exchange does when it keeps sibling names apart. */
async function childNamed(client: GraphClient, mailbox: string | undefined, parentId: string, name: string, signal?: AbortSignal): Promise<GraphJson | undefined> {
	return await runCache.get(client, `${mailbox?.toLowerCase() ?? ''}|child:${parentId}:${name.toLowerCase()}`, async () => {
		const answer = await client.request(
			{
				method: 'GET',
				path: `${graphFolderPath(parentId)}/childFolders`,
				query: { $filter: `displayName eq ${odataString(name)}`, $select: FOLDER_SELECT },
			},
			mailbox,
			{ kind: 'read', signal },
		);
		const found = Array.isArray(answer.body?.value) ? (answer.body.value as GraphJson[]) : [];
		return found.find((folder) => String(folder.displayName ?? '').toLowerCase() === name.toLowerCase());
	});
}

/**
 * The folder's path from the top of the mailbox (`Inbox/Processed`), walking up its parents; `''` for the
 * top itself, undefined for a folder outside it (Recoverable Items).
 */
export async function graphFolderPathOf(client: GraphClient, mailbox: string | undefined, folder: string, signal?: AbortSignal): Promise<string | undefined> {
	const top = String((await getFolder(client, mailbox, 'msgfolderroot', signal)).id ?? '');
	const names: string[] = [];
	let current = await getFolder(client, mailbox, folder, signal);
	// Mail folder trees are shallow; the bound keeps a looping answer from running forever.
	for (let depth = 0; depth < 64; depth++) {
		if (current.id === top) return names.join('/');
		if (typeof current.parentFolderId !== 'string' || !current.parentFolderId) return undefined;
		names.unshift(String(current.displayName ?? ''));
		current = await getFolder(client, mailbox, current.parentFolderId, signal);
	}
	return undefined;
}

function notAMailFolder(context: EwsContext, itemIndex: number, label: string, name: string) {
	return inputError(context, itemIndex, `"${label}" "${name}" is not a mail folder over Microsoft Graph, which has mail folders only (inbox, sentitems, deleteditems, drafts, archive...)`);
}

async function resolvePath(
	context: EwsContext,
	itemIndex: number,
	label: string,
	client: GraphClient,
	mailbox: string | undefined,
	path: string,
	signal?: AbortSignal,
): Promise<GraphFolder> {
	const segments = path.split('/').map((segment) => segment.trim()).filter(Boolean);
	const first = segments[0]?.toLowerCase();
	const startsWellKnown = first !== undefined && GRAPH_WELL_KNOWN.has(first);
	if (!startsWellKnown && first !== undefined && segments.length === 1 && DISTINGUISHED_MAIL_FOLDERS.has(first)) throw notAMailFolder(context, itemIndex, label, first);
	if (startsWellKnown && segments.length === 1) return { id: first, wellKnown: true, path };
	const start = await getFolder(client, mailbox, startsWellKnown ? first : 'msgfolderroot', signal);
	let current = String(start.id ?? '');
	const walked = startsWellKnown ? [String(start.displayName ?? segments[0])] : [];
	for (const segment of startsWellKnown ? segments.slice(1) : segments) {
		const child = await childNamed(client, mailbox, current, segment, signal);
		if (!child) {
			const where = walked.length === 0 ? 'the top of the mailbox' : `"${walked.join('/')}"`;
			throw inputError(
				context,
				itemIndex,
				`"${label}" path "${path}" does not exist in ${mailbox ?? 'the credential\'s mailbox'}: ${where} has no folder "${segment}" (paths are never created; use Folder → Create)`,
			);
		}
		walked.push(String(child.displayName ?? segment));
		current = String(child.id);
	}
	return { id: current, path: walked.join('/') };
}

/** The item's `folder` parameter as a Graph folder; a path is looked up, and one that does not exist fails the item. */
export async function resolveGraphFolder(
	context: EwsContext,
	itemIndex: number,
	client: GraphClient,
	mailbox: string | undefined,
	options: { label?: string; signal?: AbortSignal } = {},
): Promise<GraphFolder> {
	const label = options.label ?? 'Folder';
	const { mode, value } = readLocator(context, itemIndex, label);
	if (mode === 'path') return await resolvePath(context, itemIndex, label, client, mailbox, value, options.signal);
	const name = value.toLowerCase();
	if (GRAPH_WELL_KNOWN.has(name)) return { id: name, wellKnown: true };
	if (DISTINGUISHED_MAIL_FOLDERS.has(name)) throw notAMailFolder(context, itemIndex, label, name);
	if (!GRAPH_FOLDER_ID.test(value)) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
		const ews = /[+/]/.test(value) && !value.includes(' ') ? ' Ids read through EWS do not work over Graph; pick the folder again with this credential.' : '';
		throw inputError(context, itemIndex, `"${label}" "${shown}" is not a Microsoft Graph folder id; to name a folder by its path, choose "By Path".${ews}`);
	}
	return { id: value };
}

/** Every mail folder of the mailbox with its path, walking down from the top through `childFolders` (for the folder picker). */
export async function allGraphFolders(client: GraphClient, mailbox: string | undefined): Promise<Array<{ id: string; path: string }>> {
	const folders: Array<{ id: string; path: string }> = [];
	const walk = async (folderId: string, path: string): Promise<void> => {
		let request: GraphRequest | undefined = { method: 'GET', path: `${graphFolderPath(folderId)}/childFolders`, query: { $select: 'id,displayName,childFolderCount', $top: 100 } };
		while (request) {
			const answer = await client.request(request, mailbox, { kind: 'read' });
			const page = Array.isArray(answer.body?.value) ? (answer.body.value as GraphJson[]) : [];
			for (const folder of page) {
				const own = path === '' ? String(folder.displayName ?? '') : `${path}/${String(folder.displayName ?? '')}`;
				folders.push({ id: String(folder.id), path: own });
				if (Number(folder.childFolderCount) > 0) await walk(String(folder.id), own);
			}
			const next = answer.body?.['@odata.nextLink'];
			request = typeof next === 'string' && page.length > 0 ? { method: 'GET', path: '', url: next } : undefined;
		}
	};
	await walk('msgfolderroot', '');
	return folders;
}
