import { NodeOperationError, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { distinguishedFolder, folderIdOf, folderTree, resolveFolder } from '../actions/folders';
import { messageExecutionItem, messageShape } from '../actions/output/messageItems';
import { buildFindItem, readFindItem } from '../ews/findItem';
import type { FolderRef } from '../ews/folderIds';
import { buildGetItem, readGetItem } from '../ews/getItem';
import { setItemField, type ReadItem } from '../ews/itemFields';
import type { ItemShape } from '../ews/itemShape';
import { itemChangeElement, updateItemBatch } from '../ews/updateItem';
import { credentialApi, getEwsClient, getGraphClient, type EwsClient } from '../transport';
import { EwsError } from '../transport/errors';
import { toNodeError } from '../transport/nodeErrors';
import { calendarChanges, calendarOutput, calendarShape, forgetCalendarItem, rememberCalendarItem } from './calendar';
import type { TriggerEvent } from './description';
import { FILTERED_FIELDS, passesFilters } from './filters';
import { emitCandidates, type Candidate } from './emission';
import { pollGraphTrigger } from './graphPoll';
import { readSettings, type TriggerSettings } from './settings';
import { emptyState, loadState, RecentSet, savedStateApi, saveState, type FolderState, type TriggerState } from './state';
import { itemIdOf, receivedAt, syncFolder } from './sync';

/**
 * One poll: SyncFolderItems on each watched folder from the saved sync state, GetItem for what arrived, the
 * filters, and the output; the new sync states, the items not yet emitted and what was emitted are saved
 * only as the poll returns its items, so that n8n stores them together with the execution it starts.
 */

/** Ids per GetItem request: what a request may carry without growing large. */
const GET_ITEM_BATCH = 100;
/** How often the folders below a watched folder are listed again. */
const SUBFOLDER_REFRESH_MS = 10 * 60 * 1000;

/** The element kind each event emits. */
const EMITTED_KIND: Record<TriggerEvent, string> = {
	messageReceived: 'Message',
	meetingRequestReceived: 'MeetingRequest',
	calendarItemCreated: 'CalendarItem',
	calendarItemUpdated: 'CalendarItem',
};

/** A watched folder: the key its state is saved under, and how requests name it. */
interface Watched {
	key: string;
	ref: FolderRef;
}

function keyOf(ref: FolderRef): string {
	return 'id' in ref ? ref.id : `distinguished:${ref.distinguished}`;
}

async function mainFolder(context: IPollFunctions, client: EwsClient, settings: TriggerSettings): Promise<FolderRef> {
	if (settings.event === 'messageReceived') return (await resolveFolder(context, 0, client, settings.mailbox)).ref;
	return distinguishedFolder(client, settings.mailbox, settings.event === 'meetingRequestReceived' ? 'inbox' : 'calendar');
}

/**
 * The main folder and, when asked, the folders below it: listed again every few minutes (`listed`), else
 * taken from the state.
 */
async function watchedFolders(
	client: EwsClient,
	settings: TriggerSettings,
	main: FolderRef,
	state: TriggerState | undefined,
): Promise<{ watched: Watched[]; listed: boolean }> {
	const watched: Watched[] = [{ key: keyOf(main), ref: main }];
	if (!settings.includeSubfolders) return { watched, listed: false };
	if (state?.foldersCheckedAt !== undefined && Date.now() - state.foldersCheckedAt < SUBFOLDER_REFRESH_MS) {
		const known = Object.keys(state.folders).filter((key) => key !== watched[0].key);
		return { watched: [...watched, ...known.map((id) => ({ key: id, ref: { id } }))], listed: false };
	}
	const rootId = await folderIdOf(client, settings.mailbox, main);
	const tree = await folderTree(client, settings.mailbox);
	const below = new Set([rootId]);
	// Parents come before their children in a Deep FindFolder; repeat until no folder is added, whatever the order.
	for (let grown = true; grown; ) {
		grown = false;
		for (const folder of tree.folders()) {
			if (!below.has(folder.id) && folder.parentFolderId && below.has(folder.parentFolderId)) {
				below.add(folder.id);
				grown = true;
			}
		}
	}
	below.delete(rootId);
	return { watched: [...watched, ...[...below].map((id) => ({ key: id, ref: { id } }))], listed: true };
}

/** What SyncFolderItems reads of each change: enough to skip what was emitted and to resynchronise. */
const SYNC_SHAPE: ItemShape = { base: 'IdOnly', additional: { kind: 'Message', keys: ['receivedAt', 'internetMessageId'] } };

function detailShape(settings: TriggerSettings): ItemShape {
	if (settings.event === 'calendarItemCreated' || settings.event === 'calendarItemUpdated') return calendarShape(settings.read.simplify);
	const shape = messageShape(settings.read);
	if (shape.additional) shape.additional = { kind: 'Message', keys: [...new Set([...shape.additional.keys, ...FILTERED_FIELDS])] };
	return shape;
}

function isInvalidSyncState(error: unknown): boolean {
	return error instanceof EwsError && error.code === 'ErrorInvalidSyncStateData';
}

/**
 * Syncs every watched folder. Items that arrived are candidates to emit (to remember, for Calendar Item
 * Updated), items changed are compared (Calendar Item Updated only); the first poll starts from now.
 */
async function syncWatched(
	client: EwsClient,
	settings: TriggerSettings,
	watched: Watched[],
	state: TriggerState,
	firstPoll: boolean,
	signal?: AbortSignal,
): Promise<{ candidates: Candidate[]; deleted: Set<string>; folders: Record<string, FolderState> }> {
	const kind = EMITTED_KIND[settings.event];
	const candidates: Candidate[] = [];
	const deleted = new Set<string>();
	const folders: Record<string, FolderState> = {};
	for (const [index, { key, ref }] of watched.entries()) {
		const saved = state.folders[key];
		let changes;
		let since: string | undefined;
		if (saved) {
			try {
				changes = await syncFolder(client, settings.mailbox, ref, saved.syncState, SYNC_SHAPE, signal);
			} catch (error) {
				// A subfolder deleted since it was listed is no longer watched.
				if (index > 0 && error instanceof EwsError && error.code === 'ErrorFolderNotFound') continue;
				if (!isInvalidSyncState(error)) throw error;
				// Exchange no longer knows the state: sync again from nothing; only what came after the newest item seen is new.
				changes = await syncFolder(client, settings.mailbox, ref, undefined, SYNC_SHAPE, signal);
				since = saved.watermark ?? '';
			}
		} else {
			changes = await syncFolder(client, settings.mailbox, ref, undefined, SYNC_SHAPE, signal);
		}
		let watermark = saved?.watermark;
		for (const item of changes.created) {
			const at = receivedAt(item);
			if (at && (!watermark || at > watermark)) watermark = at;
		}
		// The first poll starts from now unless asked to emit what is there; a folder found later is new to the trigger.
		const startsNow = !saved && firstPoll && !settings.emitExisting;
		for (const item of changes.created) {
			if (item.kind !== kind) continue;
			if (since !== undefined && (receivedAt(item) ?? '') < since) continue;
			const candidate: Candidate = { id: itemIdOf(item), folder: key, internetMessageId: item.fields.internetMessageId as string | undefined };
			if (settings.event === 'calendarItemUpdated') candidates.push({ ...candidate, purpose: 'baseline' });
			else if (!startsNow) candidates.push(candidate);
		}
		if (settings.event === 'calendarItemUpdated') {
			for (const item of changes.updated) if (item.kind === kind) candidates.push({ id: itemIdOf(item), folder: key, purpose: 'compare' });
		}
		for (const id of changes.deleted) deleted.add(id);
		folders[key] = { syncState: changes.syncState, watermark };
	}
	return { candidates, deleted, folders };
}

/** Marks the emitted messages read; a failure leaves them unread and is logged, since they were emitted. */
async function markRead(context: IPollFunctions, client: EwsClient, mailbox: string | undefined, ids: string[]): Promise<void> {
	for (let start = 0; start < ids.length; start += GET_ITEM_BATCH) {
		const changes = ids.slice(start, start + GET_ITEM_BATCH).map((id) => itemChangeElement({ id }, [setItemField('Message', 'isRead', true, client.version)]));
		try {
			await client.call(updateItemBatch('AlwaysOverwrite').build(changes), { mailbox, kind: 'write' });
		} catch (error) {
			context.logger.warn(`Exchange trigger: could not mark ${changes.length} emitted messages as read: ${(error as Error).message}`);
		}
	}
}

/** The output of one item read in full, or undefined when it is not to be emitted. */
async function outputOf(
	context: IPollFunctions,
	client: EwsClient,
	settings: TriggerSettings,
	state: TriggerState,
	item: ReadItem,
	candidate: Candidate,
): Promise<INodeExecutionData | undefined> {
	if (candidate.purpose === 'compare') {
		const changed = calendarChanges(state, item);
		return changed.length > 0 ? { json: { ...calendarOutput(item, settings.read.simplify), changed } } : undefined;
	}
	if (settings.event === 'calendarItemCreated') return { json: calendarOutput(item, settings.read.simplify) };
	if (!passesFilters(settings.filters, item)) return undefined;
	const send = async (operation: Parameters<EwsClient['call']>[0], mailbox?: string) => await client.call(operation, { mailbox, kind: 'read' });
	return await messageExecutionItem(context, item, settings.read, { send }, settings.mailbox);
}

/** The key an emitted item is remembered by: its InternetMessageId (the same after a move), else its id. */
function recentKey(item: ReadItem | undefined, candidate: Candidate): string {
	const internetMessageId = (item?.fields.internetMessageId as string | undefined) ?? candidate.internetMessageId;
	return internetMessageId ? `m:${internetMessageId}` : `i:${candidate.id}`;
}

/** One poll over the credential's API; what fails reaches n8n as its error, with what to do about it. */
export async function pollTrigger(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	try {
		if ((await credentialApi(context)) === 'graph') return await pollGraphTrigger(context, await getGraphClient(context));
		return await pollEws(context);
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

async function pollEws(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const client = await getEwsClient(context);
	const main = await mainFolder(context, client, settings);
	if (context.getMode() === 'manual') return await testEvent(context, client, settings, main);

	const staticData = context.getWorkflowStaticData('node');
	const key = JSON.stringify([settings.event, settings.mailbox ?? '', keyOf(main), settings.includeSubfolders]);
	const saved = loadState(staticData, key);
	const state: TriggerState = saved ?? emptyState(key);
	// A state Graph made cannot go on over EWS: start from now, with nothing already there emitted.
	const apiChanged = saved === undefined && savedStateApi(staticData) === 'graph';
	const { watched, listed } = await watchedFolders(client, settings, main, saved);
	const synced = await syncWatched(client, apiChanged ? { ...settings, emitExisting: false } : settings, watched, state, saved === undefined);
	const recent = new RecentSet(state);

	// What waits from an earlier poll, then what arrived; gone ones and ones emitted before are left out.
	const seen = new Set<string>();
	const candidates = [...state.pending, ...synced.candidates].filter((candidate: Candidate) => {
		if (synced.deleted.has(candidate.id) || seen.has(candidate.id)) return false;
		seen.add(candidate.id);
		if (!candidate.purpose && candidate.internetMessageId && recent.has(recentKey(undefined, candidate))) return false;
		return true;
	});
	for (const id of synced.deleted) forgetCalendarItem(state, id);

	const shape = detailShape(settings);
	const { emitted, emittedIds, pending } = await emitCandidates<ReadItem>(context, candidates, recent, {
		batchSize: GET_ITEM_BATCH,
		read: async (batch) =>
			readGetItem(await client.call(buildGetItem({ items: batch.map(({ id }) => ({ id })), shape }, client.version), { mailbox: settings.mailbox, kind: 'read' })).map(
				(result, index) => {
					// Moved or deleted since the sync: a move into a watched folder arrives there as a new item.
					if ('error' in result) return result.error.code === 'ErrorItemNotFound' ? 'gone' : 'later';
					if (batch[index].purpose !== 'baseline') return { item: result.value };
					rememberCalendarItem(state, result.value);
					return 'gone';
				},
			),
		key: recentKey,
		output: async (item, candidate) => await outputOf(context, client, settings, state, item, candidate),
	});
	if (settings.markAsRead && emittedIds.length > 0) await markRead(context, client, settings.mailbox, emittedIds);

	state.folders = synced.folders;
	state.pending = pending;
	if (listed) state.foldersCheckedAt = Date.now();
	saveState(staticData, state);
	return emitted.length > 0 ? [emitted] : null;
}

/** Fetch Test Event: the newest matching item of the main folder, read without touching the saved state. */
async function testEvent(context: IPollFunctions, client: EwsClient, settings: TriggerSettings, main: FolderRef): Promise<INodeExecutionData[][]> {
	const calendar = settings.event === 'calendarItemCreated' || settings.event === 'calendarItemUpdated';
	const request = buildFindItem(
		{
			folders: [main],
			kind: calendar ? 'CalendarItem' : 'Message',
			shape: { base: 'IdOnly' },
			page: { offset: 0, size: 25 },
			sort: [{ field: calendar ? 'modifiedAt' : 'receivedAt', descending: true }],
		},
		client.version,
	);
	const found = readFindItem(await client.call(request, { mailbox: settings.mailbox, kind: 'read' })).items.filter((item) => item.kind === EMITTED_KIND[settings.event]);
	if (found.length > 0) {
		const results = readGetItem(await client.call(buildGetItem({ items: found.map((item) => ({ id: itemIdOf(item) })), shape: detailShape(settings) }, client.version), { mailbox: settings.mailbox, kind: 'read' }));
		for (const result of results) {
			if ('error' in result) continue;
			const candidate: Candidate = { id: itemIdOf(result.value), folder: keyOf(main) };
			const output = calendar ? { json: calendarOutput(result.value, settings.read.simplify) } : await outputOf(context, client, settings, emptyState(''), result.value, candidate);
			if (output) return [[output]];
		}
	}
	throw new NodeOperationError(context.getNode(), 'Nothing to show yet: the folder has no item that matches the event and the filters', {
		description: 'Deliver a matching item to the folder, then fetch the test event again.',
	});
}
