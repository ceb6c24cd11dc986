import type { GraphItemCall } from './graphTypes';
import type { GraphJson, GraphRequest } from '../transport/graph/types';

/** Items one Graph page asks for ($top); Graph's own maximum for messages and events is 1000. */
export const GRAPH_PAGE_SIZE = 100;

/**
 * The `value` entries of a paged Graph collection, page by page through `@odata.nextLink`: a page is asked
 * for only when the previous one has been used, and no more are asked for once `limit` entries were given.
 */
export async function* graphPages(call: GraphItemCall, first: GraphRequest, mailbox?: string, limit?: number): AsyncIterable<GraphJson> {
	let remaining = limit ?? Infinity;
	let request: GraphRequest | undefined = { ...first, query: { $top: Math.min(GRAPH_PAGE_SIZE, remaining), ...first.query } };
	while (request && remaining > 0) {
		const answer = await call.send(request, mailbox);
		const entries = Array.isArray(answer.body?.value) ? (answer.body.value as GraphJson[]) : [];
		for (const entry of entries.slice(0, remaining)) yield entry;
		remaining -= entries.length;
		const next = answer.body?.['@odata.nextLink'];
		// The next page is asked for with the first one's headers: Graph applies Prefer (time zone, body type) per request.
		request = typeof next === 'string' && entries.length > 0 ? { method: 'GET', path: '', url: next, headers: first.headers } : undefined;
	}
}
