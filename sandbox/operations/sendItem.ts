import { operationResponse } from '../soap';
import { ItemError, OperationHandler } from './context';
import { resolveTargetFolder } from './folderIds';
import { resolveItemId } from './itemIds';
import { checkRecipients } from './recipients';
import { respondEach } from './responses';

/**
 * SendItem: sends saved messages (drafts) by ItemId, each delivered as CreateItem's send delivers; with
 * SaveItemToFolder true a copy goes to SavedItemFolderId (Sent Items when not given), and the draft leaves its
 * folder. A ChangeKey that is no longer current is ErrorStaleObject; a message without recipients is
 * ErrorInvalidRecipients. The answer carries no item.
 */
export const sendItem: OperationHandler = (request, context) => {
	const saveCopy = request.attr('SaveItemToFolder')?.trim() === 'true' || request.attr('SaveItemToFolder')?.trim() === '1';
	const ids = request.child('m:ItemIds')?.children() ?? [];
	return operationResponse(
		'SendItem',
		respondEach('SendItem', undefined, ids, context, (id) => {
			const item = resolveItemId(context, id);
			const changeKey = id.attr('ChangeKey');
			if (changeKey !== undefined && changeKey !== item.changeKey) {
				throw new ItemError('ErrorStaleObject', 'The change key passed in the request does not match the current change key for the item.');
			}
			if (item.kind !== 'message') throw new ItemError('ErrorInvalidItemForOperationSendItem', 'Only messages can be sent with SendItem.');
			checkRecipients(context, [...item.toRecipients, ...item.ccRecipients, ...item.bccRecipients]);
			const folder = saveCopy ? resolveTargetFolder(context, request.child('m:SavedItemFolderId'), 'sentitems') : undefined;
			context.store.sendItem(item.id, folder);
			return undefined;
		}),
	);
};
