import { syncPage, type NetChange } from '../mailbox/itemSync';
import { occurrencesBetween } from '../mailbox/recurrence';
import type { Folder, SandboxStore, StoredCalendarItem, StoredItem } from '../store';
import { graphId } from './ids';
import { folderOf } from './mailFolders';
import { MESSAGE_PROPERTIES } from './messages';
import { applySelect, readSelect } from './odataQuery';
import { answerZone } from './representations/dateTimeTimeZone';
import { eventJson } from './representations/event';
import { messageJson } from './representations/message';
import { GraphError, type GraphRequestContext, type GraphResult, type GraphRoute } from './types';

/**
 * Delta queries (learn.microsoft.com/graph/delta-query-overview): `mailFolders/{id}/messages/delta` and
 * `calendarView/delta`, over the same per-folder change logs SyncFolderItems reads. A round starts without a
 * token (everything there now) or from a `$deltatoken` (what changed since that round), is paged through
 * `$skiptoken` links (`Prefer: odata.maxpagesize`) and ends with an `@odata.deltaLink`. The tokens are opaque:
 * the query they track (folder, `$select`, `changeType`, the calendar window), the stretch of the change log
 * the round covers and how far it got, sealed by the store's sync state key, so that a made-up or altered
 * token, or one made stale (`syncStates.invalidateAll`, as a mailbox move does), is refused with 410 Gone as
 * Graph refuses a token it no longer knows.
 */

/** Graph's page when the client states no `odata.maxpagesize` (a guess: Graph documents none for delta). */
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;
const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
type ChangeType = (typeof CHANGE_TYPES)[number];

/** What a token names: the query, the log stretch (after, until] of the round, and the net changes given so far. */
interface Round {
	kind: 'messages' | 'events';
	folderId: string;
	select?: string[];
	changeType?: ChangeType;
	/** The calendar view's window (ISO instants). */
	start?: string;
	end?: string;
	after: number;
	until: number;
	offset: number;
}

function encodeToken(store: SandboxStore, round: Round): string {
	const scope = JSON.stringify(round);
	const sealed = store.syncStates.encode({ folderId: scope, sequence: 0 });
	return Buffer.from(JSON.stringify({ r: round, s: sealed }), 'utf8').toString('base64url');
}

function decodeToken(store: SandboxStore, token: string): Round | undefined {
	try {
		const { r, s } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { r: Round; s: string };
		return typeof s === 'string' && store.syncStates.decode(s, JSON.stringify(r)) ? r : undefined;
	} catch {
		return undefined;
	}
}

/** A query option by name, ignoring the case of the name as Graph does ($deltaToken, $deltatoken). */
function option(query: URLSearchParams, name: string): string | undefined {
	for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
	return undefined;
}

function pageSize(headers: GraphRequestContext['headers']): number {
	const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(headers.prefer ?? '');
	return match ? Math.min(MAX_PAGE_SIZE, Math.max(1, Number(match[1]))) : DEFAULT_PAGE_SIZE;
}

/** A token that does not name a round this store can go on with: Graph's answer to an expired or unknown one. */
function tokenGone(restart: string): GraphError {
	return new GraphError(410, 'syncStateNotFound', 'The sync state for this delta token cannot be found: it expired or is not valid. Synchronize again from the start.', {
		Location: restart,
	});
}

/** The round a request goes on with: from its token, or a new one over everything up to now. */
function roundOf(context: GraphRequestContext, restart: string, fresh: () => Round): Round {
	const skip = option(context.query, '$skiptoken');
	const delta = option(context.query, '$deltatoken');
	if (skip === undefined && delta === undefined) return fresh();
	const round = decodeToken(context.store, (skip ?? delta) as string);
	if (!round) throw tokenGone(restart);
	const folder = context.store.findFolderById(round.folderId);
	// A token of another mailbox's folder, or of a folder deleted since, is not one this request can use.
	if (!folder || folder.mailbox !== context.mailbox?.smtpAddress) throw tokenGone(restart);
	if (skip !== undefined) return round;
	// A delta token starts the next round after where the last one ended, up to now.
	return { ...round, after: round.until, until: folder.changes.latest, offset: 0 };
}

function wanted(change: NetChange, changeType: ChangeType | undefined): boolean {
	if (!changeType) return true;
	if (change.type === 'create') return changeType === 'created';
	if (change.type === 'delete') return changeType === 'deleted';
	return changeType === 'updated';
}

/**
 * One page of a round: the net changes of the log stretch, sliced by how many were given already. The slice
 * is taken over what the log says (ids and kinds of change), never over what the store holds now, so an item
 * that leaves the folder in the middle of a round shifts nothing: it is left out of its page and reported
 * removed in the next round.
 */
function page(folder: Folder, round: Round, size: number): { changes: NetChange[]; more: boolean } {
	const all = syncPage(folder.changes, round.after, Number.POSITIVE_INFINITY, new Set(), round.until).changes.filter((change) => wanted(change, round.changeType));
	return { changes: all.slice(round.offset, round.offset + size), more: round.offset + size < all.length };
}

function removed(type: string, storeId: string): Record<string, unknown> {
	return { '@odata.type': `#microsoft.graph.${type}`, id: graphId(storeId), '@removed': { reason: 'deleted' } };
}

/** The answer of one page: its entries and the link that goes on (next page) or comes back later (next round). */
function answer(context: GraphRequestContext, link: string, round: Round, entries: unknown[], more: boolean, size: number, entity: string): GraphResult {
	const body: Record<string, unknown> = { '@odata.context': `${context.baseUrl}/$metadata#Collection(${entity})` };
	if (more) body['@odata.nextLink'] = `${link}?$skiptoken=${encodeToken(context.store, { ...round, offset: round.offset + size })}`;
	else body['@odata.deltaLink'] = `${link}?$deltatoken=${encodeToken(context.store, { ...round, offset: 0 })}`;
	body.value = entries;
	return { status: 200, body, headers: { 'Preference-Applied': `odata.maxpagesize=${size}` } };
}

