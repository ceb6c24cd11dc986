import { NodeOperationError, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { graphFolderPath, resolveGraphFolder } from '../actions/graphFolders';
import { graphPages } from '../actions/graphPaging';
import { graphMessageExecutionItem, graphMessagePath, graphMessageQuery, graphRecipient } from '../actions/output/graphMessages';
import type { ReadItem } from '../ews/itemFields';
import { EwsError } from '../transport/errors';
import { GRAPH_BATCH_LIMIT, type GraphClient } from '../transport/graph/graphClient';
import type { GraphAnswer, GraphJson, GraphRequest } from '../transport/graph/types';
import { calendarChanges, calendarOutput, forgetCalendarItem } from './calendar';
import { passesFilters } from './filters';
import { graphCalendarItem, UTC_EVENTS } from './graphCalendar';
import { emitCandidates, type Candidate } from './emission';
import { DELTA_PAGE_SIZE, deltaRound, isDeltaTokenGone, type DeltaRound } from './graphDelta';
import { readSettings, type TriggerSettings } from './settings';
import { emptyState, graphStateKey, loadState, RecentSet, savedRecent, savedStateApi, saveState, type FolderState, type TriggerState } from './state';

/**
 * One poll over Microsoft Graph, as poll.ts does it over EWS: a delta round per watched folder (or the
 * calendar view) from the saved deltaLink, the new items read in JSON batches, the filters and the output;
 * the new deltaLinks, the items not yet emitted and what was emitted are saved only as the poll returns its
 * items. Messages are tracked with `changeType=created` (what arrived, moved in included); calendar events
 * through the primary calendar's view, whose delta reports new and changed events alike.
 */

/** How often the folders below a watched folder are listed again (as over EWS). */
const SUBFOLDER_REFRESH_MS = 10 * 60 * 1000;
/** The calendar view watched: from a month back to two years ahead of when its round started... */
const WINDOW_BACK_MS = 30 * 24 * 3600 * 1000;
const WINDOW_AHEAD_MS = 2 * 365 * 24 * 3600 * 1000;
/** ...moved on (a new round over the new window, as after a resync) once it is this old. */
const WINDOW_RENEW_MS = 30 * 24 * 3600 * 1000;
/** What a message's delta entry carries: enough to skip what was emitted and to resynchronise. */
const DELTA_MESSAGE_SELECT = 'id,internetMessageId,receivedDateTime';
const CALENDAR_KEY = 'calendar';

function isCalendar(settings: TriggerSettings): boolean {
	return settings.event === 'calendarItemCreated' || settings.event === 'calendarItemUpdated';
}

/** A watched folder: the key its state is saved under, and its segment in `/mailFolders/{folder}`. */
interface Watched {
	key: string;
	folder: string;
}

/** The folder the event watches: the Folder parameter, the Inbox for meeting requests, the calendar view. */
async function mainFolder(context: IPollFunctions, client: GraphClient, settings: TriggerSettings): Promise<Watched> {
	if (isCalendar(settings)) return { key: CALENDAR_KEY, folder: CALENDAR_KEY };
	if (settings.event === 'meetingRequestReceived') return { key: 'distinguished:inbox', folder: 'inbox' };
	const folder = await resolveGraphFolder(context, 0, client, settings.mailbox);
	return { key: folder.wellKnown ? `distinguished:${folder.id}` : folder.id, folder: folder.id };
}

/** Every folder below `folder`, level by level through `childFolders`. */
async function foldersBelow(client: GraphClient, mailbox: string | undefined, folder: string): Promise<string[]> {
	const found: string[] = [];
	const queue = [folder];
	for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
		let request: GraphRequest | undefined = { method: 'GET', path: `${graphFolderPath(parent)}/childFolders`, query: { $select: 'id', $top: 100 } };
		while (request) {
			const answer: GraphAnswer = await client.request(request, mailbox, { kind: 'read' });
			const children = Array.isArray(answer.body?.value) ? (answer.body.value as GraphJson[]) : [];
			for (const child of children) {
				if (typeof child.id !== 'string' || found.includes(child.id)) continue;
				found.push(child.id);
				queue.push(child.id);
			}
			const next = answer.body?.['@odata.nextLink'];
			request = typeof next === 'string' && children.length > 0 ? { method: 'GET', path: '', url: next } : undefined;
		}
	}
	return found;
}

