import { operationResponse } from '../soap';
import { Folder, StoredItem } from '../store';
import { BuiltElement, ParsedElement, el } from '../xml';
import { ItemError, OperationContext } from './context';
import { resolveFolderId } from './folderIds';
import { propertiesOf } from './itemProperties';
import { resolveItemId } from './itemIds';
import { respondEach } from './responses';

/**
 * MoveItem and CopyItem (BaseMoveCopyItemType): one response message per ItemId, in request order, each
 * `m:Items` holding the item's new ItemId when ReturnNewItemIds is not false and the item stays in its mailbox
 * (Exchange returns no id for an item that went to another mailbox). A ToFolderId that names nothing fails
 * every item with ErrorToFolderNotFound.
 */
export function transferItems(
	operation: 'MoveItem' | 'CopyItem',
	request: ParsedElement,
	context: OperationContext,
	transfer: (item: StoredItem, target: Folder) => StoredItem,
): BuiltElement {
	const returnNewIds = request.childText('m:ReturnNewItemIds')?.trim() !== 'false';
	const ids = request.child('m:ItemIds')?.children() ?? [];
	let target: Folder | ItemError;
	try {
		target = targetFolder(request, context);
	} catch (error) {
		if (!(error instanceof ItemError)) throw error;
		target = error;
	}
	return operationResponse(
		operation,
		respondEach(operation, 'm:Items', ids, context, (id) => {
			if (target instanceof ItemError) throw target;
			const item = resolveItemId(context, id);
			const result = transfer(item, target);
			const answered = returnNewIds && result.mailbox === item.mailbox;
			return el('m:Items', {}, answered && el(propertiesOf(result).element, {}, el('t:ItemId', { Id: result.id, ChangeKey: result.changeKey })));
		}),
	);
}

function targetFolder(request: ParsedElement, context: OperationContext): Folder {
	const id = request.child('m:ToFolderId')?.children()[0];
	if (!id) throw new ItemError('ErrorToFolderNotFound', 'The target folder was not specified.');
	try {
		return resolveFolderId(context, id);
	} catch (error) {
		if (error instanceof ItemError && error.code === 'ErrorFolderNotFound') {
			throw new ItemError('ErrorToFolderNotFound', 'The destination folder could not be found.');
		}
		throw error;
	}
}
