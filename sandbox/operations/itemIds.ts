import { StoredItem } from '../store';
import { ParsedElement } from '../xml';
import { ItemError, OperationContext, canAccess } from './context';

/**
 * The stored item an `t:ItemId` (or a response object's `t:ReferenceItemId`) names, when the caller may reach
 * its mailbox (the store refuses bad ids).
 */
export function resolveItemId(context: OperationContext, id: ParsedElement): StoredItem {
	if (!id.is('t:ItemId') && !id.is('t:ReferenceItemId')) throw new ItemError('ErrorInvalidRequest', `The sandbox does not resolve item ids of kind ${id.name}.`);
	const item = context.store.getItem(id.attr('Id') ?? '');
	if (!canAccess(context, item.mailbox)) throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
	return item;
}
