import type { IDataObject } from 'n8n-workflow';
import type { EwsAnswer, EwsClient } from '../transport';
import { EwsError } from '../transport/errors';
import { responseMessageError } from '../transport/responses';
import { cancelled, RetryState } from '../transport/retry';
import { estimatedLength, type XmlElement } from '../transport/xml';
import { MAX_REQUEST_BYTES, type BatchSettings } from './batching';
import type { PreparedWrite } from './types';

export type ItemOutcome = { json: IDataObject } | { error: Error };

interface Pending {
	item: PreparedWrite;
	element?: XmlElement;
	length: number;
	/** Attempts and waiting for this item alone, when Exchange answers it ErrorServerBusy inside a batch. */
	retry: RetryState;
}

interface Group {
	mailbox?: string;
	request: PreparedWrite['request'];
	queue: Pending[];
}

interface Batch {
	group: Group;
	entries: Pending[];
}

function groupByRequest(items: PreparedWrite[]): Group[] {
	const groups = new Map<string, Group>();
	for (const item of items) {
		const key = JSON.stringify([item.mailbox?.toLowerCase() ?? null, item.request]);
		let group = groups.get(key);
		if (!group) {
			group = { mailbox: item.mailbox, request: item.request, queue: [] };
			groups.set(key, group);
		}
		group.queue.push({ item, length: 0, retry: new RetryState('write') });
	}
	return [...groups.values()];
}

/**
 * A request whose outcome is unknown (the connection failed after it went out) is never sent again:
 * the item fails with an error that says Exchange may have carried it out.
 */
function outcomeUnknown(error: EwsError, item: Pick<PreparedWrite, 'effect' | 'mailbox'>): EwsError {
	return new EwsError({
		code: error.code,
		message: `Outcome unknown: ${error.message}. Exchange may have ${item.effect}; it was not sent again, so that nothing happens twice`,
		hint: `Look in ${item.mailbox ?? 'the mailbox'} whether Exchange ${item.effect} before running this item again.`,
		httpStatus: error.httpStatus,
		processing: 'unknown',
	});
}

/** An item's error as the user sees it: an unknown outcome said so, a refusal reworded by the item. Graph's batcher words its items' errors the same way. */
export function failure(error: unknown, item: Pick<PreparedWrite, 'effect' | 'mailbox' | 'explain'>): Error {
	if (!(error instanceof EwsError)) return error as Error;
	if (error.processing === 'unknown') return outcomeUnknown(error, item);
	return item.explain ? item.explain(error) : error;
}

export interface CreateItemsOptions extends BatchSettings {
	/** No new request starts after the first failure. */
	stopOnError: boolean;
	/**
	 * The run's cancellation: no new request starts, back-off waits end at once, and the items not sent
	 * fail as cancelled; requests on the wire finish or time out.
	 */
	signal?: AbortSignal;
}

/**
 * Creates the prepared items with as few requests as possible: items that share mailbox and request
 * settings travel together (up to the batch size and MAX_REQUEST_BYTES), several requests are in flight
 * at once, and each ResponseMessage answers its own item. The client sends a refused request again; an
 * item Exchange answers ErrorServerBusy inside a batch goes back to the queue after its own wait, under
 * the same rules (transport/retry.ts).
 */
export async function createItems(client: EwsClient, items: PreparedWrite[], options: CreateItemsOptions): Promise<Map<number, ItemOutcome>> {
	const { signal, ...settings } = options;
	const outcomes = new Map<number, ItemOutcome>();
	const groups = groupByRequest(items);
	let stopped = false;
	const halted = () => stopped || signal?.aborted === true;

	const fail = (entry: Pending, error: unknown) => {
		entry.element = undefined;
		outcomes.set(entry.item.itemIndex, { error: failure(error, entry.item) });
		if (settings.stopOnError) stopped = true;
	};

	// Attachments are read while a batch is assembled, so only the batches in flight hold them in memory.
	const assemble = async (): Promise<Batch | undefined> => {
		for (const group of groups) {
			const entries: Pending[] = [];
			let length = 0;
			while (group.queue.length > 0 && entries.length < settings.batchSize && !halted()) {
				const entry = group.queue[0];
				if (!entry.element) {
					try {
						entry.element = await entry.item.build();
						entry.length = estimatedLength(entry.element);
					} catch (error) {
						group.queue.shift();
						fail(entry, error);
						continue;
					}
				}
				if (entries.length > 0 && length + entry.length > MAX_REQUEST_BYTES) break;
				group.queue.shift();
				entries.push(entry);
				length += entry.length;
			}
			if (entries.length > 0) return { group, entries };
		}
		return undefined;
	};

	// One batch is assembled at a time, so no item is built twice and groups keep their order.
	let assembling: Promise<unknown> = Promise.resolve();
	const nextBatch = async (): Promise<Batch | undefined> => {
		const batch = assembling.then(assemble);
		assembling = batch.catch(() => undefined);
		return await batch;
	};

	const send = async ({ group, entries }: Batch): Promise<void> => {
		const request = group.request.build(entries.map((entry) => entry.element as XmlElement));
		const again: Pending[] = [];
		const waits: Array<Promise<void>> = [];
		// Each item counts its own attempts, whether Exchange refused the whole request or only this item.
		const failOrResend = (entry: Pending, error: unknown) => {
			const wait = entry.retry.delayAfter(error);
			if (wait === undefined) fail(entry, error);
			else {
				again.push(entry);
				waits.push(entry.retry.wait(wait, signal));
			}
		};
		let answer: EwsAnswer | undefined;
		try {
			// The batcher is the one place a batched write is sent again: the client must not resend it too.
			answer = await client.call(request, { mailbox: group.mailbox, kind: 'write', signal, resend: false });
		} catch (error) {
			for (const entry of entries) failOrResend(entry, error);
		}
		entries.forEach((entry, index) => {
			if (!answer) return;
			const message = answer.messages[index];
			if (!message) {
				fail(entry, new EwsError({ code: 'InvalidResponse', message: 'Exchange\'s answer has no response for this item', processing: 'unknown' }));
				return;
			}
			if (message.responseClass !== 'Error') {
				entry.element = undefined;
				try {
					outcomes.set(entry.item.itemIndex, { json: entry.item.output(message) });
				} catch (error) {
					fail(entry, error);
				}
				return;
			}
			failOrResend(entry, responseMessageError(message));
		});
		if (again.length === 0) return;
		client.window.pushBack();
		// A wait cut short by cancellation leaves its item queued, to be failed as not sent.
		await Promise.allSettled(waits);
		group.queue.unshift(...again);
	};

	const worker = async () => {
		for (let batch = await nextBatch(); batch; batch = halted() ? undefined : await nextBatch()) await send(batch);
	};
	await Promise.all(Array.from({ length: settings.concurrency }, worker));
	if (signal?.aborted) {
		for (const group of groups) for (const entry of group.queue.splice(0)) fail(entry, cancelled());
	}
	return outcomes;
}
