import { el, type XmlElement } from '../transport/xml';

/** A folder named the way EWS requests name it: a distinguished folder (in a mailbox) or a FolderId. */
export type FolderRef = { distinguished: string; mailbox?: string } | { id: string; changeKey?: string };

/** `t:DistinguishedFolderId` or `t:FolderId`, as a folder list of any request holds them. */
export function folderIdElement(folder: FolderRef): XmlElement {
	if ('id' in folder) return el('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey });
	return el(
		't:DistinguishedFolderId',
		{ Id: folder.distinguished },
		folder.mailbox !== undefined && el('t:Mailbox', undefined, el('t:EmailAddress', undefined, folder.mailbox)),
	);
}

/**
 * Distinguished folder ids of mail folders, which a folder path may start with (`inbox/Invoices`) so that
 * paths work whatever language the mailbox's folder names are in. Exchange 2016's `archive` is left out: a
 * user's own top-level folder is often named Archive.
 */
export const DISTINGUISHED_MAIL_FOLDERS: ReadonlySet<string> = new Set([
	'msgfolderroot',
	'inbox',
	'drafts',
	'sentitems',
	'outbox',
	'deleteditems',
	'junkemail',
	'calendar',
	'contacts',
	'tasks',
	'notes',
	'journal',
	'conversationhistory',
	'syncissues',
	'conflicts',
	'localfailures',
	'serverfailures',
]);
