import type { EwsResponseMessage } from '../transport/responses';
import { childNode } from '../transport/xml';
import { id, type EwsId } from './fieldTypes';

/**
 * The id of the one item a MoveItem, CopyItem or UpdateItem ResponseMessage names: the item's new id (a
 * moved or copied item gets one) or its new ChangeKey. Absent when Exchange moved the item into another
 * mailbox or, before Exchange 2010 SP1, left the new id out.
 */
export function readResultItemId(responseMessage: EwsResponseMessage): EwsId | undefined {
	const item = childNode(responseMessage.node, 'Items')?.children[0];
	const itemId = childNode(item, 'ItemId');
	return itemId ? id.read(itemId) : undefined;
}