async function watchedFolders(client: GraphClient, settings: TriggerSettings, main: Watched, state: TriggerState | undefined): Promise<{ watched: Watched[]; listed: boolean }> {
	const watched = [main];
	if (!settings.includeSubfolders) return { watched, listed: false };
	if (state?.foldersCheckedAt !== undefined && Date.now() - state.foldersCheckedAt < SUBFOLDER_REFRESH_MS) {
		const known = Object.keys(state.folders).filter((key) => key !== main.key);
		return { watched: [...watched, ...known.map((id) => ({ key: id, folder: id }))], listed: false };
	}
	const below = await foldersBelow(client, settings.mailbox, main.folder);
	return { watched: [...watched, ...below.map((id) => ({ key: id, folder: id }))], listed: true };
}

function preferHeaders(calendar: boolean): Record<string, string> {
	return { Prefer: calendar ? `odata.maxpagesize=${DELTA_PAGE_SIZE}, ${UTC_EVENTS.Prefer}` : `odata.maxpagesize=${DELTA_PAGE_SIZE}` };
}

/** The first request of a new round, and the calendar window it opens. */
function freshRound(watched: Watched): { request: GraphRequest; windowStart?: string } {
	if (watched.key !== CALENDAR_KEY) {
		return { request: { method: 'GET', path: `${graphFolderPath(watched.folder)}/messages/delta`, query: { changeType: 'created', $select: DELTA_MESSAGE_SELECT } } };
	}
	const start = new Date(Date.now() - WINDOW_BACK_MS);
	const end = new Date(start.getTime() + WINDOW_AHEAD_MS);
	return {
		request: { method: 'GET', path: '/calendarView/delta', query: { startDateTime: start.toISOString(), endDateTime: end.toISOString() } },
		windowStart: start.toISOString(),
	};
}

function onGraphHost(client: GraphClient, link: string): boolean {
	try {
		return new URL(link).origin === client.config.baseUrl.origin;
	} catch {
		return false;
	}
}

function isNotFound(error: unknown): boolean {
	return error instanceof EwsError && (error.httpStatus === 404 || error.code === 'ErrorItemNotFound');
}

/** The Graph type of message an entry or a read message is, by the event's kinds: Message, MeetingRequest, or neither. */
function messageKind(message: GraphJson): 'Message' | 'MeetingRequest' | undefined {
	const type = typeof message['@odata.type'] === 'string' ? message['@odata.type'] : '#microsoft.graph.message';
	if (type === '#microsoft.graph.message') return 'Message';
	if (type === '#microsoft.graph.eventMessageRequest' || message.meetingMessageType === 'meetingRequest') return 'MeetingRequest';
	return undefined;
}

/** Whether a delta entry can be of the kind the event emits (the entry may not say: it is checked again once read). */
function mayBeEmitted(settings: TriggerSettings, entry: GraphJson): boolean {
	if (typeof entry['@odata.type'] !== 'string') return true;
	const isPlain = entry['@odata.type'] === '#microsoft.graph.message';
	return settings.event === 'messageReceived' ? isPlain : !isPlain;
}

interface Synced {
	candidates: Candidate[];
	deleted: Set<string>;
	folders: Record<string, FolderState>;
}

/**
 * Runs the delta round of every watched folder. Messages that arrived are candidates to emit; calendar
 * events new since the trigger started are candidates for Calendar Item Created, and every event reported is
 * compared for Calendar Item Updated (an occurrence of a series stands for its series, as over EWS). The first
 * poll, and the first after the credential's API changed, start from now.
 */
