import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type NodeApiError } from 'n8n-workflow';
import { getEwsClient, type EwsClient } from '../transport';
import { EwsError } from '../transport/errors';
import { toNodeError } from '../transport/nodeErrors';
import { readBatchSettings } from './batching';
import { createItems, type ItemOutcome } from './createItems';
import { OPERATIONS } from './operations';
import type { PreparedCreateItem } from './types';

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

/** When a run stops at a failed item, says what already happened to the others, so nobody sends them twice. */
function describeStop(error: NodeApiError | NodeOperationError, outcomes: Map<number, ItemOutcome>, total: number) {
	const done = [...outcomes.values()].filter((outcome) => 'json' in outcome).length;
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
 * Owns the item loop. Every item is checked first, so bad input fails before anything is sent; the
 * valid ones are then created in batches. Each output item is paired to its input; a failed item becomes
 * an error item when the node continues on fail, and otherwise stops the node with an error naming it.
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
	const settings = readBatchSettings(this);
	const outcomes = new Map<number, ItemOutcome>();

	let client: EwsClient | undefined;
	try {
		client = await getEwsClient(this, settings.concurrency);
	} catch (error) {
		if (!continueOnFail) throw toNodeError(this.getNode(), error);
		items.forEach((_, itemIndex) => outcomes.set(itemIndex, { error }));
	}

	if (client) {
		const prepared: PreparedCreateItem[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				prepared.push(await module.prepare.call(this, client, itemIndex));
			} catch (error) {
				if (!continueOnFail) throw itemError(this, error, itemIndex);
				outcomes.set(itemIndex, { error });
			}
		}
		// Stop and the workflow timeout abort this signal; n8n versions without it cannot cancel the node.
		const signal = this.getExecutionCancelSignal?.();
		for (const [itemIndex, outcome] of await createItems(client, prepared, { ...settings, stopOnError: !continueOnFail, signal })) {
			outcomes.set(itemIndex, outcome);
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes.get(itemIndex);
		if (!outcome) continue;
		if ('json' in outcome) {
			output.push({ json: outcome.json, pairedItem: { item: itemIndex } });
			continue;
		}
		const error = itemError(this, outcome.error, itemIndex);
		if (!continueOnFail) {
			describeStop(error, outcomes, items.length);
			throw error;
		}
		output.push(errorItem(this, error, itemIndex));
	}
	return [output];
}
