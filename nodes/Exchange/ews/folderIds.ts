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
