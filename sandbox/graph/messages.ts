import { extendedPropertiesJson, mergedProperties, readExtendedProperties } from './extendedProperties';
import { sameAddress } from '../accounts';
import { ItemError } from '../operations/context';
import { compileQueryString } from '../operations/queryString';
import type { Address, Body, DeleteMode, Flag, FlagStatus, Folder, ItemChanges, StoredItem } from '../store';
import { storeIdOf } from './ids';
import { folderOf, mailboxOf } from './mailFolders';
import { compileFilter, firstFilterProperty } from './odataFilter';
import { applySelect, collectionPage, readExpand, readPage, readSelect } from './odataQuery';
import { ATTACHMENT_PROPERTIES, attachmentJson } from './representations/attachment';
import { messageJson, type StoredMailItem } from './representations/message';
import { GraphError, type GraphRequestContext, type GraphResult, type GraphRoute } from './types';

/**
 * Graph's messages over the store: list a folder's (or the mailbox's) messages with `$filter`, `$search`,
 * `$orderby`, `$select`, `$expand=attachments`, `$top` and `$skip` (the next page's link); get, update
 * (PATCH, with If-Match), delete (into Recoverable Items), permanentDelete, move, copy, and the MIME form
 * (`/$value`). Graph's rules kept: `$search` cannot go with `$orderby` (its results come newest sent
 * first); with `$filter`, the `$orderby` property must lead the filter (InefficientFilter otherwise).
 *
 * Guesses where the documentation is silent: the texts of the `$search` + `$orderby` refusal; a PATCH of a
 * property that cannot be written is refused (400) rather than ignored; If-Match naming an older version is
 * 412 ErrorIrresolvableConflict (as for events).
 */

const READ = ['Mail.Read', 'Mail.ReadWrite'];
const WRITE = ['Mail.ReadWrite'];
const TYPE = 'microsoft.graph.message';
/** Graph's page size for messages: 10 unless `$top` says otherwise, at most 1000. */
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

export const MESSAGE_PROPERTIES: ReadonlySet<string> = new Set([
	'id',
	'createdDateTime',
	'lastModifiedDateTime',
	'changeKey',
	'categories',
	'receivedDateTime',
	'sentDateTime',
	'hasAttachments',
	'internetMessageId',
	'subject',
	'bodyPreview',
	'importance',
	'parentFolderId',
	'conversationId',
	'conversationIndex',
	'isDeliveryReceiptRequested',
	'isReadReceiptRequested',
	'isRead',
	'isDraft',
	'webLink',
	'inferenceClassification',
	'body',
	'sender',
	'from',
	'toRecipients',
	'ccRecipients',
	'bccRecipients',
	'replyTo',
	'flag',
	'meetingMessageType',
]);

/** What `$filter` may name: the properties, and the extended properties a client wrote. */
const FILTER_PROPERTIES: ReadonlySet<string> = new Set([...MESSAGE_PROPERTIES, 'singleValueExtendedProperties']);

type Json = Record<string, unknown>;

