import { ParsedElement } from '../xml';

/** What FolderShape and ItemShape share: BaseShape, and the FieldURIs of AdditionalProperties. */

export type BaseShape = 'IdOnly' | 'Default' | 'AllProperties';

export function readBaseShape(shape: ParsedElement | undefined): BaseShape {
	const base = shape?.childText('t:BaseShape')?.trim();
	return base === 'IdOnly' || base === 'AllProperties' ? base : 'Default';
}

/** The FieldURIs of AdditionalProperties (ExtendedFieldURI and IndexedFieldURI are not served). */
export function additionalFieldUris(shape: ParsedElement | undefined): Set<string> {
	return new Set((shape?.child('t:AdditionalProperties')?.children('t:FieldURI') ?? []).map((f) => f.attr('FieldURI') ?? ''));
}
