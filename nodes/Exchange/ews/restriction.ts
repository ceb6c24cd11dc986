import { el, type XmlElement } from '../transport/xml';
import { fieldOf, type ItemKind } from './itemFields';

/**
 * A search condition over fields of the field table (RestrictionType's SearchExpression), so that filters
 * name fields the way every other part of the node does and the FieldURI comes from one place.
 */
export type Condition =
	| { and: Condition[] }
	| { or: Condition[] }
	| { not: Condition }
	| { field: string; compare: Comparison; value: string | number | boolean }
	| { field: string; contains: string; mode?: 'FullString' | 'Prefixed' | 'Substring' }
	| { field: string; exists: true };

export type Comparison = 'IsEqualTo' | 'IsNotEqualTo' | 'IsGreaterThan' | 'IsGreaterThanOrEqualTo' | 'IsLessThan' | 'IsLessThanOrEqualTo';

function fieldUri(kind: ItemKind, key: string): XmlElement {
	return el('t:FieldURI', { FieldURI: fieldOf(kind, key).uri });
}

function constant(value: string | number | boolean): XmlElement {
	return el('t:Constant', { Value: typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value) });
}

function expression(kind: ItemKind, condition: Condition): XmlElement {
	if ('and' in condition) return el('t:And', undefined, condition.and.map((part) => expression(kind, part)));
	if ('or' in condition) return el('t:Or', undefined, condition.or.map((part) => expression(kind, part)));
	if ('not' in condition) return el('t:Not', undefined, expression(kind, condition.not));
	if ('exists' in condition) return el('t:Exists', undefined, fieldUri(kind, condition.field));
	if ('contains' in condition) {
		// Case-insensitive as Outlook's search box is; Substring unless a caller needs a prefix or the whole text.
		return el(
			't:Contains',
			{ ContainmentMode: condition.mode ?? 'Substring', ContainmentComparison: 'IgnoreCase' },
			fieldUri(kind, condition.field),
			constant(condition.contains),
		);
	}
	return el(`t:${condition.compare}`, undefined, fieldUri(kind, condition.field), el('t:FieldURIOrConstant', undefined, constant(condition.value)));
}

/** `m:Restriction`; an And or Or of one condition is written as that condition alone. */
export function restrictionElement(kind: ItemKind, condition: Condition): XmlElement {
	const single = 'and' in condition ? condition.and : 'or' in condition ? condition.or : undefined;
	if (single?.length === 0) throw new Error('A restriction needs at least one condition');
	return el('m:Restriction', undefined, expression(kind, single?.length === 1 ? single[0] : condition));
}
