import { OperationHandler } from './context';
import { transferItems } from './itemTransfers';

/** CopyItem: a copy with its own id (its attachments too) in ToFolderId; the original stays as it was. */
export const copyItem: OperationHandler = (request, context) =>
	transferItems('CopyItem', request, context, (item, target) => context.store.copyItem(item.id, target));