async function syncWatched(client: GraphClient, settings: TriggerSettings, watched: Watched[], state: TriggerState, firstPoll: boolean): Promise<Synced> {
	const synced: Synced = { candidates: [], deleted: new Set(), folders: {} };
	for (const [index, current] of watched.entries()) {
		const saved = state.folders[current.key];
		const calendar = current.key === CALENDAR_KEY;
		const headers = preferHeaders(calendar);
		const renew = calendar && saved?.windowStart !== undefined && Date.now() - Date.parse(saved.windowStart) > WINDOW_RENEW_MS;
		const fresh = freshRound(current);
		let round: DeltaRound | undefined;
		let since: string | undefined;
		let windowStart = saved?.windowStart;
		// A deltaLink of another Graph host (the credential's Graph URL changed) is not followed.
		if (saved && !renew && onGraphHost(client, saved.syncState)) {
			try {
				round = await deltaRound(client, settings.mailbox, { method: 'GET', path: '', url: saved.syncState }, headers);
			} catch (error) {
				// A subfolder deleted since it was listed is no longer watched.
				if (index > 0 && isNotFound(error)) continue;
				if (!isDeltaTokenGone(error)) throw error;
			}
		}
		if (!round) {
			// A new round from nothing. When Graph no longer knows the saved deltaLink, only what came after the newest item seen is new.
			round = await deltaRound(client, settings.mailbox, fresh.request, headers);
			windowStart = fresh.windowStart;
			if (saved) since = saved.watermark ?? '';
		}
		// The first poll starts from now unless asked to emit what is there; a folder found later is new to the trigger.
		const startsNow = !saved && firstPoll && !settings.emitExisting;
		const emitAll = !saved && firstPoll && settings.emitExisting;
		if (calendar) {
			state.startedAt ??= startOf(round);
			addCalendarCandidates(settings, state, round, startsNow, emitAll, synced);
			synced.folders[current.key] = { syncState: round.deltaLink, windowStart };
		} else {
			let watermark = saved?.watermark;
			for (const entry of round.entries) {
				const at = typeof entry.receivedDateTime === 'string' ? entry.receivedDateTime : undefined;
				if (at && (!watermark || timeOf(at) > timeOf(watermark))) watermark = at;
				if (startsNow || !mayBeEmitted(settings, entry)) continue;
				if (since !== undefined && timeOf(at) < timeOf(since)) continue;
				synced.candidates.push({ id: String(entry.id), folder: current.key, internetMessageId: typeof entry.internetMessageId === 'string' ? entry.internetMessageId : undefined });
			}
			synced.folders[current.key] = { syncState: round.deltaLink, watermark };
		}
		for (const id of round.removed) synced.deleted.add(id);
	}
	return synced;
}

/** A Graph time as milliseconds (0 when absent): Graph's fractions of a second vary in length, so texts do not compare. */
function timeOf(value: unknown): number {
	const time = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(time) ? 0 : time;
}

/**
 * When the calendar's first round was taken, by Graph's clock (the answer's Date, or the newest event it
 * reported when that is later): events created after it are new, whatever the clock n8n runs on says.
 */
function startOf(round: DeltaRound): string {
	const newest = Math.max(timeOf(round.serverTime), ...round.entries.map((entry) => timeOf(entry.createdDateTime)));
	return new Date(newest || Date.now()).toISOString();
}

function addCalendarCandidates(settings: TriggerSettings, state: TriggerState, round: DeltaRound, startsNow: boolean, emitAll: boolean, synced: Synced): void {
	const seen = new Set<string>();
	for (const entry of round.entries) {
		const id = typeof entry.seriesMasterId === 'string' && entry.seriesMasterId ? entry.seriesMasterId : String(entry.id);
		if (seen.has(id)) continue;
		seen.add(id);
		if (settings.event === 'calendarItemUpdated') {
			synced.candidates.push({ id, folder: CALENDAR_KEY, purpose: 'compare' });
			continue;
		}
		if (startsNow) continue;
		// The view reports new and changed events alike: new is what was created after the trigger started.
		if (emitAll || timeOf(entry.createdDateTime) > timeOf(state.startedAt)) synced.candidates.push({ id, folder: CALENDAR_KEY });
	}
}