function mailboxPrefix(context: GraphRequestContext): string {
	return `${context.baseUrl}/users/${encodeURIComponent(context.mailbox?.smtpAddress ?? '')}`;
}

function messagesDelta(context: GraphRequestContext, groups: string[]): GraphResult {
	const folder = folderOf(context, groups[0]);
	const link = `${mailboxPrefix(context)}/mailFolders/${encodeURIComponent(groups[0])}/messages/delta`;
	const round = roundOf(context, link, () => {
		const changeType = option(context.query, 'changeType');
		if (changeType !== undefined && !CHANGE_TYPES.includes(changeType as ChangeType)) {
			throw new GraphError(400, 'ErrorInvalidParameter', `The value '${changeType}' of the parameter 'changeType' is not valid: use created, updated or deleted.`);
		}
		const select = readSelect(option(context.query, '$select') ?? null, MESSAGE_PROPERTIES, 'microsoft.graph.message');
		return { kind: 'messages', folderId: folder.id, select, changeType: changeType as ChangeType | undefined, after: 0, until: folder.changes.latest, offset: 0 };
	});
	if (round.kind !== 'messages' || round.folderId !== folder.id) throw tokenGone(link);
	const size = pageSize(context.headers);
	const { changes, more } = page(folder, round, size);
	const entries = changes.flatMap((change) => {
		if (change.type === 'delete') return [removed('message', change.id)];
		const item = context.store.findItem(change.id);
		if (!item || item.folderId !== folder.id || item.kind === 'calendarItem') return [];
		return [applySelect(messageJson(item, context), round.select)];
	});
	return answer(context, link, round, entries, more, size, 'message');
}

/** An ISO 8601 date and time of the window; without an offset it is UTC, as Graph reads it without a time zone header. */
function windowInstant(text: string | undefined, name: string): Date {
	const value = text && !/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? `${text}Z` : text;
	const at = value && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
	if (!at || Number.isNaN(at.getTime())) {
		throw new GraphError(400, 'ErrorInvalidParameter', `This request requires a time window specified by the query string parameters StartDateTime and EndDateTime (${name} is missing or not a date and time).`);
	}
	return at;
}

function overlaps(item: StoredCalendarItem, from: Date, to: Date): boolean {
	const start = item.start?.instant.getTime();
	if (start === undefined) return false;
	const end = item.end?.instant.getTime() ?? start;
	return start < to.getTime() && (end > from.getTime() || (end === start && start >= from.getTime()));
}

/**
 * The calendar view's events for one changed calendar item: a series as its occurrences in the window, a
 * single event when it overlaps the window; what left the window, or the calendar, is reported removed (as
 * Graph reports changes outside the window).
 */
function viewEntries(context: GraphRequestContext, folder: Folder, change: NetChange, from: Date, to: Date, initial: boolean): unknown[] {
	const item: StoredItem | undefined = change.type === 'delete' ? undefined : context.store.findItem(change.id);
	if (!item || item.folderId !== folder.id || item.kind !== 'calendarItem') return initial ? [] : [removed('event', change.id)];
	const shown = item.recurrence ? occurrencesBetween(item, from, to) : overlaps(item, from, to) ? [item] : [];
	if (shown.length === 0) return initial ? [] : [removed('event', change.id)];
	// Graph answers a calendar view's delta in UTC unless `Prefer: outlook.timezone` names a zone.
	const { zone } = answerZone(context.headers);
	return shown.map((event) => eventJson(event, { zone }));
}

function calendarViewDelta(context: GraphRequestContext): GraphResult {
	const address = context.mailbox?.smtpAddress ?? '';
	const folder = context.store.distinguishedFolder(address, 'calendar');
	const link = `${mailboxPrefix(context)}/calendarView/delta`;
	const round = roundOf(context, link, () => {
		const from = windowInstant(option(context.query, 'startDateTime'), 'startDateTime');
		const to = windowInstant(option(context.query, 'endDateTime'), 'endDateTime');
		if (to <= from) throw new GraphError(400, 'ErrorInvalidParameter', 'The EndDateTime of the time window must be later than its StartDateTime.');
		return { kind: 'events', folderId: folder.id, start: from.toISOString(), end: to.toISOString(), after: 0, until: folder.changes.latest, offset: 0 };
	});
	if (round.kind !== 'events' || round.folderId !== folder.id) throw tokenGone(link);
	const size = pageSize(context.headers);
	const { changes, more } = page(folder, round, size);
	const from = new Date(round.start ?? 0);
	const to = new Date(round.end ?? 0);
	const entries = changes.flatMap((change) => viewEntries(context, folder, change, from, to, round.after === 0));
	return answer(context, link, round, entries, more, size, 'event');
}

const DELTA = '(?:delta|microsoft\\.graph\\.delta(?:\\(\\))?)';

export const DELTA_ROUTES: GraphRoute[] = [
	{
		method: 'GET',
		pattern: new RegExp(`^/mailFolders/([^/]+)/messages/${DELTA}$`, 'i'),
		scope: 'mailbox',
		permissions: ['Mail.ReadBasic', 'Mail.ReadBasic.All', 'Mail.Read', 'Mail.ReadWrite'],
		handle: messagesDelta,
	},
	{
		method: 'GET',
		pattern: new RegExp(`^(?:/calendar)?/calendarView/${DELTA}$`, 'i'),
		scope: 'mailbox',
		permissions: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
		handle: calendarViewDelta,
	},
];
