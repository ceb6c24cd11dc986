import { isFolderName, type Folder } from '../store';
import { storeIdOf } from './ids';
import { compileFilter } from './odataFilter';
import { applySelect, collectionPage, readPage, readSelect } from './odataQuery';
import { isMailFolder, MAIL_FOLDER_PROPERTIES, mailFolderJson } from './representations/mailFolder';
import { GraphError, type GraphRequestContext, type GraphResult, type GraphRoute } from './types';

/**
 * Graph's mail folders over the store: get one (by id or well-known name), list the top ones or a folder's
 * `childFolders` ($filter, $select, $top, $skip), create one below the top or below a folder. Graph's page
 * size for folders is 10 by default (at most 1000 here, a guess: the documentation names no maximum).
 */

const READ = ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'];
const WRITE = ['Mail.ReadWrite'];
const TYPE = 'microsoft.graph.mailFolder';

/** Graph's well-known names for the distinguished folders it has (learn.microsoft.com/graph/api/resources/mailfolder). */
const WELL_KNOWN = new Set([
	'archive',
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
	'searchfolders',
	'sentitems',
	'serverfailures',
	'syncissues',
]);

export function mailboxOf(context: GraphRequestContext): string {
	if (!context.mailbox) throw new GraphError(400, 'BadRequest', 'The request names no mailbox.');
	return context.mailbox.smtpAddress;
}

/** The mail folder an id or a well-known name (any case) names in the request's mailbox. */
export function folderOf(context: GraphRequestContext, idOrName: string): Folder {
	const mailbox = context.store.mailbox(mailboxOf(context));
	const name = idOrName.toLowerCase();
	if (WELL_KNOWN.has(name) && isFolderName(name)) return mailbox.folder(name);
	const storeId = storeIdOf(idOrName);
	if (!storeId) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
	const folder = mailbox.findById(storeId);
	if (!folder) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
	return folder;
}

function listChildren(context: GraphRequestContext, parent: Folder): GraphResult {
	const select = readSelect(context.query.get('$select'), MAIL_FOLDER_PROPERTIES, TYPE);
	const filter = context.query.get('$filter');
	const test = filter ? compileFilter(filter, MAIL_FOLDER_PROPERTIES, TYPE) : () => true;
	const folders = parent.children.filter(isMailFolder).map(mailFolderJson).filter(test);
	const page = collectionPage(context, folders, readPage(context.query, 10, 1000));
	return { status: 200, body: { ...page, value: (page.value as Array<Record<string, unknown>>).map((folder) => applySelect(folder, select)) } };
}

function create(context: GraphRequestContext, parent: Folder): GraphResult {
	const body = (context.body ?? {}) as Record<string, unknown>;
	if (typeof body.displayName !== 'string' || body.displayName.trim() === '') {
		throw new GraphError(400, 'ErrorInvalidRequest', 'The displayName property is required and cannot be empty.');
	}
	const existing = parent.children.find((child) => child.displayName.toLowerCase() === String(body.displayName).toLowerCase());
	if (existing) throw new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
	const folder = context.store.createFolder(parent, body.displayName);
	return { status: 201, body: mailFolderJson(folder) };
}

const top = (context: GraphRequestContext) => context.store.mailbox(mailboxOf(context)).folder('msgfolderroot');

export const MAIL_FOLDER_ROUTES: GraphRoute[] = [
	{ method: 'GET', pattern: /^\/mailFolders$/i, scope: 'mailbox', permissions: READ, handle: (context) => listChildren(context, top(context)) },
	{ method: 'POST', pattern: /^\/mailFolders$/i, scope: 'mailbox', permissions: WRITE, handle: (context) => create(context, top(context)) },
	{
		method: 'GET',
		pattern: /^\/mailFolders\/([^/]+)$/i,
		scope: 'mailbox',
		permissions: READ,
		handle: (context, [id]) => ({ status: 200, body: applySelect(mailFolderJson(folderOf(context, id)), readSelect(context.query.get('$select'), MAIL_FOLDER_PROPERTIES, TYPE)) }),
	},
	{ method: 'GET', pattern: /^\/mailFolders\/([^/]+)\/childFolders$/i, scope: 'mailbox', permissions: READ, handle: (context, [id]) => listChildren(context, folderOf(context, id)) },
	{ method: 'POST', pattern: /^\/mailFolders\/([^/]+)\/childFolders$/i, scope: 'mailbox', permissions: WRITE, handle: (context, [id]) => create(context, folderOf(context, id)) },
];
