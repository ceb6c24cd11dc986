import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties, type NodeApiError } from 'n8n-workflow';
import { credentialApi, getEwsClient, getGraphClient, type EwsClient, type GraphClient, type OnlineApi } from '../transport';
import { EWS_SHUT_DOWN_NOTE, EWS_SHUTDOWN } from '../transport/auth/onlineRefusals';
import { EwsError } from '../transport/errors';
import { cancelled } from '../transport/retry';
import { toNodeError } from '../transport/nodeErrors';
import { readBatchSettings } from './batching';
import { createItems, type ItemOutcome } from './createItems';
import { sendGraphWrites } from './graphBatches';
import { GRAPH_OPERATIONS } from './graphOperations';
import type { GraphItemCall, GraphOperationModule, PreparedGraphSteps, PreparedGraphWrite } from './graphTypes';
import { OPERATIONS, operationDescriptions } from './operations';
import type { ItemCall, OperationModule, PreparedSteps, PreparedWrite } from './types';

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
 * What the router needs of an API to run an operation: its items' calls, and how prepared writes travel (EWS
 * requests with many items, or Graph's JSON batches). Operations of either API share the rest of the loop.
 */
interface Binding<Call, Prepared, Steps extends { itemIndex: number; run(call: Call): Promise<IDataObject> }> {
	prepare(itemIndex: number): Promise<Prepared | Steps>;
	sendPrepared(prepared: Prepared[], stopOnError: boolean): Promise<Map<number, ItemOutcome>>;
	call(itemIndex: number, kind: 'read' | 'write'): Call;
}

/**
 * Batched writes: every item is checked first, so bad input fails before anything is sent; the valid ones
 * then travel in shared requests, and the items that need several requests in turn run alone after them.
 */