/** The fields the filters look at, from a message read over Graph. */
function filteredFields(message: GraphJson): ReadItem {
	return {
		kind: 'Message',
		fields: {
			isRead: message.isRead,
			from: graphRecipient(message.from) ?? undefined,
			subject: message.subject,
			hasAttachments: message.hasAttachments,
			categories: message.categories,
		},
	};
}

function readRequest(settings: TriggerSettings, id: string): GraphRequest {
	if (isCalendar(settings)) return { method: 'GET', path: `/events/${encodeURIComponent(id)}`, headers: UTC_EVENTS };
	return { method: 'GET', path: graphMessagePath(id), ...graphMessageQuery(settings.read) };
}

/** The output of one item read in full, or undefined when it is not to be emitted. */
async function outputOf(context: IPollFunctions, client: GraphClient, settings: TriggerSettings, state: TriggerState, read: GraphJson, candidate: Candidate): Promise<INodeExecutionData | undefined> {
	if (isCalendar(settings)) {
		const item = graphCalendarItem(read);
		if (candidate.purpose !== 'compare') return { json: calendarOutput(item, settings.read.simplify) };
		const changed = calendarChanges(state, item);
		return changed.length > 0 ? { json: { ...calendarOutput(item, settings.read.simplify), changed } } : undefined;
	}
	const wantedKind = settings.event === 'messageReceived' ? 'Message' : 'MeetingRequest';
	if (messageKind(read) !== wantedKind || !passesFilters(settings.filters, filteredFields(read))) return undefined;
	const send = async (request: GraphRequest, mailbox?: string) => await client.request(request, mailbox, { kind: 'read' });
	return await graphMessageExecutionItem(context, read, settings.read, { send }, settings.mailbox);
}

/** The key an emitted item is remembered by: its InternetMessageId (the same after a move, and over either API), else its id. */
function recentKey(read: GraphJson | undefined, candidate: Candidate): string {
	const internetMessageId = (typeof read?.internetMessageId === 'string' ? read.internetMessageId : undefined) ?? candidate.internetMessageId;
	return internetMessageId ? `m:${internetMessageId}` : `i:${candidate.id}`;
}

/** Marks the emitted messages read; a failure leaves them unread and is logged, since they were emitted. */
async function markRead(context: IPollFunctions, client: GraphClient, mailbox: string | undefined, ids: string[]): Promise<void> {
	for (let start = 0; start < ids.length; start += GRAPH_BATCH_LIMIT) {
		const parts = ids.slice(start, start + GRAPH_BATCH_LIMIT).map((id) => ({ request: { method: 'PATCH' as const, path: graphMessagePath(id), body: { isRead: true } }, mailbox }));
		try {
			const failed = (await client.batch(parts)).filter((outcome) => outcome instanceof EwsError).length;
			if (failed > 0) context.logger.warn(`Exchange trigger: could not mark ${failed} emitted messages as read`);
		} catch (error) {
			context.logger.warn(`Exchange trigger: could not mark ${parts.length} emitted messages as read: ${(error as Error).message}`);
		}
	}
}

