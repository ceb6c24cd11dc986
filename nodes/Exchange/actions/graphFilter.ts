import type { Comparison, Condition } from '../ews/restriction';

/**
 * Email → Get Many's filters (the conditions the EWS path builds, ews/restriction.ts) as Graph's OData
 * `$filter` over message properties (learn.microsoft.com/graph/query-parameters, filter-query-parameter).
 */

const COMPARISONS: Record<Comparison, string> = {
	IsEqualTo: 'eq',
	IsNotEqualTo: 'ne',
	IsGreaterThan: 'gt',
	IsGreaterThanOrEqualTo: 'ge',
	IsLessThan: 'lt',
	IsLessThanOrEqualTo: 'le',
};

/** An OData string literal: in single quotes, a quote doubled. */
export function odataString(text: string): string {
	return `'${text.replace(/'/g, "''")}'`;
}

/** A DateTimeOffset literal in UTC: an offset's "+" would need encoding and some services read it wrongly. */
function odataDateTime(value: string): string {
	return new Date(value).toISOString().replace(/\.\d+Z$/, 'Z');
}

function literal(field: string, value: string | number | boolean): string {
	if (field === 'receivedAt' || field === 'sentAt') return odataDateTime(String(value));
	if (field === 'importance') return odataString(String(value).toLowerCase());
	if (typeof value === 'string') return odataString(value);
	return String(value);
}

/** The Graph property of a field table key the filters use. */
const PROPERTIES: Record<string, string> = {
	isRead: 'isRead',
	subject: 'subject',
	receivedAt: 'receivedDateTime',
	sentAt: 'sentDateTime',
	hasAttachments: 'hasAttachments',
	importance: 'importance',
};

function property(field: string): string {
	const name = PROPERTIES[field];
	if (!name) throw new Error(`No Graph filter for the field "${field}"`);
	return name;
}

/**
 * A category's or sender's text: Graph filters the categories with a lambda (`any`), a sender by its address
 * or name. Graph compares strings without case, as EWS's IgnoreCase does. Recipient lists cannot be filtered
 * (Exchange Online refuses `toRecipients/any(...)`): getMany.graph.ts keeps "To Me" out of the filter.
 */
function contains(condition: { field: string; contains: string; mode?: string }): string {
	const text = odataString(condition.contains);
	switch (condition.field) {
		case 'from':
			return `(contains(from/emailAddress/address,${text}) or contains(from/emailAddress/name,${text}))`;
		case 'categories':
			return `categories/any(c:c eq ${text})`;
		default: {
			const name = property(condition.field);
			if (condition.mode === 'FullString') return `${name} eq ${text}`;
			return condition.mode === 'Prefixed' ? `startswith(${name},${text})` : `contains(${name},${text})`;
		}
	}
}

/** One condition as an OData boolean expression. */
export function odataFilter(condition: Condition): string {
	if ('and' in condition) return condition.and.map((part) => group(part)).join(' and ');
	if ('or' in condition) return condition.or.map((part) => group(part)).join(' or ');
	if ('not' in condition) return `not ${group(condition.not)}`;
	if ('exists' in condition) return `${property(condition.field)} ne null`;
	if ('contains' in condition) return contains(condition);
	return `${property(condition.field)} ${COMPARISONS[condition.compare]} ${literal(condition.field, condition.value)}`;
}

function group(condition: Condition): string {
	const text = odataFilter(condition);
	return ('and' in condition && condition.and.length > 1) || ('or' in condition && condition.or.length > 1) ? `(${text})` : text;
}
