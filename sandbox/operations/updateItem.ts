import { operationResponse } from '../soap';
import { StoredItem } from '../store';
import { ParsedElement, el } from '../xml';
import { ItemError, OperationContext, OperationHandler } from './context';
import { resolveTargetFolder } from './folderIds';
import { propertiesOf } from './itemProperties';
import { resolveItemId } from './itemIds';
import { readUpdates } from './itemUpdates';
import { checkRecipients } from './recipients';
import { respondEach } from './responses';

/**
 * UpdateItem: one response message per ItemChange, in request order, each with the item's new ItemId and
 * ChangeKey. ConflictResolution NeverOverwrite refuses an item whose ChangeKey is no longer current
 * (ErrorIrresolvableConflict); AutoResolve and AlwaysOverwrite apply the change (the sandbox keeps no
 * per-property versions, so nothing is left to resolve). A message needs a MessageDisposition
 * (ErrorMessageDispositionRequired); SendOnly and SendAndSaveCopy send it once updated, as SendItem does.
 */

const CONFLICT_MODES: readonly string[] = ['NeverOverwrite', 'AutoResolve', 'AlwaysOverwrite'];

interface UpdateSettings {
	conflictResolution: string;
	disposition?: string;
	savedItemFolder?: ParsedElement;
}

export const updateItem: OperationHandler = (request, context) => {
	const settings: UpdateSettings = {
		conflictResolution: request.attr('ConflictResolution') ?? 'AutoResolve',
		disposition: request.attr('MessageDisposition'),
		savedItemFolder: request.child('m:SavedItemFolderId'),
	};
	const changes = request.child('m:ItemChanges')?.children('t:ItemChange') ?? [];
	return operationResponse(
		'UpdateItem',
		respondEach('UpdateItem', 'm:Items', changes, context, (change) => {
			const updated = updateOne(change, settings, context);
			return [
				el('m:Items', {}, updated && el(propertiesOf(updated).element, {}, el('t:ItemId', { Id: updated.id, ChangeKey: updated.changeKey }))),
				el('m:ConflictResults', {}, el('t:Count', {}, '0')),
			];
		}),
	);
};

/** Returns the updated item, or nothing when it was sent (it no longer is where it was). */
function updateOne(change: ParsedElement, settings: UpdateSettings, context: OperationContext): StoredItem | undefined {
	if (!CONFLICT_MODES.includes(settings.conflictResolution)) {
		throw new ItemError('ErrorInvalidRequest', `ConflictResolution ${settings.conflictResolution} is not valid.`);
	}
	const id = change.child('t:ItemId');
	if (!id) throw new ItemError('ErrorInvalidRequest', 'The sandbox updates items by ItemId only (no occurrences).');
	const item = resolveItemId(context, id);
	if (item.kind === 'message' && settings.disposition === undefined) {
		throw new ItemError('ErrorMessageDispositionRequired', 'MessageDisposition attribute is required.');
	}
	const { changes, cleared } = readUpdates(change.child('t:Updates')?.children() ?? [], item);
	const sending = item.kind === 'message' && settings.disposition !== 'SaveOnly';
	if (sending) {
		const after = { ...item, ...changes } as typeof item;
		checkRecipients(context, [...after.toRecipients, ...after.ccRecipients, ...after.bccRecipients]);
	}
	const changeKey = settings.conflictResolution === 'NeverOverwrite' ? id.attr('ChangeKey') : undefined;
	const updated = context.store.updateItem(item.id, changes, { changeKey, clear: cleared });
	if (!sending) return updated;
	const saveIn = settings.disposition === 'SendAndSaveCopy' ? resolveTargetFolder(context, settings.savedItemFolder, 'sentitems') : undefined;
	context.store.sendItem(updated.id, saveIn);
	return undefined;
}
