import { el, type XmlElement } from '../transport/xml';

/** GetFolder of one well-known folder, by its DistinguishedFolderId, in the credential's or another mailbox. */
export function buildGetFolder(folderId: string, mailbox?: string): XmlElement {
	return el(
		'm:GetFolder',
		undefined,
		el('m:FolderShape', undefined, el('t:BaseShape', undefined, 'IdOnly')),
		el(
			'm:FolderIds',
			undefined,
			el(
				't:DistinguishedFolderId',
				{ Id: folderId },
				mailbox && el('t:Mailbox', undefined, el('t:EmailAddress', undefined, mailbox)),
			),
		),
	);
}
