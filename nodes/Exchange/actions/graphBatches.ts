import type { EwsError } from '../transport';
import { GRAPH_BATCH_LIMIT, type GraphClient } from '../transport/graph/graphClient';
import type { GraphAnswer, GraphRequest } from '../transport/graph/types';
import { cancelled, RetryState } from '../transport/retry';
import type { BatchSettings } from './batching';
import { failure, type ItemOutcome } from './createItems';
import type { PreparedGraphWrite } from './graphTypes';

/** Requests Exchange Online works on at once for one app in one mailbox; more are throttled (MailboxConcurrency). */
export const GRAPH_MAILBOX_CONCURRENCY = 4;

interface Pending {
	item: PreparedGraphWrite;
	request?: GraphRequest;
	retry: RetryState;
}

interface Group {
	mailbox?: string;
	queue: Pending[];
	inFlight: number;
}

export interface GraphWritesOptions extends BatchSettings {
	stopOnError: boolean;
	signal?: AbortSignal;
}

/**
 * Sends the prepared items as JSON batches: items of one mailbox share batches of up to 20 parts, and no more
 * of a mailbox's parts are in flight than Exchange Online works on at once (4), so batches of 20 go one at a
 * time per mailbox while several mailboxes go in parallel. Each part's answer is its item's outcome; a part
 * Graph throttled goes back to the queue after its own wait, a part whose outcome is unknown is sent again
 * only when it is idempotent, and otherwise is settled by the item's lookup or reported, never repeated.
 */
export async function sendGraphWrites(client: GraphClient, items: PreparedGraphWrite[], options: GraphWritesOptions): Promise<Map<number, ItemOutcome>> {
	const { signal, stopOnError } = options;
	const batchSize = Math.min(options.batchSize, GRAPH_BATCH_LIMIT);
	const batchesPerMailbox = Math.max(1, Math.floor(GRAPH_MAILBOX_CONCURRENCY / batchSize));
	const outcomes = new Map<number, ItemOutcome>();
	const groups = new Map<string, Group>();
	for (const item of items) {
		const key = item.mailbox?.trim().toLowerCase() ?? '';
		let group = groups.get(key);
		if (!group) {
			group = { mailbox: item.mailbox, queue: [], inFlight: 0 };
			groups.set(key, group);
		}
		group.queue.push({ item, retry: new RetryState(item.idempotent ? 'read' : 'write') });
	}
	let stopped = false;
	const halted = () => stopped || signal?.aborted === true;
	const settled = (entry: Pending, outcome: ItemOutcome) => {
		entry.request = undefined;
		outcomes.set(entry.item.itemIndex, outcome);
		if ('error' in outcome && stopOnError) stopped = true;
	};

	const fail = async (entry: Pending, error: unknown) => {
		const unknown = (error as EwsError).processing === 'unknown';
		if (unknown && entry.item.settleUnknown) {
			try {
				const json = await entry.item.settleUnknown(client, signal);
				if (json) return settled(entry, { json });
			} catch {
				// The lookup failing leaves the outcome unknown, as reported below.
			}
		}
		settled(entry, { error: failure(error, entry.item) });
	};

	/** The next batch: from the first mailbox with queued items and room for another batch in flight. */
	const take = async (): Promise<{ group: Group; entries: Pending[] } | undefined> => {
		for (const group of groups.values()) {
			if (group.inFlight >= batchesPerMailbox || group.queue.length === 0) continue;
			const entries: Pending[] = [];
			while (group.queue.length > 0 && entries.length < batchSize && !halted()) {
				const entry = group.queue.shift() as Pending;
				if (!entry.request) {
					try {
						entry.request = await entry.item.build();
					} catch (error) {
						await fail(entry, error);
						continue;
					}
				}
				entries.push(entry);
			}
			if (entries.length > 0) {
				group.inFlight++;
				return { group, entries };
			}
		}
		return undefined;
	};

	// Batches are taken one at a time, so no item is built twice and each mailbox keeps its order.
	let taking: Promise<unknown> = Promise.resolve();
	const next = async () => {
		const batch = taking.then(take);
		taking = batch.catch(() => undefined);
		return await batch;
	};

	const send = async ({ group, entries }: { group: Group; entries: Pending[] }) => {
		const again: Pending[] = [];
		const waits: Array<Promise<void>> = [];
		const failOrResend = async (entry: Pending, error: unknown) => {
			const wait = entry.retry.delayAfter(error);
			if (wait === undefined) return await fail(entry, error);
			again.push(entry);
			waits.push(entry.retry.wait(wait, signal));
		};
		let answers: Array<GraphAnswer | EwsError>;
		try {
			// A single part goes as a plain request: nothing to share, and Graph answers it the same.
			answers =
				entries.length === 1
					? [await client.request(entries[0].request as GraphRequest, group.mailbox, { kind: 'write', signal, resend: false })]
					: await client.batch(
							entries.map((entry) => ({ request: entry.request as GraphRequest, mailbox: group.mailbox })),
							{ kind: 'write', signal, resend: false },
						);
		} catch (error) {
			answers = entries.map(() => error as EwsError);
		} finally {
			group.inFlight--;
		}
		await Promise.all(
			entries.map(async (entry, index) => {
				const answer = answers[index];
				if (answer instanceof Error || !('status' in answer)) return await failOrResend(entry, answer);
				try {
					settled(entry, { json: entry.item.output(answer) });
				} catch (error) {
					await fail(entry, error);
				}
			}),
		);
		if (again.length === 0) return;
		client.window.pushBack();
		await Promise.allSettled(waits);
		group.queue.unshift(...again);
	};

	const worker = async () => {
		for (let batch = await next(); batch; batch = halted() ? undefined : await next()) await send(batch);
	};
	// Workers that find every mailbox busy end; the ones left carry on until all queues are empty.
	const workers = async () => {
		await Promise.all(Array.from({ length: options.concurrency }, worker));
		const left = [...groups.values()].some((group) => group.queue.length > 0);
		if (left && !halted()) await workers();
	};
	await workers();
	if (signal?.aborted) {
		for (const group of groups.values()) for (const entry of group.queue.splice(0)) settled(entry, { error: cancelled() });
	}
	return outcomes;
}
