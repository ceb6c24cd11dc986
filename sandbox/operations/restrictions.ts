import { ParsedElement } from '../xml';
import { ItemError } from './context';

/**
 * Restrictions (FindItem, FindFolder) evaluated against one item or folder, whose properties the caller
 * looks up by FieldURI. Per the Restriction reference: And, Or, Not; Exists; IsEqualTo, IsNotEqualTo,
 * IsGreaterThan(OrEqualTo), IsLessThan(OrEqualTo) against a Constant or another FieldURI; Contains with
 * ContainmentMode (FullString, Prefixed, Substring, PrefixOnWords, ExactPhrase) and ContainmentComparison
 * (Exact is case-sensitive, the IgnoreCase and Loose ones are not). String comparisons in the relational
 * tests ignore case, as Exchange's store sorts and compares text. A property the object lacks makes every
 * test on it false (and Exists false).
 */

export type PropertyValue = string | number | boolean | Date | string[] | undefined;
export type PropertyLookup = (fieldUri: string) => PropertyValue;
export type Predicate = (lookup: PropertyLookup) => boolean;

const RELATIONS: Record<string, (order: number) => boolean> = {
	IsEqualTo: (o) => o === 0,
	IsNotEqualTo: (o) => o !== 0,
	IsGreaterThan: (o) => o > 0,
	IsGreaterThanOrEqualTo: (o) => o >= 0,
	IsLessThan: (o) => o < 0,
	IsLessThanOrEqualTo: (o) => o <= 0,
};

/** The `m:Restriction` element's one search expression as a predicate; no restriction matches everything. */
export function compileRestriction(restriction: ParsedElement | undefined): Predicate {
	const expression = restriction?.children()[0];
	return expression ? compile(expression) : () => true;
}

function compile(expression: ParsedElement): Predicate {
	const name = expression.localName;
	if (name === 'And' || name === 'Or') {
		const parts = expression.children().map(compile);
		return name === 'And' ? (l) => parts.every((p) => p(l)) : (l) => parts.some((p) => p(l));
	}
	if (name === 'Not') {
		const inner = compile(expression.children()[0]);
		return (l) => !inner(l);
	}
	if (name === 'Exists') {
		const uri = fieldUri(expression);
		return (l) => present(l(uri));
	}
	if (name === 'Contains') return compileContains(expression);
	const relation = RELATIONS[name];
	if (relation) return compileRelation(expression, relation);
	throw new ItemError('ErrorUnsupportedQueryFilter', `The sandbox does not evaluate ${name} restrictions.`);
}

function fieldUri(expression: ParsedElement): string {
	const uri = expression.child('t:FieldURI')?.attr('FieldURI');
	if (uri === undefined) throw new ItemError('ErrorUnsupportedPathForQuery', 'The sandbox restricts on FieldURI properties only.');
	return uri;
}

function present(value: PropertyValue): boolean {
	return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

function compileRelation(expression: ParsedElement, relation: (order: number) => boolean): Predicate {
	const left = fieldUri(expression);
	const right = expression.child('t:FieldURIOrConstant')?.children()[0];
	if (!right) throw new ItemError('ErrorInvalidRestriction', 'The restriction has no FieldURIOrConstant.');
	const constant = right.is('t:Constant') ? (right.attr('Value') ?? '') : undefined;
	const otherUri = right.is('t:FieldURI') ? right.attr('FieldURI') : undefined;
	if (constant === undefined && otherUri === undefined) {
		throw new ItemError('ErrorUnsupportedPathForQuery', 'The sandbox compares with a Constant or a FieldURI only.');
	}
	return (lookup) => {
		const value = lookup(left);
		const other = otherUri === undefined ? constant : lookup(otherUri);
		if (!present(value) || other === undefined) return false;
		// A multi-valued property (Categories) matches when one of its values does.
		const values: Array<string | number | boolean | Date> = Array.isArray(value) ? value : [value as string | number | boolean | Date];
		return values.some((v) => {
			const order = compareValues(v, other);
			return order !== undefined && relation(order);
		});
	};
}

/** Orders a property value against a constant (read in the property's type) or another property's value. */
function compareValues(value: string | number | boolean | Date, other: Exclude<PropertyValue, undefined>): number | undefined {
	const sign = (a: number, b: number) => (a === b ? 0 : a < b ? -1 : 1);
	const otherText = Array.isArray(other) ? other[0] : other;
	if (value instanceof Date) {
		const time = otherText instanceof Date ? otherText.getTime() : Date.parse(String(otherText));
		return Number.isNaN(time) ? undefined : sign(value.getTime(), time);
	}
	if (typeof value === 'number') {
		const number = Number(otherText);
		return Number.isNaN(number) ? undefined : sign(value, number);
	}
	if (typeof value === 'boolean') {
		const text = String(otherText).trim().toLowerCase();
		const bool = text === 'true' || text === '1';
		return value === bool ? 0 : value ? 1 : -1;
	}
	return Math.sign(value.toLowerCase().localeCompare(String(otherText).toLowerCase()));
}

function compileContains(expression: ParsedElement): Predicate {
	const uri = fieldUri(expression);
	const wanted = expression.child('t:Constant')?.attr('Value') ?? '';
	const mode = expression.attr('ContainmentMode') ?? 'Substring';
	const comparison = expression.attr('ContainmentComparison') ?? 'Exact';
	const ignoreCase = /IgnoreCase|Loose/.test(comparison);
	const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
	const needle = fold(wanted);
	const test = (text: string): boolean => {
		const hay = fold(text);
		switch (mode) {
			case 'FullString':
				return hay === needle;
			case 'Prefixed':
				return hay.startsWith(needle);
			case 'PrefixOnWords':
				return hay.split(/\s+/).some((word) => word.startsWith(needle));
			default:
				return hay.includes(needle);
		}
	};
	return (lookup) => {
		const value = lookup(uri);
		if (!present(value)) return false;
		return (Array.isArray(value) ? value : [value]).some((v) => test(v instanceof Date ? v.toISOString() : String(v)));
	};
}
