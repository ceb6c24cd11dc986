import type { ExtendedProperty, StoredItem } from '../store';
import { GraphError } from './types';

/**
 * Graph's singleValueExtendedProperties (learn.microsoft.com/graph/api/resources/singlevaluelegacyextendedproperty):
 * written on create or by PATCH, matched by `$filter=singleValueExtendedProperties/Any(ep: ep/id eq '...' and
 * ep/value eq '...')`. Ids are "{type} {guid} Name {name}", "{type} {guid} Id 0x{hex}" or "{type} 0x{tag}";
 * they compare without case, as Exchange resolves them to the same property.
 */

const PROPERTY_ID = /^[A-Za-z]+ (\{[0-9A-Fa-f-]{36}\} (Name \S.*|Id 0x[0-9A-Fa-f]{1,4})|0x[0-9A-Fa-f]{1,4})$/;

/** The collection as a request writes it; refused (400) when it is not one of well-formed ids and text values. */
export function readExtendedProperties(value: unknown): ExtendedProperty[] {
	if (!Array.isArray(value)) throw new GraphError(400, 'BadRequest', 'singleValueExtendedProperties must be a collection.');
	return value.map((entry: unknown) => {
		const json = (entry ?? {}) as Record<string, unknown>;
		const id = typeof json.id === 'string' ? json.id : '';
		if (!PROPERTY_ID.test(id)) throw new GraphError(400, 'BadRequest', `The extended property id '${id}' is not valid.`);
		if (typeof json.value !== 'string') throw new GraphError(400, 'BadRequest', `The extended property '${id}' needs a string value.`);
		return { id, value: json.value };
	});
}

/** Properties written later replace those with the same id. */
export function mergedProperties(existing: ExtendedProperty[] | undefined, added: ExtendedProperty[]): ExtendedProperty[] {
	const kept = (existing ?? []).filter((property) => !added.some((other) => other.id.toLowerCase() === property.id.toLowerCase()));
	return [...kept, ...added];
}

/** What a `$filter` over singleValueExtendedProperties sees of an item (Graph lists them only under `$expand`). */
export function extendedPropertiesJson(item: StoredItem): Array<{ id: string; value: string }> {
	return (item.extendedProperties ?? []).map(({ id, value }) => ({ id, value }));
}

/** PidTagDeleteAfterSubmit set true: the message leaves no copy in Sent Items when sent. */
export function deletesAfterSubmit(item: { extendedProperties?: ExtendedProperty[] }): boolean {
	return (item.extendedProperties ?? []).some((p) => /^Boolean 0x0?E01$/i.test(p.id) && p.value.toLowerCase() === 'true');
}
