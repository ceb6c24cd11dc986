import { GraphError, type GraphRequestContext } from './types';

/** OData's query options as Graph applies them to collections and single resources: $select, $top, $skip, $expand and the next page's link. */

type Json = Record<string, unknown>;

function badQuery(message: string): GraphError {
	return new GraphError(400, 'BadRequest', message);
}

/** A comma-separated list, split outside parentheses (`attachments($select=name,size),singleValueExtendedProperties`). */
function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const character of text) {
		if (character === '(') depth++;
		if (character === ')') depth--;
		if (character === ',' && depth === 0) {
			parts.push(current.trim());
			current = '';
		} else {
			current += character;
		}
	}
	if (current.trim()) parts.push(current.trim());
	return parts;
}

/** `$select`'s properties; undefined for every property. Unknown names are refused as Graph refuses them. */
export function readSelect(value: string | null, properties: ReadonlySet<string>, type: string): string[] | undefined {
	if (!value) return undefined;
	const names = splitTopLevel(value);
	for (const name of names) {
		if (!properties.has(name)) throw badQuery(`Could not find a property named '${name}' on type '${type}'.`);
	}
	return names;
}

/** The resource with the selected properties only; `@odata.type`, `@odata.etag` and `id` always stay, as in Graph's answers. */
export function applySelect(resource: Json, select: string[] | undefined): Json {
	if (!select) return resource;
	return Object.fromEntries(Object.entries(resource).filter(([key]) => key.startsWith('@odata.') || key === 'id' || select.includes(key)));
}

/** `$expand`'s navigation properties, each with its own nested `$select`. */
export function readExpand(value: string | null, navigation: ReadonlySet<string>, type: string): Map<string, string | null> {
	const expanded = new Map<string, string | null>();
	for (const part of value ? splitTopLevel(value) : []) {
		const match = /^(\w+)(?:\((.*)\))?$/.exec(part);
		if (!match || !navigation.has(match[1])) throw badQuery(`Could not find a property named '${match?.[1] ?? part}' on type '${type}'.`);
		const nested = match[2] ? new URLSearchParams(match[2].replace(/;/g, '&')).get('$select') : null;
		expanded.set(match[1], nested);
	}
	return expanded;
}

function wholeNumber(value: string | null, name: string, fallback: number): number {
	if (value === null) return fallback;
	if (!/^\d+$/.test(value)) throw badQuery(`Invalid value '${value}' for query option ${name}.`);
	return Number(value);
}

/** `$top` (the page size, Graph's default and maximum for the resource) and `$skip`. */
export function readPage(query: URLSearchParams, defaultTop: number, maxTop: number): { top: number; skip: number } {
	const top = Math.min(wholeNumber(query.get('$top'), '$top', defaultTop), maxTop);
	return { top, skip: wholeNumber(query.get('$skip'), '$skip', 0) };
}

/**
 * One page of a collection: `value`, and `@odata.nextLink` (the same query with `$skip` moved on, under the
 * mailbox's `/users/{address}` path) while more entries follow.
 */
export function collectionPage(context: GraphRequestContext, entries: Json[], page: { top: number; skip: number }): Json {
	const value = entries.slice(page.skip, page.skip + page.top);
	const body: Json = { value };
	if (page.skip + value.length < entries.length && value.length > 0) {
		const next = new URLSearchParams(context.query);
		next.set('$skip', String(page.skip + value.length));
		next.set('$top', String(page.top));
		const owner = context.mailbox ? `/users/${encodeURIComponent(context.mailbox.smtpAddress)}` : '';
		body['@odata.nextLink'] = `${context.baseUrl}${owner}${context.path}?${next.toString().replace(/\+/g, '%20')}`;
	}
	return body;
}