function notFound(): GraphError {
	return new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

function isMailItem(item: StoredItem): item is StoredMailItem {
	return item.kind !== 'calendarItem';
}

/** The message a Graph id names in the request's mailbox. */
export function messageOf(context: GraphRequestContext, id: string): StoredMailItem {
	const storeId = storeIdOf(id);
	if (!storeId) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
	const item = context.store.findItem(storeId);
	if (!item || !isMailItem(item) || !sameAddress(item.mailbox, mailboxOf(context))) throw notFound();
	return item;
}

/** A message as an answer gives it: the selected properties, the attachments when expanded. */
function messageAnswer(context: GraphRequestContext, item: StoredMailItem, select: string[] | undefined, expand: Map<string, string | null>): Json {
	const json = applySelect(messageJson(item, context), select);
	if (expand.has('attachments')) {
		const nested = readSelect(expand.get('attachments') ?? null, ATTACHMENT_PROPERTIES, 'microsoft.graph.attachment');
		json.attachments = item.attachments.map((attachment) => applySelect(attachmentJson(attachment, true), nested));
	}
	return json;
}

function readOrderBy(value: string | null): Array<{ property: string; descending: boolean }> {
	if (!value) return [];
	return value.split(',').map((part) => {
		const [property, direction = 'asc', ...rest] = part.trim().split(/\s+/);
		if (!MESSAGE_PROPERTIES.has(property)) throw new GraphError(400, 'BadRequest', `Could not find a property named '${property}' on type '${TYPE}'.`);
		if (rest.length > 0 || !/^(asc|desc)$/i.test(direction)) throw new GraphError(400, 'BadRequest', `Invalid $orderby clause '${part.trim()}'.`);
		return { property, descending: direction.toLowerCase() === 'desc' };
	});
}

function sortKey(value: unknown): number | string {
	if (typeof value === 'string') {
		const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
		return Number.isNaN(time) ? value.toLowerCase() : time;
	}
	if (typeof value === 'boolean') return value ? 1 : 0;
	return typeof value === 'number' ? value : '';
}

function searchTest(search: string): (item: StoredItem) => boolean {
	const query = search.trim().replace(/^"(.*)"$/s, '$1').replace(/\\"/g, '"');
	try {
		return compileQueryString(query);
	} catch (error) {
		if (error instanceof ItemError) throw new GraphError(400, 'BadRequest', `Syntax error in $search: ${error.message}`);
		throw error;
	}
}

function listMessages(context: GraphRequestContext, folder: Folder | undefined): GraphResult {
	const { query } = context;
	const select = readSelect(query.get('$select'), MESSAGE_PROPERTIES, TYPE);
	const expand = readExpand(query.get('$expand'), new Set(['attachments']), TYPE);
	const search = query.get('$search');
	const filter = query.get('$filter');
	const orderBy = readOrderBy(query.get('$orderby'));
	if (search !== null && orderBy.length > 0) throw new GraphError(400, 'BadRequest', 'The query parameter \'$orderby\' is not supported with \'$search\'.');
	if (filter && orderBy.length > 0 && firstFilterProperty(filter) !== orderBy[0].property) {
		throw new GraphError(400, 'InefficientFilter', 'The restriction or sort order is too complex for this operation.');
	}
	const source = folder ? folder.items : context.store.mailbox(mailboxOf(context)).allFolders().flatMap((each) => each.items);
	let entries = source.filter(isMailItem).map((item) => ({ item, json: { ...messageJson(item, context), singleValueExtendedProperties: extendedPropertiesJson(item) } as Json }));
	if (search !== null) {
		const test = searchTest(search);
		entries = entries.filter(({ item }) => test(item));
	}
	if (filter) {
		const test = compileFilter(filter, FILTER_PROPERTIES, TYPE);
		entries = entries.filter(({ json }) => test(json));
	}
	const keys = search !== null ? [{ property: 'sentDateTime', descending: true }] : orderBy.length > 0 ? orderBy : [{ property: 'receivedDateTime', descending: true }];
	entries.sort((a, b) => {
		for (const { property, descending } of keys) {
			const x = sortKey(a.json[property]);
			const y = sortKey(b.json[property]);
			if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
		}
		return 0;
	});
	const page = readPage(query, DEFAULT_PAGE, MAX_PAGE);
	const items = entries.map(({ item }) => item);
	const body = collectionPage(context, items as unknown as Json[], page);
	body.value = (body.value as unknown as StoredMailItem[]).map((item) => messageAnswer(context, item, select, expand));
	return { status: 200, body };
}

function getMessage(context: GraphRequestContext, id: string): GraphResult {
	const select = readSelect(context.query.get('$select'), MESSAGE_PROPERTIES, TYPE);
	const expand = readExpand(context.query.get('$expand'), new Set(['attachments']), TYPE);
	return { status: 200, body: messageAnswer(context, messageOf(context, id), select, expand) };
}

const FLAGS: Record<string, FlagStatus> = { notflagged: 'NotFlagged', flagged: 'Flagged', complete: 'Complete' };
const IMPORTANCES: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };

function invalidValue(property: string, value: unknown): GraphError {
	return new GraphError(400, 'BadRequest', `Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type of the property '${property}'.`);
}

function recipients(property: string, value: unknown): Address[] {
	if (!Array.isArray(value)) throw invalidValue(property, value);
	return value.map((entry) => {
		const address = (entry as Json | null)?.emailAddress as Json | undefined;
		if (typeof address?.address !== 'string') throw invalidValue(property, entry);
		return { address: address.address, ...(typeof address.name === 'string' && address.name ? { name: address.name } : {}) };
	});
}

/** A dateTimeTimeZone of a flag; messages' flags are kept in UTC. */
function flagTime(property: string, value: unknown): Date | undefined {
	if (value === undefined || value === null) return undefined;
	const zoned = value as Json;
	const text = typeof zoned.dateTime === 'string' ? zoned.dateTime : '';
	const time = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
	if (Number.isNaN(time)) throw invalidValue(property, value);
	return new Date(time);
}

/** A PATCH body as the store's changes; a property that cannot be written is refused. */
function messageChanges(body: Json): ItemChanges {
	const changes: ItemChanges = {};
	for (const [property, value] of Object.entries(body)) {
		switch (property) {
			case 'subject':
				if (typeof value !== 'string') throw invalidValue(property, value);
				changes.subject = value;
				break;
			case 'body': {
				const content = value as Json | null;
				if (typeof content?.content !== 'string') throw invalidValue(property, value);
				changes.body = { type: String(content.contentType).toLowerCase() === 'html' ? 'HTML' : 'Text', text: content.content } satisfies Body;
				break;
			}
			case 'categories':
				if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw invalidValue(property, value);
				changes.categories = value as string[];
				break;
			case 'importance': {
				const importance = typeof value === 'string' ? IMPORTANCES[value.toLowerCase()] : undefined;
				if (!importance) throw invalidValue(property, value);
				changes.importance = importance;
				break;
			}
			case 'isRead':
				if (typeof value !== 'boolean') throw invalidValue(property, value);
				changes.isRead = value;
				break;
			case 'flag': {
				const flag = value as Json | null;
				const status = typeof flag?.flagStatus === 'string' ? FLAGS[flag.flagStatus.toLowerCase()] : undefined;
				if (!status) throw invalidValue(property, value);
				changes.flag = {
					status,
					startDate: flagTime('startDateTime', flag?.startDateTime),
					dueDate: flagTime('dueDateTime', flag?.dueDateTime),
					completeDate: flagTime('completedDateTime', flag?.completedDateTime),
				} satisfies Flag;
				break;
			}
			case 'toRecipients':
			case 'ccRecipients':
			case 'bccRecipients':
			case 'replyTo':
				changes[property] = recipients(property, value);
				break;
			case 'from':
				changes.from = recipients(property, [value])[0];
				break;
			case 'singleValueExtendedProperties':
				changes.extendedProperties = readExtendedProperties(value);
				break;
			default:
				throw new GraphError(400, 'BadRequest', `The property '${property}' does not exist on type '${TYPE}' or cannot be updated.`);
		}
	}
	return changes;
}

/** The change key an If-Match header names (`W/"key"`, `"key"`); undefined for none or `*`. */
function ifMatch(context: GraphRequestContext): string | undefined {
	const header = context.headers['if-match']?.trim();
	if (!header || header === '*') return undefined;
	return header.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function updateMessage(context: GraphRequestContext, id: string): GraphResult {
	const item = messageOf(context, id);
	if (!context.body || typeof context.body !== 'object' || Array.isArray(context.body)) throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
	const changes = messageChanges(context.body as Json);
	const expected = ifMatch(context);
	if (expected !== undefined && expected !== item.changeKey) {
		throw new GraphError(412, 'ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
	}
	if (changes.extendedProperties) changes.extendedProperties = mergedProperties(item.extendedProperties, changes.extendedProperties);
	const updated = context.store.updateItem(item.id, changes);
	return { status: 200, body: messageJson(updated as StoredMailItem, context) };
}

function deleteMessage(context: GraphRequestContext, id: string, mode: DeleteMode): GraphResult {
	context.store.deleteItem(messageOf(context, id).id, mode);
	return { status: 204 };
}

function transfer(context: GraphRequestContext, id: string, operation: 'move' | 'copy'): GraphResult {
	const item = messageOf(context, id);
	const destination = (context.body as Json | undefined)?.destinationId;
	if (typeof destination !== 'string' || !destination) throw new GraphError(400, 'ErrorInvalidParameter', 'The value of the parameter \'DestinationId\' is empty.');
	const folder = folderOf(context, destination);
	const placed = operation === 'move' ? context.store.moveItem(item.id, folder) : context.store.copyItem(item.id, folder);
	return { status: 201, body: messageJson(placed as StoredMailItem, context) };
}

export const MESSAGE_ROUTES: GraphRoute[] = [
	{ method: 'GET', pattern: /^\/messages$/i, scope: 'mailbox', permissions: READ, handle: (context) => listMessages(context, undefined) },
	{ method: 'GET', pattern: /^\/mailFolders\/([^/]+)\/messages$/i, scope: 'mailbox', permissions: READ, handle: (context, [folder]) => listMessages(context, folderOf(context, folder)) },
	{ method: 'GET', pattern: /^\/(?:mailFolders\/[^/]+\/)?messages\/(?!delta$)([^/]+)$/i, scope: 'mailbox', permissions: READ, handle: (context, [id]) => getMessage(context, id) },
	{ method: 'PATCH', pattern: /^\/(?:mailFolders\/[^/]+\/)?messages\/(?!delta$)([^/]+)$/i, scope: 'mailbox', permissions: WRITE, handle: (context, [id]) => updateMessage(context, id) },
	{ method: 'DELETE', pattern: /^\/(?:mailFolders\/[^/]+\/)?messages\/(?!delta$)([^/]+)$/i, scope: 'mailbox', permissions: WRITE, handle: (context, [id]) => deleteMessage(context, id, 'SoftDelete') },
	{ method: 'POST', pattern: /^\/messages\/([^/]+)\/permanentDelete$/i, scope: 'mailbox', permissions: WRITE, handle: (context, [id]) => deleteMessage(context, id, 'HardDelete') },
	{ method: 'POST', pattern: /^\/messages\/([^/]+)\/move$/i, scope: 'mailbox', permissions: WRITE, handle: (context, [id]) => transfer(context, id, 'move') },
	{ method: 'POST', pattern: /^\/messages\/([^/]+)\/copy$/i, scope: 'mailbox', permissions: WRITE, handle: (context, [id]) => transfer(context, id, 'copy') },
	{
		method: 'GET',
		pattern: /^\/messages\/([^/]+)\/\$value$/i,
		scope: 'mailbox',
		permissions: READ,
		// The message's MIME form, as Graph gives it: text, not JSON.
		handle: (context, [id]) => ({ status: 200, body: Buffer.from(context.store.mimeOf(messageOf(context, id)), 'utf8'), headers: { 'Content-Type': 'text/plain' } }),
	},
];
