import { StoredItem } from '../store';
import { BuiltElement, ParsedElement, el } from '../xml';
import { ItemError, OperationContext } from './context';
import { BaseShape, additionalFieldUris, readBaseShape } from './shapes';
import { BodyTypeWanted, WriteContext, propertiesOf } from './itemProperties';

/**
 * ItemShape (GetItem, FindItem): BaseShape IdOnly (the ItemId), Default (the properties marked so) or
 * AllProperties (every property the sandbox keeps but MimeContent), plus AdditionalProperties by FieldURI,
 * IncludeMimeContent and BodyType (Best, HTML, Text). FindItem cannot return Body, UniqueBody, MimeContent nor
 * Attachments: FindItem's Default leaves them out and naming them is ErrorInvalidPropertyRequest.
 */

export interface ItemShape {
	base: BaseShape;
	additional: Set<string>;
	includeMime: boolean;
	bodyType: BodyTypeWanted;
	forFind: boolean;
}

const NOT_IN_FIND = ['item:Body', 'item:UniqueBody', 'item:MimeContent', 'item:Attachments'];

export function readItemShape(shape: ParsedElement | undefined, forFind: boolean): ItemShape {
	const additional = additionalFieldUris(shape);
	const refused = forFind ? NOT_IN_FIND.find((uri) => additional.has(uri)) : undefined;
	if (refused) throw new ItemError('ErrorInvalidPropertyRequest', `The property ${refused} can't be used in FindItem requests.`);
	const bodyType = shape?.childText('t:BodyType')?.trim();
	return {
		base: readBaseShape(shape),
		additional,
		includeMime: !forFind && shape?.childText('t:IncludeMimeContent')?.trim() === 'true',
		bodyType: bodyType === 'HTML' || bodyType === 'Text' ? bodyType : 'Best',
		forFind,
	};
}

export function itemElement(item: StoredItem, shape: ItemShape, context: OperationContext): BuiltElement {
	const { element, properties } = propertiesOf(item);
	const write: WriteContext = {
		bodyType: shape.bodyType,
		parentFolder: (i) => context.store.folderOf(i),
		mime: (i) => context.store.mimeOf(i),
	};
	const wanted = properties.filter((p) => {
		if (shape.additional.has(p.uri) || (p.uri === 'item:MimeContent' && shape.includeMime)) return true;
		if (p.onlyWhenNamed || (shape.forFind && NOT_IN_FIND.includes(p.uri))) return false;
		return shape.base === 'AllProperties' || (shape.base === 'Default' && p.inDefault === true);
	});
	// ItemId follows MimeContent in ItemType's sequence.
	const mime = wanted[0]?.uri === 'item:MimeContent' ? wanted.shift() : undefined;
	return el(
		element,
		{},
		mime?.write(item, write),
		el('t:ItemId', { Id: item.id, ChangeKey: item.changeKey }),
		wanted.map((p) => p.write(item, write)),
	);
}
