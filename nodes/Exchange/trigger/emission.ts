import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import type { PendingItem, RecentSet } from './state';

/** An item a poll may emit: what waits from an earlier poll, or what the sync reported. */
export interface Candidate extends PendingItem {
	internetMessageId?: string;
}

export function pendingOf({ id, folder, purpose }: Candidate): PendingItem {
	return purpose ? { id, folder, purpose } : { id, folder };
}

/** What reading a candidate gave: the item, `gone` (nothing to emit, ever) or `later` (kept for the next poll). */
export type ReadOutcome<T> = { item: T } | 'gone' | 'later';

/** How one API reads candidates and turns them into output. */
export interface CandidateSource<T> {
	batchSize: number;
	read(batch: Candidate[]): Promise<Array<ReadOutcome<T>>>;
	/** The key an emitted item is remembered by. */
	key(item: T, candidate: Candidate): string;
	/** The output, or undefined when the item is not to be emitted. */
	output(item: T, candidate: Candidate): Promise<INodeExecutionData | undefined>;
}

export interface Emission {
	emitted: INodeExecutionData[];
	emittedIds: string[];
	/** What the next poll goes on with. */
	pending: PendingItem[];
}

/**
 * The trigger's exactly-once rule, the same over EWS and Graph: candidates are read in batches and each is
 * emitted once (one already emitted, by its key, is left out). When a read fails with nothing emitted yet,
 * the poll fails and keeps its saved state; after something was emitted, the rest waits for the next poll.
 */
export async function emitCandidates<T>(context: IPollFunctions, candidates: Candidate[], recent: RecentSet, source: CandidateSource<T>): Promise<Emission> {
	const emission: Emission = { emitted: [], emittedIds: [], pending: [] };
	for (let start = 0; start < candidates.length; start += source.batchSize) {
		const batch = candidates.slice(start, start + source.batchSize);
		try {
			for (const [index, outcome] of (await source.read(batch)).entries()) {
				const candidate = batch[index];
				if (outcome === 'gone') continue;
				if (outcome === 'later') {
					emission.pending.push(pendingOf(candidate));
					continue;
				}
				const remembered = source.key(outcome.item, candidate);
				if (!candidate.purpose && recent.has(remembered)) continue;
				const output = await source.output(outcome.item, candidate);
				if (!output) continue;
				if (!candidate.purpose) recent.add(remembered);
				emission.emitted.push(output);
				emission.emittedIds.push(candidate.id);
			}
		} catch (error) {
			// Nothing emitted yet: fail the poll and keep the saved state, so the next poll sees it all again.
			if (emission.emitted.length === 0) throw error;
			context.logger.warn(`Exchange trigger: reading new items failed, the next poll goes on with them: ${(error as Error).message}`);
			emission.pending.push(...candidates.slice(start).filter((candidate) => !emission.emittedIds.includes(candidate.id)).map(pendingOf));
			break;
		}
	}
	return emission;
}
