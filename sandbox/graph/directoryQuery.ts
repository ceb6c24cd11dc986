import { GraphError, type GraphRequestContext, type GraphResult } from './types';
import { selected, type GraphObject } from './representations/directoryObject';

/**
 * The query options the sandbox's directory collections (/users, /groups, members) take, as Microsoft Graph
 * reads them for directory objects (learn.microsoft.com/graph/aad-advanced-queries, /graph/search-query-parameter):
 * `$search` ("property:value" clauses joined by OR / AND, needing ConsistencyLevel: eventual), a subset of
 * `$filter` (eq and startswith, joined by or / and), `$select`, `$top` with `$skiptoken` paging, `$count`.
 */

type Predicate = (object: GraphObject) => boolean;

const unsupported = (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message);

function text(object: GraphObject, property: string): string | undefined {
	const value = object[property];
	return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** Joins clauses by the one connective used (Graph's directory queries take no parentheses here). */
function joined(parts: Predicate[], connective: 'and' | 'or'): Predicate {
	return connective === 'and' ? (object) => parts.every((part) => part(object)) : (object) => parts.some((part) => part(object));
}

/**
 * `"displayName:ali" OR "mail:ali"`: displayName (and description) are tokenized, so a value matches the start of
 * any of their words; any other property matches by its start, as startswith would.
 */
export function parseSearch(search: string): Predicate {
	const clause = /\s*"((?:[^"\\]|\\.)*)"\s*/y;
	const connective = /(OR|AND)/y;
	const parts: Predicate[] = [];
	const connectives = new Set<string>();
	let position = 0;
	for (;;) {
		clause.lastIndex = position;
		const match = clause.exec(search);
		if (!match) throw unsupported(`Invalid $search: ${search}`);
		const body = match[1].replace(/\\(.)/g, '$1');
		const colon = body.indexOf(':');
		if (colon <= 0) throw unsupported(`$search clauses name a property ("displayName:value"): ${search}`);
		const property = body.slice(0, colon);
		const value = body.slice(colon + 1).toLowerCase();
		const tokenized = property === 'displayName' || property === 'description';
		parts.push((object) => {
			const field = text(object, property);
			if (field === undefined) return false;
			return tokenized ? field.split(/[\s\-_.,()]+/).some((word) => word.startsWith(value)) || field.startsWith(value) : field.startsWith(value);
		});
		position = clause.lastIndex;
		if (position >= search.length) break;
		connective.lastIndex = position;
		const word = connective.exec(search);
		if (!word) throw unsupported(`Invalid $search: ${search}`);
		connectives.add(word[1]);
		position = connective.lastIndex;
	}
	if (connectives.size > 1) throw unsupported('The sandbox takes $search clauses joined by OR or by AND, not both');
	return joined(parts, connectives.has('AND') ? 'and' : 'or');
}

/** `mail eq 'a@b'`, `startswith(displayName,'al')`, joined by `or` or by `and`; quotes doubled inside literals. */
export function parseFilter(filter: string): Predicate {
	const literal = "'((?:[^']|'')*)'";
	const eq = new RegExp(`^\\s*(\\w+)\\s+eq\\s+${literal}\\s*$`, 'i');
	const startsWith = new RegExp(`^\\s*startswith\\(\\s*(\\w+)\\s*,\\s*${literal}\\s*\\)\\s*$`, 'i');
	const connectives = new Set((filter.match(/\s(or|and)\s/gi) ?? []).map((word) => word.trim().toLowerCase()));
	if (connectives.size > 1) throw unsupported('The sandbox takes $filter clauses joined by or or by and, not both');
	const parts = filter.split(/\s(?:or|and)\s/i).map((part): Predicate => {
		const match = eq.exec(part) ?? startsWith.exec(part);
		if (!match) throw unsupported(`Unsupported or invalid query filter clause specified: ${part.trim()}`);
		const [, property, raw] = match;
		const value = raw.replace(/''/g, "'").toLowerCase();
		return eq.test(part) ? (object) => text(object, property) === value : (object) => text(object, property)?.startsWith(value) === true;
	});
	return joined(parts, connectives.has('and') ? 'and' : 'or');
}

const MAX_PAGE = 999;
const DEFAULT_PAGE = 100;

/**
 * One page of a directory collection after $search / $filter, with @odata.nextLink while more remain. `$search`
 * (and `$count`) on directory objects are advanced queries: refused without `ConsistencyLevel: eventual`.
 */
export function directoryPage(context: GraphRequestContext, objects: GraphObject[], odataContext: string): GraphResult {
	const { query, headers } = context;
	const search = query.get('$search');
	const advanced = (headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
	if (search !== null && !advanced) {
		throw new GraphError(
			400,
			'Request_UnsupportedQuery',
			"Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
		);
	}
	let matching = objects;
	if (search !== null) matching = matching.filter(parseSearch(search));
	const filter = query.get('$filter');
	if (filter !== null) matching = matching.filter(parseFilter(filter));
	const top = query.has('$top') ? Number(query.get('$top')) : DEFAULT_PAGE;
	if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE) throw new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${query.get('$top')}'. Must be between 1 and ${MAX_PAGE} inclusive.`);
	const skip = Number(query.get('$skiptoken') ?? 0);
	if (!Number.isInteger(skip) || skip < 0) throw new GraphError(400, 'Request_BadRequest', 'The $skiptoken is not valid');
	const page = matching.slice(skip, skip + top).map((object) => selected(object, query.get('$select')));
	const body: GraphObject = { '@odata.context': `${context.baseUrl}/$metadata#${odataContext}` };
	if (query.get('$count') === 'true' && advanced) body['@odata.count'] = matching.length;
	if (skip + top < matching.length) {
		const next = new URLSearchParams(query);
		next.set('$skiptoken', String(skip + top));
		body['@odata.nextLink'] = `${context.baseUrl}${context.path}?${next.toString()}`;
	}
	body.value = page;
	return { status: 200, body };
}
