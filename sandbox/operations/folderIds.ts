import { XmlObject, childObject, textOf } from '../../nodes/Exchange/transport/xml';
import { FOLDER_NAMES, Folder, FolderName } from '../store';
import { ItemError, OperationContext, canAccess } from './context';

/**
 * Resolves a folder id as requests carry it (`t:DistinguishedFolderId` with an optional `t:Mailbox`, or
 * `t:FolderId`) to a folder the caller may use.
 */
export function resolveFolderId(context: OperationContext, kind: 'DistinguishedFolderId' | 'FolderId', id: XmlObject): Folder {
	let folder: Folder | undefined;
	if (kind === 'FolderId') {
		folder = context.store.findFolderById(textOf(id['@Id']) ?? '');
		if (!folder) throw new ItemError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');
	} else {
		const name = textOf(id['@Id']) ?? '';
		const mailboxAddress = textOf(childObject(id, 'Mailbox')?.EmailAddress)?.trim() ?? context.actingMailbox;
		if (!context.store.hasMailbox(mailboxAddress)) {
			throw new ItemError('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.');
		}
		if (!(FOLDER_NAMES as readonly string[]).includes(name)) {
			throw new ItemError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');
		}
		folder = context.store.mailbox(mailboxAddress).folder(name as FolderName);
	}
	if (!canAccess(context, folder.mailbox)) {
		throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
	}
	return folder;
}

/** The folder named in a `m:SavedItemFolderId`-like parent, or the acting mailbox's default one. */
export function resolveTargetFolder(context: OperationContext, parent: XmlObject | undefined, fallback: FolderName): Folder {
	const distinguished = childObject(parent, 'DistinguishedFolderId');
	if (distinguished) return resolveFolderId(context, 'DistinguishedFolderId', distinguished);
	const folderId = childObject(parent, 'FolderId');
	if (folderId) return resolveFolderId(context, 'FolderId', folderId);
	return context.store.mailbox(context.actingMailbox).folder(fallback);
}
