import { EwsError } from '../transport/errors';
import type { EwsAnswer } from '../transport/responses';
import type { ExchangeVersion } from '../transport/settings';
import { childNode, el, type XmlElement } from '../transport/xml';
import { itemIdElement, type ItemRef } from './itemIds';
import { readItem, type ReadItem } from './itemFields';
import { itemShapeElement, type ItemShape } from './itemShape';
import { perMessage, type EwsOperation, type PerItem } from './operation';

export const GET_ITEM: EwsOperation = { name: 'GetItem', since: 'Exchange2007' };

export interface GetItemRequest {
	items: ItemRef[];
	shape: ItemShape;
}

/** `m:GetItem`: ItemShape, then the ids. */
export function buildGetItem(request: GetItemRequest, version: ExchangeVersion): XmlElement {
	return el('m:GetItem', undefined, itemShapeElement(request.shape, version), el('m:ItemIds', undefined, request.items.map(itemIdElement)));
}

/** One result per requested id, in request order: the item read with its kind's fields, or Exchange's error for it. */
export function readGetItem(answer: EwsAnswer): Array<PerItem<ReadItem>> {
	return perMessage(answer, (message) => {
		const item = childNode(message.node, 'Items')?.children[0];
		if (!item) throw new EwsError({ code: 'InvalidResponse', message: 'Exchange answered GetItem without the item', processing: 'processed' });
		return readItem(item);
	});
}
