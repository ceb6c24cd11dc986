import { ChangeLog, ItemChangeType } from './changeLog';

/**
 * What SyncFolderItems reports: the net change of each item over a stretch of a folder's change log, so that
 * an item created and deleted between two syncs is not mentioned, one created and then changed is one
 * Create, and one only marked read or unread is a ReadFlagChange with its last state.
 */

export interface NetChange {
	type: ItemChangeType;
	id: string;
	/** For readFlagChange: the item's read state at the end of the stretch. */
	isRead?: boolean;
}

export interface SyncPage {
	changes: NetChange[];
	/** The sequence number the stretch ends at: the next sync starts after it. */
	last: number;
	/** Whether changes wait after `last`. */
	more: boolean;
}

interface Entry {
	first: ItemChangeType;
	last: ItemChangeType;
	onlyReadFlag: boolean;
	isRead?: boolean;
}

function netType(entry: Entry): ItemChangeType | undefined {
	if (entry.first === 'create') return entry.last === 'delete' ? undefined : 'create';
	if (entry.last === 'delete') return 'delete';
	return entry.onlyReadFlag ? 'readFlagChange' : 'update';
}

/**
 * The net changes after sequence `after` (up to `until`, when given), oldest first, reading the log as far as
 * `max` net changes allow; changes of the `ignored` ids are passed over.
 */
export function syncPage(log: ChangeLog<ItemChangeType>, after: number, max: number, ignored: ReadonlySet<string> = new Set(), until = Number.POSITIVE_INFINITY): SyncPage {
	const changes = log.since(after).changes.filter((change) => change.sequence <= until);
	const entries = new Map<string, Entry>();
	let count = 0;
	let last = after;
	let read = 0;
	for (const change of changes) {
		if (!ignored.has(change.id)) {
			const before = entries.get(change.id);
			const readFlag = change.type === 'readFlagChange';
			const entry: Entry = before
				? { first: before.first, last: change.type, onlyReadFlag: before.onlyReadFlag && readFlag, isRead: readFlag ? change.isRead : before.isRead }
				: { first: change.type, last: change.type, onlyReadFlag: readFlag, isRead: change.isRead };
			const next = count - (before && netType(before) ? 1 : 0) + (netType(entry) ? 1 : 0);
			if (next > max) break;
			entries.set(change.id, entry);
			count = next;
		}
		last = change.sequence;
		read++;
	}
	const net: NetChange[] = [];
	for (const [id, entry] of entries) {
		const type = netType(entry);
		if (type) net.push(type === 'readFlagChange' ? { type, id, isRead: entry.isRead } : { type, id });
	}
	return { changes: net, last, more: read < changes.length };
}
