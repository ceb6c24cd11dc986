import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Items one FindItem or FindFolder page asks for: few round trips, and a page's answer stays small. */
export const PAGE_SIZE = 100;

/** n8n's Return All / Limit pair, for every read that gives many items; each operation adds its displayOptions. */
export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many items the item's read may give: undefined for all. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const limit = Math.floor(Number(context.getNodeParameter('limit', itemIndex, 50)));
	return Number.isFinite(limit) && limit >= 1 ? limit : 50;
}

export interface Page<T> {
	items: T[];
	/** Where the next page starts; absent on the last page. */
	nextOffset?: number;
}

/**
 * The items of a paged read, page by page: a page is asked for only when the previous one has been turned
 * into output, and never for more than the limit still needs, so memory holds one page at a time.
 */
export async function* pages<T>(fetch: (offset: number, size: number) => Promise<Page<T>>, limit?: number, pageSize = PAGE_SIZE): AsyncIterable<T> {
	let remaining = limit ?? Infinity;
	let offset: number | undefined = 0;
	while (offset !== undefined && remaining > 0) {
		const page: Page<T> = await fetch(offset, Math.min(pageSize, remaining));
		for (const item of page.items.slice(0, remaining)) yield item;
		remaining -= page.items.length;
		offset = page.items.length === 0 ? undefined : page.nextOffset;
	}
}