async function runBatchedWrite<Call, Prepared, Steps extends { itemIndex: number; run(call: Call): Promise<IDataObject> }>(
	context: IExecuteFunctions,
	binding: Binding<Call, Prepared, Steps>,
	outcomes: Map<number, Outcome>,
	continueOnFail: boolean,
	signal: AbortSignal | undefined,
): Promise<void> {
	const prepared: Prepared[] = [];
	const stepped: Steps[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			const item = await binding.prepare(itemIndex);
			if (typeof item === 'object' && item !== null && 'run' in item) stepped.push(item as Steps);
			else prepared.push(item as Prepared);
		} catch (error) {
			if (!continueOnFail) throw itemError(context, error, itemIndex);
			outcomes.set(itemIndex, { error });
		}
	}
	for (const [itemIndex, outcome] of await binding.sendPrepared(prepared, !continueOnFail)) {
		outcomes.set(itemIndex, 'json' in outcome ? { output: [{ json: outcome.json }] } : outcome);
	}
	const failed = () => [...outcomes.values()].some((outcome) => 'error' in outcome);
	for (const item of stepped) {
		if (!continueOnFail && failed()) return;
		if (signal?.aborted) {
			outcomes.set(item.itemIndex, { error: cancelled() });
			continue;
		}
		try {
			outcomes.set(item.itemIndex, { output: [{ json: await item.run(binding.call(item.itemIndex, 'write')) }] });
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

type PerItemModule<Call> =
	| { kind: 'read'; read(this: IExecuteFunctions, call: Call): AsyncIterable<INodeExecutionData> }
	| { kind: 'singleCall'; sends: 'read' | 'write'; call(this: IExecuteFunctions, call: Call): Promise<INodeExecutionData> };

/**
 * Reads and single calls: one item after another. Without Continue On Fail the first failure stops the
 * run, so no later item is sent.
 */
async function runPerItem<Call>(
	context: IExecuteFunctions,
	module: PerItemModule<Call>,
	callFor: (itemIndex: number, kind: 'read' | 'write') => Call,
	outcomes: Map<number, Outcome>,
	continueOnFail: boolean,
	signal: AbortSignal | undefined,
): Promise<void> {
	const kind = module.kind === 'read' ? 'read' : module.sends;
	for (let itemIndex = 0; itemIndex < context.getInputData().length && !signal?.aborted; itemIndex++) {
		const call = callFor(itemIndex, kind);
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

/** Runs an EWS operation's items. */
async function runEws(context: IExecuteFunctions, module: OperationModule, client: EwsClient, outcomes: Map<number, Outcome>, continueOnFail: boolean, signal?: AbortSignal) {
	const callFor = (itemIndex: number, kind: 'read' | 'write'): ItemCall => ({
		client,
		itemIndex,
		send: async (operation, mailbox) => await client.call(operation, { mailbox, kind, signal }),
	});
	if (module.kind !== 'batchedWrite') return await runPerItem(context, module, callFor, outcomes, continueOnFail, signal);
	const binding: Binding<ItemCall, PreparedWrite, PreparedSteps> = {
		prepare: async (itemIndex) => await module.prepare.call(context, client, itemIndex),
		sendPrepared: async (prepared, stopOnError) => await createItems(client, prepared, { ...readBatchSettings(context), stopOnError, signal }),
		call: callFor,
	};
	await runBatchedWrite(context, binding, outcomes, continueOnFail, signal);
}

/** Runs a Microsoft Graph operation's items: the same loop, with Graph requests and JSON batches. */
async function runGraph(context: IExecuteFunctions, module: GraphOperationModule, client: GraphClient, outcomes: Map<number, Outcome>, continueOnFail: boolean, signal?: AbortSignal) {
	const callFor = (itemIndex: number, kind: 'read' | 'write'): GraphItemCall => ({
		client,
		itemIndex,
		send: async (request, mailbox) => await client.request(request, mailbox, { kind, signal }),
	});
	if (module.kind !== 'batchedWrite') return await runPerItem(context, module, callFor, outcomes, continueOnFail, signal);
	const binding: Binding<GraphItemCall, PreparedGraphWrite, PreparedGraphSteps> = {
		prepare: async (itemIndex) => await module.prepare.call(context, client, itemIndex),
		sendPrepared: async (prepared, stopOnError) => await sendGraphWrites(client, prepared, { ...readBatchSettings(context), stopOnError, signal }),
		call: callFor,
	};
	await runBatchedWrite(context, binding, outcomes, continueOnFail, signal);
}

/** "Advanced → Custom EWS Request": the resource and operation as the editor names them. */
function operationTitle(resource: string, operation: string): string {
	const nameIn = (name: string, value: string, shown?: (property: INodeProperties) => boolean) =>
		operationDescriptions
			.filter((property) => property.name === name && (shown?.(property) ?? true))
			.flatMap((property) => (property.options ?? []) as Array<{ name?: string; value?: unknown }>)
			.find((option) => option.value === value)?.name ?? value;
	const resourceName = nameIn('resource', resource);
	const operationName = nameIn('operation', operation, (property) => property.displayOptions?.show?.resource?.includes(resource) === true);
	return `${resourceName} → ${operationName}`;
}

/** An operation Graph cannot carry, refused before anything is sent. */
function notOverGraph(context: IExecuteFunctions, resource: string, operation: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${operationTitle(resource, operation)} needs the EWS API; this credential uses Microsoft Graph`, {
		description:
			resource === 'advanced'
				? 'A custom EWS request is EWS itself: it cannot travel over Microsoft Graph. Use an HTTP Request node with the Microsoft Graph credential for Graph calls the node does not offer.'
				: 'Set the credential\'s API to EWS for this operation, or use another credential whose API is EWS (README: operations over Microsoft Graph).',
	});
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

	// Stop and the workflow timeout abort this signal; n8n versions without it cannot cancel the node.
	const signal = this.getExecutionCancelSignal?.();
	let run: (() => Promise<void>) | undefined;
	let api: OnlineApi | undefined;
	try {
		const concurrency = module.kind === 'batchedWrite' ? readBatchSettings(this).concurrency : undefined;
		api = await credentialApi(this);
		if (api === 'graph') {
			const graphModule = GRAPH_OPERATIONS[resource]?.[operation];
			if (!graphModule) throw notOverGraph(this, resource, operation);
			const client = await getGraphClient(this, concurrency);
			run = async () => await runGraph(this, graphModule, client, outcomes, continueOnFail, signal);
		} else {
			const client = await getEwsClient(this, concurrency);
			run = async () => await runEws(this, module, client, outcomes, continueOnFail, signal);
		}
	} catch (error) {
		// The credential could not be read, or Graph cannot carry the operation: no item runs.
		if (!continueOnFail) throw error instanceof NodeOperationError ? error : toNodeError(this.getNode(), error);
		items.forEach((_, itemIndex) => outcomes.set(itemIndex, { error }));
	}
	if (run) await run();
	const ewsShutDown = api === 'ews' && this.getNodeParameter('authentication', 0, 'onPremises') !== 'onPremises' && Date.now() >= EWS_SHUTDOWN;

	const writes = module.kind === 'batchedWrite' || (module.kind === 'singleCall' && module.sends === 'write');
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes.get(itemIndex);
		if (!outcome) continue;
		for (const item of outcome.output ?? []) output.push({ ...item, pairedItem: { item: itemIndex } });
		if (!('error' in outcome)) continue;
		const error = itemError(this, outcome.error, itemIndex);
		if (ewsShutDown) error.description = error.description ? `${error.description}\n\n${EWS_SHUT_DOWN_NOTE}` : EWS_SHUT_DOWN_NOTE;
		if (!continueOnFail) {
			if (writes) describeStop(error, outcomes, items.length);
			throw error;
		}
		output.push(errorItem(this, error, itemIndex));
	}
	return [output];
}
