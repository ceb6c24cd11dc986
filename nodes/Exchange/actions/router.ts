import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type NodeApiError } from 'n8n-workflow';
import { getEwsClient, type EwsClient } from '../transport';
import { EwsError } from '../transport/errors';
import { cancelled } from '../transport/retry';
import { toNodeError } from '../transport/nodeErrors';
import { readBatchSettings } from './batching';
import { createItems } from './createItems';
import { OPERATIONS } from './operations';
import type { BatchedWriteOperation, ItemCall, PreparedSteps, PreparedWrite, ReadOperation, SingleCallOperation } from './types';

function itemError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	const nodeError = toNodeError(context.getNode(), error, itemIndex);
	const tag = `[item ${itemIndex}]`;
	if (!nodeError.message.includes(tag)) nodeError.message = `${nodeError.message} ${tag}`;
	return nodeError;
}

/**
 * The error item. With "continue using error output", `error` on the item is what makes n8n route it there
 * (n8n then keeps only the message, which starts with the EWS code); otherwise the code and hint stay as
 * fields of the item.
 */
function errorItem(context: IExecuteFunctions, error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	if (context.getNode().onError === 'continueErrorOutput') return { json: { error: error.message }, error, pairedItem: { item: itemIndex } };
	return {
		json: {
			error: error.message,
			...(error.description ? { description: error.description } : {}),
			...(error.context.ewsCode ? { code: error.context.ewsCode as string } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}

type Outcome = { output: INodeExecutionData[] } | { error: unknown; output?: INodeExecutionData[] };

/** When a run of writes stops at a failed item, says what already happened to the others, so nobody sends them twice. */
function describeStop(error: NodeApiError | NodeOperationError, outcomes: Map<number, Outcome>, total: number) {
	const done = [...outcomes.values()].filter((outcome) => !('error' in outcome)).length;
	// Items that shared a request whose answer was lost may have been carried out: they are not "not sent".
	const unknown = [...outcomes]
		.filter(([, outcome]) => 'error' in outcome && outcome.error instanceof EwsError && outcome.error.processing === 'unknown')
		.map(([itemIndex]) => itemIndex)
		.sort((a, b) => a - b);
	if (done === 0 && unknown.length <= 1) return;
	const unknownNote = unknown.length > 0 ? `; Exchange may or may not have carried out item${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : '';
	const note = `${done} of ${total} items were carried out before the run stopped${unknownNote}; the others were not sent. Turn on "Continue On Fail" to see each item's outcome.`;
	error.description = error.description ? `${error.description}\n\n${note}` : note;
}

/**
 * Batched writes: every item is checked first, so bad input fails before anything is sent; the valid ones
 * then travel in shared requests, and the items that need several requests in turn run alone after them.
 */
async function runBatchedWrite(
	context: IExecuteFunctions,
	module: BatchedWriteOperation,
	client: EwsClient,
	outcomes: Map<number, Outcome>,
	continueOnFail: boolean,
	signal: AbortSignal | undefined,
): Promise<void> {
	const prepared: PreparedWrite[] = [];
	const stepped: PreparedSteps[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			const item = await module.prepare.call(context, client, itemIndex);
			if ('run' in item) stepped.push(item);
			else prepared.push(item);
		} catch (error) {
			if (!continueOnFail) throw itemError(context, error, itemIndex);
			outcomes.set(itemIndex, { error });
		}
	}
	for (const [itemIndex, outcome] of await createItems(client, prepared, { ...readBatchSettings(context), stopOnError: !continueOnFail, signal })) {
		outcomes.set(itemIndex, 'json' in outcome ? { output: [{ json: outcome.json }] } : outcome);
	}
	const failed = () => [...outcomes.values()].some((outcome) => 'error' in outcome);
	for (const item of stepped) {
		if (!continueOnFail && failed()) return;
		if (signal?.aborted) {
			outcomes.set(item.itemIndex, { error: cancelled() });
			continue;
		}
		const call: ItemCall = {
			client,
			itemIndex: item.itemIndex,
			send: async (operation, mailbox) => await client.call(operation, { mailbox, kind: 'write', signal }),
		};
		try {
			outcomes.set(item.itemIndex, { output: [{ json: await item.run(call) }] });
		} catch (error) {
			outcomes.set(item.itemIndex, { error });
		}
	}
}

/** A single call that may have written, lost on the way back: said so, since it is not sent again. */
function unknownWriteOutcome(error: unknown): unknown {
	if (!(error instanceof EwsError) || error.processing !== 'unknown') return error;
	return new EwsError({
		code: error.code,
		message: `Outcome unknown: ${error.message}. Exchange may have carried out the request; it was not sent again, so that nothing happens twice`,
		hint: 'Check the mailbox before running this item again.',
		httpStatus: error.httpStatus,
		processing: 'unknown',
	});
}

/**
 * Reads and single calls: one item after another. Without Continue On Fail the first failure stops the
 * run, so no later item is sent.
 */
async function runPerItem(
	context: IExecuteFunctions,
	module: ReadOperation | SingleCallOperation,
	client: EwsClient,
	outcomes: Map<number, Outcome>,
	continueOnFail: boolean,
	signal: AbortSignal | undefined,
): Promise<void> {
	const kind = module.kind === 'read' ? 'read' : module.sends;
	for (let itemIndex = 0; itemIndex < context.getInputData().length && !signal?.aborted; itemIndex++) {
		const call: ItemCall = { client, itemIndex, send: async (operation, mailbox) => await client.call(operation, { mailbox, kind, signal }) };
		const output: INodeExecutionData[] = [];
		try {
			if (module.kind === 'read') {
				for await (const item of module.read.call(context, call)) output.push(item);
			} else {
				output.push(await module.call.call(context, call));
			}
			outcomes.set(itemIndex, { output });
		} catch (error) {
			outcomes.set(itemIndex, { error: kind === 'write' ? unknownWriteOutcome(error) : error, output });
			if (!continueOnFail) return;
		}
	}
}

/**
 * Owns the item loop for every kind of operation. Each output item is paired to its input; a failed item
 * becomes an error item when the node continues on fail, and otherwise stops the node with an error naming it.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = OPERATIONS[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for the resource "${resource}"`);
	}
	const continueOnFail = this.continueOnFail();
	const outcomes = new Map<number, Outcome>();

	let client: EwsClient | undefined;
	try {
		client = await getEwsClient(this, module.kind === 'batchedWrite' ? readBatchSettings(this).concurrency : undefined);
	} catch (error) {
		if (!continueOnFail) throw toNodeError(this.getNode(), error);
		items.forEach((_, itemIndex) => outcomes.set(itemIndex, { error }));
	}

	if (client) {
		// Stop and the workflow timeout abort this signal; n8n versions without it cannot cancel the node.
		const signal = this.getExecutionCancelSignal?.();
		if (module.kind === 'batchedWrite') await runBatchedWrite(this, module, client, outcomes, continueOnFail, signal);
		else await runPerItem(this, module, client, outcomes, continueOnFail, signal);
	}

	const writes = module.kind === 'batchedWrite' || (module.kind === 'singleCall' && module.sends === 'write');
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes.get(itemIndex);
		if (!outcome) continue;
		for (const item of outcome.output ?? []) output.push({ ...item, pairedItem: { item: itemIndex } });
		if (!('error' in outcome)) continue;
		const error = itemError(this, outcome.error, itemIndex);
		if (!continueOnFail) {
			if (writes) describeStop(error, outcomes, items.length);
			throw error;
		}
		output.push(errorItem(this, error, itemIndex));
	}
	return [output];
}
