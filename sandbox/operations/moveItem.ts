import { OperationHandler } from './context';
import { transferItems } from './itemTransfers';

/** MoveItem: the item leaves its folder and arrives in ToFolderId under a new id, as Exchange moves it. */
export const moveItem: OperationHandler = (request, context) =>
	transferItems('MoveItem', request, context, (item, target) => context.store.moveItem(item.id, target));
