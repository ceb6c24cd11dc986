import type { ExchangeVersion } from '../transport/settings';
import { el, textEl, type XmlElement } from '../transport/xml';
import { additionalProperties, type ItemKind } from './itemFields';

export type ItemBaseShape = 'IdOnly' | 'Default' | 'AllProperties';
export type BodyType = 'Best' | 'HTML' | 'Text';

/** ItemResponseShapeType, as GetItem and FindItem take it; fields beyond the base shape come from the field table. */
export interface ItemShape {
	base: ItemBaseShape;
	includeMimeContent?: boolean;
	bodyType?: BodyType;
	/** Keys of the field table, for the item kind they belong to. */
	additional?: { kind: ItemKind; keys: readonly string[] };
}

export function itemShapeElement(shape: ItemShape, version: ExchangeVersion): XmlElement {
	return el(
		'm:ItemShape',
		undefined,
		textEl('t:BaseShape', shape.base),
		shape.includeMimeContent !== undefined && textEl('t:IncludeMimeContent', shape.includeMimeContent ? 'true' : 'false'),
		textEl('t:BodyType', shape.bodyType),
		shape.additional && additionalProperties(shape.additional.kind, shape.additional.keys, version),
	);
}
