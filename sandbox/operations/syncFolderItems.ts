import { syncPage } from '../mailbox/itemSync';
import { operationResponse } from '../soap';
import { el, textEl } from '../xml';
import { ItemError, OperationHandler } from './context';
import { resolveFolderId } from './folderIds';
import { itemElement, readItemShape } from './itemShapes';
import { respondEach } from './responses';

/**
 * SyncFolderItems, per its reference: without SyncState every item in the folder comes as a Create; with one,
 * what changed since (Create, Update, Delete, ReadFlagChange), net per item, at most MaxChangesReturned
 * (1 to 512) a call, in the ItemShape (which, as with FindItem, cannot return Body or Attachments); items
 * named in Ignore are passed over. The answer's SyncState is where the next call goes on from, and
 * IncludesLastItemInRange says whether that was everything. A state this server did not issue, issued for
 * another folder, or no longer valid is ErrorInvalidSyncStateData.
 */

const INVALID_STATE = 'Synchronization state data is corrupt or otherwise invalid.';

export const syncFolderItems: OperationHandler = (request, context) => {
	const folderIdElement = request.child('m:SyncFolderId')?.children()[0];
	return operationResponse(
		'SyncFolderItems',
		respondEach('SyncFolderItems', undefined, folderIdElement ? [folderIdElement] : [], context, (id) => {
			const folder = resolveFolderId(context, id);
			const shape = readItemShape(request.child('m:ItemShape'), true);
			const max = Number(request.childText('m:MaxChangesReturned')?.trim());
			if (!Number.isInteger(max) || max < 1 || max > 512) throw new ItemError('ErrorInvalidRequest', 'MaxChangesReturned must be from 1 to 512.');
			const stateText = request.childText('m:SyncState')?.trim() ?? '';
			let after = 0;
			if (stateText !== '') {
				const position = context.store.syncStates.decode(stateText, folder.id);
				if (!position) throw new ItemError('ErrorInvalidSyncStateData', INVALID_STATE);
				after = position.sequence;
			}
			const ignored = new Set((request.child('m:Ignore')?.children('t:ItemId') ?? []).map((itemId) => itemId.attr('Id') ?? ''));
			const page = syncPage(folder.changes, after, max, ignored);
			const changes = page.changes.map((change) => {
				const item = context.store.findItem(change.id);
				if (change.type === 'delete') return el('t:Delete', {}, el('t:ItemId', { Id: change.id }));
				if (change.type === 'readFlagChange') {
					return el('t:ReadFlagChange', {}, el('t:ItemId', { Id: change.id, ChangeKey: item?.changeKey }), textEl('t:IsRead', String(change.isRead === true)));
				}
				// An item created or changed and then gone again later on is reported by its Delete in a later page.
				if (!item || item.folderId !== folder.id) return undefined;
				return el(change.type === 'create' ? 't:Create' : 't:Update', {}, itemElement(item, shape, context));
			});
			return [
				textEl('m:SyncState', context.store.syncStates.encode({ folderId: folder.id, sequence: page.last })),
				textEl('m:IncludesLastItemInRange', String(!page.more)),
				el('m:Changes', {}, changes),
			];
		}),
	);
};
