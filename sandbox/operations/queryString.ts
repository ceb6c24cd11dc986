import { StoredItem } from '../store';
import { ItemError } from './context';
import { itemValue } from './itemProperties';

/**
 * A small, documented subset of Advanced Query Syntax for FindItem's QueryString (see sandbox/README.md):
 * terms are ANDed, `OR` between two terms makes them alternatives (binding tighter than the implicit AND),
 * `NOT term` or `-term` negates one;
 * a value is a word or a "quoted phrase" and matches when the property contains it, ignoring case.
 * Free terms search subject, body, sender, To and Cc and attachment names. Property terms:
 * subject: body: from: to: cc: participants: category: attachment: (attachment names),
 * hasattachment(s):true|false, isread:true|false, importance:low|normal|high, and the dates
 * received / sent with `:` (that UTC day), `=`, `>`, `>=`, `<`, `<=` and a date or date-time (UTC).
 */

type ItemTest = (item: StoredItem) => boolean;

const TOKEN = /(-)?(?:([A-Za-z]+)(>=|<=|:|=|>|<))?("[^"]*"|[^\s"]+)/g;
const DAY_MS = 24 * 60 * 60 * 1000;

function contains(haystack: Array<string | undefined>, needle: string): boolean {
	const wanted = needle.toLowerCase();
	return haystack.some((text) => text !== undefined && text.toLowerCase().includes(wanted));
}

function texts(item: StoredItem, ...uris: string[]): Array<string | undefined> {
	return uris.flatMap((uri) => {
		const value = itemValue(item, uri);
		return Array.isArray(value) ? value : [value === undefined ? undefined : String(value)];
	});
}

function attachmentNames(item: StoredItem): string[] {
	return item.attachments.map((a) => a.name);
}

function flag(text: string, property: string): boolean {
	const value = text.toLowerCase();
	if (value !== 'true' && value !== 'false') throw new ItemError('ErrorInvalidRestriction', `AQS ${property}: takes true or false.`);
	return value === 'true';
}

function dateTest(property: string, operator: string, value: string): ItemTest {
	const from = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
	if (Number.isNaN(from)) throw new ItemError('ErrorInvalidRestriction', `AQS ${property}: needs a date, not "${value}".`);
	const wholeDay = /^\d{4}-\d{2}-\d{2}$/.test(value) && operator === ':';
	const uri = property === 'received' ? 'item:DateTimeReceived' : 'item:DateTimeSent';
	return (item) => {
		const at = itemValue(item, uri);
		if (!(at instanceof Date)) return false;
		const t = at.getTime();
		switch (operator) {
			case '>':
				return t > from;
			case '>=':
				return t >= from;
			case '<':
				return t < from;
			case '<=':
				return t <= from;
			default:
				return wholeDay ? t >= from && t < from + DAY_MS : t === from;
		}
	};
}

function propertyTest(property: string, operator: string, value: string): ItemTest {
	if (property === 'received' || property === 'sent') return dateTest(property, operator, value);
	if (operator !== ':' && operator !== '=') throw new ItemError('ErrorInvalidRestriction', `AQS ${property} takes ":" only.`);
	switch (property) {
		case 'subject':
			return (item) => contains(texts(item, 'item:Subject'), value);
		case 'body':
			return (item) => contains(texts(item, 'item:Body'), value);
		case 'from':
			return (item) => contains(texts(item, 'message:From'), value);
		case 'to':
			return (item) => contains(texts(item, 'message:ToRecipients'), value);
		case 'cc':
			return (item) => contains(texts(item, 'message:CcRecipients'), value);
		case 'participants':
			return (item) => contains(texts(item, 'message:From', 'message:ToRecipients', 'message:CcRecipients'), value);
		case 'category':
			return (item) => contains(item.categories, value);
		case 'attachment':
		case 'attachmentnames':
			return (item) => contains(attachmentNames(item), value);
		case 'hasattachment':
		case 'hasattachments': {
			const wanted = flag(value, property);
			return (item) => item.hasAttachments === wanted;
		}
		case 'isread': {
			const wanted = flag(value, property);
			return (item) => itemValue(item, 'message:IsRead') === wanted;
		}
		case 'importance':
			return (item) => (item.importance ?? '').toLowerCase() === value.toLowerCase();
		default:
			throw new ItemError('ErrorInvalidRestriction', `The sandbox's AQS has no property ${property}:.`);
	}
}

function freeTest(value: string): ItemTest {
	return (item) =>
		contains([...texts(item, 'item:Subject', 'item:Body', 'message:From', 'message:ToRecipients', 'message:CcRecipients'), ...attachmentNames(item)], value);
}

/** The query as a test of one item; an empty query matches everything. */
export function compileQueryString(query: string | undefined): ItemTest {
	// Clauses are ANDed; the terms of one clause are alternatives joined by OR.
	const clauses: ItemTest[][] = [];
	let joinNext = false;
	let negateNext = false;
	for (const match of (query ?? '').matchAll(TOKEN)) {
		const [, minus, property, operator, rawValue] = match;
		const keyword = !property && !minus ? rawValue : undefined;
		if (keyword === 'OR') {
			joinNext = clauses.length > 0;
			continue;
		}
		if (keyword === 'AND') continue;
		if (keyword === 'NOT') {
			negateNext = true;
			continue;
		}
		const value = rawValue.startsWith('"') ? rawValue.slice(1, -1) : rawValue;
		const test = property ? propertyTest(property.toLowerCase(), operator, value) : freeTest(value);
		const term: ItemTest = negateNext || minus === '-' ? (item) => !test(item) : test;
		if (joinNext) clauses[clauses.length - 1].push(term);
		else clauses.push([term]);
		joinNext = false;
		negateNext = false;
	}
	return (item) => clauses.every((alternatives) => alternatives.some((test) => test(item)));
}
