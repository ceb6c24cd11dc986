import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps in the workflow's static data between polls, so that it survives restarts and is the
 * same on every main or worker process: per watched folder the SyncFolderItems state, the items seen but not
 * yet emitted, and what was emitted recently (bounded), by InternetMessageId.
 */

/** How many emitted items are remembered: enough for bursts far above one poll's worth, small in static data. */
export const RECENT_LIMIT = 5000;
/** How many calendar items' compared values are remembered. */
export const CALENDAR_LIMIT = 5000;

export interface FolderState {
	/** The SyncFolderItems state; over Microsoft Graph, the folder's (or calendar view's) `@odata.deltaLink`. */
	syncState: string;
	/** The newest DateTimeReceived seen in the folder: after a resync, only what came later is new. */
	watermark?: string;
	/** Over Graph, the start of the calendar view's window the deltaLink tracks (ISO 8601). */
	windowStart?: string;
}

export interface PendingItem {
	id: string;
	folder: string;
	/** Calendar Item Updated: `baseline` remembers a new item's values, `compare` checks a changed one; else the item is emitted. */
	purpose?: 'baseline' | 'compare';
}

export interface TriggerState {
	/** What the state was made for (event, mailbox, folder, subfolders): a change of them starts over. */
	key: string;
	folders: Record<string, FolderState>;
	/** When the subfolders were last listed (ms since epoch). */
	foldersCheckedAt?: number;
	pending: PendingItem[];
	/** Short hashes of the InternetMessageIds (or item ids) emitted, oldest first. */
	recent: string[];
	/** Per calendar item id, short hashes of the compared values (time, location, subject, attendees, cancelled). */
	calendar?: Record<string, Record<string, string>>;
	/** Over Graph, when the state was made (ISO 8601): calendar events created later are new. */
	startedAt?: string;
}

const STATE_KEY = 'exchangeTrigger';

export function shortHash(text: string): string {
	return createHash('sha256').update(text).digest('base64').slice(0, 16);
}

export function emptyState(key: string): TriggerState {
	return { key, folders: {}, pending: [], recent: [] };
}

/** The saved state, when it was made for the same settings. */
export function loadState(staticData: IDataObject, key: string): TriggerState | undefined {
	const saved = staticData[STATE_KEY] as TriggerState | undefined;
	// n8n's static data is an observed proxy: work on a plain copy, written back whole when the poll ends.
	return saved?.key === key ? (JSON.parse(JSON.stringify(saved)) as TriggerState) : undefined;
}

/** Graph states' keys start with this; EWS keys, older than Graph support, start with the event. */
const GRAPH_KEY = 'graph';

/** The key of a state made over Microsoft Graph for these settings. */
export function graphStateKey(parts: unknown[]): string {
	return JSON.stringify([GRAPH_KEY, ...parts]);
}

/**
 * The API the saved state was made for, whatever settings it was made for. A sync state and a deltaLink
 * cannot stand for each other: when the credential's API changed, the trigger starts afresh.
 */
export function savedStateApi(staticData: IDataObject): 'ews' | 'graph' | undefined {
	const saved = staticData[STATE_KEY] as TriggerState | undefined;
	if (typeof saved?.key !== 'string') return undefined;
	return saved.key.startsWith(`["${GRAPH_KEY}"`) ? 'graph' : 'ews';
}

export function saveState(staticData: IDataObject, state: TriggerState): void {
	staticData[STATE_KEY] = state as unknown as IDataObject;
}

/** Emitted items remembered by a key; the oldest are forgotten past the limit. */
export class RecentSet {
	private readonly keys: Set<string>;

	constructor(private readonly state: TriggerState) {
		this.keys = new Set(state.recent);
	}

	has(key: string): boolean {
		return this.keys.has(shortHash(key));
	}

	add(key: string): void {
		const hash = shortHash(key);
		if (this.keys.has(hash)) return;
		this.keys.add(hash);
		this.state.recent.push(hash);
		const excess = this.state.recent.length - RECENT_LIMIT;
		if (excess > 0) for (const gone of this.state.recent.splice(0, excess)) this.keys.delete(gone);
	}
}
