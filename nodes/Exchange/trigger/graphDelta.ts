import { EwsError } from '../transport/errors';
import type { GraphClient } from '../transport/graph/graphClient';
import type { GraphJson, GraphRequest } from '../transport/graph/types';

/**
 * One round of a Graph delta query (learn.microsoft.com/graph/delta-query-overview): from the saved
 * `@odata.deltaLink` (or the first request, without one), through every `@odata.nextLink`, to the round's new
 * deltaLink. Over Graph it stands where SyncFolderItems stands over EWS (sync.ts).
 */

/** Entries a delta page asks for (`Prefer: odata.maxpagesize`): fewer requests for a burst, pages still small. */
export const DELTA_PAGE_SIZE = 200;

export interface DeltaRound {
	/** Entries added or changed, by id, in the order Graph gave them; the latest state of each. */
	entries: GraphJson[];
	/** Ids Graph reported `@removed` (deleted, moved out, or out of a calendar view's window). */
	removed: Set<string>;
	/** Where the next round goes on from. */
	deltaLink: string;
	/** Requests made. */
	calls: number;
	/** The Date of Graph's first answer of the round, when it sent one. */
	serverTime?: string;
}

/**
 * Runs a round to its deltaLink. Graph may give an entry more than once within a round (its delta makes no
 * promise against replays): the last state of each id is kept, and one removed after it was given is removed.
 */
export async function deltaRound(
	client: GraphClient,
	mailbox: string | undefined,
	first: GraphRequest,
	headers: Record<string, string>,
	signal?: AbortSignal,
): Promise<DeltaRound> {
	const entries = new Map<string, GraphJson>();
	const removed = new Set<string>();
	let request: GraphRequest = { ...first, headers: { ...headers, ...first.headers } };
	let calls = 0;
	let serverTime: string | undefined;
	for (;;) {
		const answer = await client.request(request, mailbox, { kind: 'read', signal });
		calls++;
		serverTime ??= answer.headers.date;
		const value = Array.isArray(answer.body?.value) ? (answer.body.value as GraphJson[]) : [];
		for (const entry of value) {
			const id = typeof entry.id === 'string' ? entry.id : '';
			if (!id) continue;
			if (entry['@removed'] !== undefined) {
				entries.delete(id);
				removed.add(id);
			} else {
				removed.delete(id);
				entries.delete(id);
				entries.set(id, entry);
			}
		}
		const next = answer.body?.['@odata.nextLink'];
		const delta = answer.body?.['@odata.deltaLink'];
		if (typeof next === 'string') request = { method: 'GET', path: '', url: next, headers };
		else if (typeof delta === 'string') return { entries: [...entries.values()], removed, deltaLink: delta, calls, serverTime };
		else {
			throw new EwsError({
				code: 'DeltaLinkMissing',
				message: 'Microsoft Graph answered a delta query without a next link or a delta link',
				hint: 'The trigger keeps its saved state and tries again at the next poll.',
				processing: 'unknown',
			});
		}
	}
}

/**
 * Graph no longer knows the delta token: 410 Gone (a synchronization reset), or the codes its documentation
 * names for an expired one (syncStateNotFound, resyncRequired; syncStateInvalid as Exchange Online words it).
 */
export function isDeltaTokenGone(error: unknown): boolean {
	return error instanceof EwsError && (error.httpStatus === 410 || /^(syncStateNotFound|syncStateInvalid|resyncRequired)$/i.test(error.code));
}