export async function pollGraphTrigger(context: IPollFunctions, client: GraphClient): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const main = await mainFolder(context, client, settings);
	if (context.getMode() === 'manual') return await testEvent(context, client, settings, main);

	const staticData = context.getWorkflowStaticData('node');
	const key = graphStateKey([settings.event, settings.mailbox ?? '', main.key, settings.includeSubfolders]);
	const saved = loadState(staticData, key);
	// A sync state EWS made cannot go on over Graph: start from now, with nothing already there emitted, but
	// remembering what EWS emitted so that a message moved out and back in is not emitted again.
	const apiChanged = saved === undefined && savedStateApi(staticData) === 'ews';
	const state: TriggerState = saved ?? emptyState(key);
	if (apiChanged) state.recent = savedRecent(staticData);
	const effective = apiChanged ? { ...settings, emitExisting: false } : settings;
	const { watched, listed } = await watchedFolders(client, settings, main, saved);
	const synced = await syncWatched(client, effective, watched, state, saved === undefined);
	const recent = new RecentSet(state);

	// What waits from an earlier poll, then what arrived; gone ones and ones emitted before are left out.
	const seen = new Set<string>();
	const candidates = [...state.pending, ...synced.candidates].filter((candidate: Candidate) => {
		if (synced.deleted.has(candidate.id) || seen.has(candidate.id)) return false;
		seen.add(candidate.id);
		return candidate.purpose !== undefined || !recent.has(recentKey(undefined, candidate));
	});
	for (const id of synced.deleted) forgetCalendarItem(state, id);

	const { emitted, emittedIds, pending } = await emitCandidates<GraphJson>(context, candidates, recent, {
		batchSize: GRAPH_BATCH_LIMIT,
		read: async (batch) =>
			(await client.batch(batch.map(({ id }) => ({ request: readRequest(settings, id), mailbox: settings.mailbox })), { kind: 'read' })).map((outcome) => {
				// Moved or deleted since the round: a move into a watched folder arrives there as a new message.
				if (outcome instanceof EwsError) return isNotFound(outcome) ? 'gone' : 'later';
				return { item: outcome.body ?? {} };
			}),
		key: recentKey,
		output: async (read, candidate) => await outputOf(context, client, settings, state, read, candidate),
	});
	if (settings.markAsRead && emittedIds.length > 0) await markRead(context, client, settings.mailbox, emittedIds);

	state.folders = synced.folders;
	state.pending = pending;
	if (listed) state.foldersCheckedAt = Date.now();
	saveState(staticData, state);
	return emitted.length > 0 ? [emitted] : null;
}

/** How many calendar events Fetch Test Event looks through for the newest changed one. */
const TEST_EVENT_SCAN = 1000;

/** The items Fetch Test Event considers, newest first: the folder's latest messages, or the calendar's latest changed events. */
async function testCandidates(client: GraphClient, settings: TriggerSettings, main: Watched): Promise<GraphJson[]> {
	const send = async (request: GraphRequest, mailbox?: string) => await client.request(request, mailbox, { kind: 'read' });
	if (isCalendar(settings)) {
		// Graph's calendar view takes no $orderby: the window's events are read and the newest changed taken.
		const { request } = freshRound({ key: CALENDAR_KEY, folder: CALENDAR_KEY });
		const events: GraphJson[] = [];
		for await (const event of graphPages({ client, itemIndex: 0, send }, { ...request, path: '/calendarView', headers: UTC_EVENTS }, settings.mailbox, TEST_EVENT_SCAN)) events.push(event);
		return events.sort((a, b) => timeOf(b.lastModifiedDateTime) - timeOf(a.lastModifiedDateTime)).slice(0, 25);
	}
	const query = graphMessageQuery(settings.read);
	const request: GraphRequest = { method: 'GET', path: `${graphFolderPath(main.folder)}/messages`, query: { ...query.query, $orderby: 'receivedDateTime desc', $top: 25 }, headers: query.headers };
	const answer = await send(request, settings.mailbox);
	return Array.isArray(answer.body?.value) ? (answer.body.value as GraphJson[]) : [];
}

/** Fetch Test Event: the newest matching item, read without touching the saved state. */
async function testEvent(context: IPollFunctions, client: GraphClient, settings: TriggerSettings, main: Watched): Promise<INodeExecutionData[][]> {
	for (const read of await testCandidates(client, settings, main)) {
		const output = await outputOf(context, client, settings, emptyState(''), read, { id: String(read.id), folder: main.key });
		if (output) return [[output]];
	}
	throw new NodeOperationError(context.getNode(), 'Nothing to show yet: the folder has no item that matches the event and the filters', {
		description: 'Deliver a matching item to the folder, then fetch the test event again.',
	});
}
