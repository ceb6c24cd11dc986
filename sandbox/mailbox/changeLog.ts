/**
 * Change logs: what happened in a folder (or to a mailbox's folders), in order, each change numbered from
 * one counter the whole store shares, so sequence numbers only grow. SyncFolderItems and SyncFolderHierarchy
 * build their opaque sync states on these numbers.
 */

export type ItemChangeType = 'create' | 'update' | 'delete' | 'readFlagChange';
export type FolderChangeType = 'create' | 'update' | 'delete';

export interface Change<T extends string> {
	sequence: number;
	type: T;
	/** The item's (or folder's) id when the change happened: a moved item leaves with one id, arrives with another. */
	id: string;
	/** For readFlagChange: the new state. */
	isRead?: boolean;
	at: Date;
}

export interface ChangePage<T extends string> {
	changes: Change<T>[];
	/** The sequence number to ask from next time: the last change returned, or `after` when none. */
	last: number;
	/** More changes wait after `last`. */
	more: boolean;
}

export class SequenceCounter {
	private value = 0;

	next(): number {
		return ++this.value;
	}

	get current(): number {
		return this.value;
	}
}

export class ChangeLog<T extends string> {
	private readonly entries: Change<T>[] = [];

	constructor(private readonly counter: SequenceCounter) {}

	record(type: T, id: string, isRead?: boolean): Change<T> {
		const change: Change<T> = { sequence: this.counter.next(), type, id, at: new Date() };
		if (isRead !== undefined) change.isRead = isRead;
		this.entries.push(change);
		return change;
	}

	/** The highest sequence number recorded here so far (0 when none): "now" for a new sync state. */
	get latest(): number {
		return this.entries.length ? this.entries[this.entries.length - 1].sequence : 0;
	}

	/** Changes with a sequence number above `after`, oldest first, at most `max`. */
	since(after: number, max = Number.POSITIVE_INFINITY): ChangePage<T> {
		const start = this.firstAfter(after);
		const changes = this.entries.slice(start, start + max);
		return {
			changes,
			last: changes.length ? changes[changes.length - 1].sequence : after,
			more: start + changes.length < this.entries.length,
		};
	}

	all(): readonly Change<T>[] {
		return this.entries;
	}

	private firstAfter(after: number): number {
		let low = 0;
		let high = this.entries.length;
		while (low < high) {
			const middle = (low + high) >> 1;
			if (this.entries[middle].sequence <= after) low = middle + 1;
			else high = middle;
		}
		return low;
	}
}
