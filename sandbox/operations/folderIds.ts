import { FOLDER_NAMES, Folder, FolderName, StoreError } from '../store';
import { ParsedElement } from '../xml';
import { ItemError, OperationContext, canAccess } from './context';

/**
 * Resolves a folder id as requests carry it (`t:DistinguishedFolderId` with an optional `t:Mailbox`, or
 * `t:FolderId`) to a folder the caller may use.
 */
export function resolveFolderId(context: OperationContext, id: ParsedElement): Folder {
	let folder: Folder | undefined;
	if (id.is('t:FolderId')) {
		try {
			folder = context.store.getFolder(id.attr('Id') ?? '');
		} catch (error) {
			if (error instanceof StoreError) throw new ItemError(error.code, error.message);
			throw error;
		}
	} else if (id.is('t:DistinguishedFolderId')) {
		const name = id.attr('Id') ?? '';
		const mailboxAddress = id.path('t:Mailbox', 't:EmailAddress')?.text().trim() ?? context.actingMailbox;
		if (!context.store.hasMailbox(mailboxAddress)) {
			throw new ItemError('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.');
		}
		if (!(FOLDER_NAMES as readonly string[]).includes(name)) {
			throw new ItemError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');
		}
		folder = context.store.mailbox(mailboxAddress).folder(name as FolderName);
	} else {
		throw new ItemError('ErrorInvalidRequest', `The sandbox does not resolve folder ids of kind ${id.name}.`);
	}
	if (!canAccess(context, folder.mailbox)) {
		throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
	}
	return folder;
}

/** The folder named in a `m:SavedItemFolderId`-like parent, or that default folder of `mailbox` (the acting one). */
export function resolveTargetFolder(
	context: OperationContext,
	parent: ParsedElement | undefined,
	fallback: FolderName,
	mailbox = context.actingMailbox,
): Folder {
	const id = parent?.children()[0];
	return id ? resolveFolderId(context, id) : context.store.mailbox(mailbox).folder(fallback);
}
