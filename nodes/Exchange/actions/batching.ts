import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_CONCURRENCY } from '../transport';

/** The most items Exchange takes in one CreateItem before it is likely to time out. */
export const MAX_BATCH_SIZE = 100;
// npm run bench (README): 1.1-1.3x faster than 25 at 100 ms a round trip; 100 doubles what one lost connection leaves unknown.
export const DEFAULT_BATCH_SIZE = 50;
const MAX_CONCURRENCY = 10;

/**
 * Requests larger than this are split: under Exchange 2010's ~35 MB EWS request limit (2013+: 64 MB),
 * with room for the envelope.
 */
export const MAX_REQUEST_BYTES = 25 * 1024 * 1024;

export interface BatchSettings {
	batchSize: number;
	concurrency: number;
}

/** Options every creating operation offers; they apply to the whole run and are read from the first item. */
export const batchingOptions: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
		default: DEFAULT_BATCH_SIZE,
		description:
			'How many items travel in one request to Exchange (1 to 100). Items that share mailbox and settings are grouped; 1 sends one request per item.',
	},
	{
		displayName: 'Parallel Requests',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: DEFAULT_CONCURRENCY,
		description:
			'How many requests may be in flight at once (1 to 10). Fewer while Exchange throttles. 1 with Batch Size 1 sends items one after another.',
	},
];

function bounded(value: unknown, fallback: number, max: number): number {
	const number = Math.floor(Number(value));
	return Number.isFinite(number) && number >= 1 ? Math.min(number, max) : fallback;
}

export function readBatchSettings(context: IExecuteFunctions): BatchSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		batchSize: bounded(options.batchSize, DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE),
		concurrency: bounded(options.concurrency, DEFAULT_CONCURRENCY, MAX_CONCURRENCY),
	};
}
