import type { EwsAnswer } from '../transport/responses';
import { el, textEl, type XmlElement } from '../transport/xml';
import { folderIdElement, type FolderRef } from './folderIds';
import { readFolders, type FolderInfo } from './getFolder';
import { onlyValue, perMessage, type EwsOperation } from './operation';

export const CREATE_FOLDER: EwsOperation = { name: 'CreateFolder', since: 'Exchange2007' };

/** `m:CreateFolder` of one mail folder (`t:Folder`, class IPF.Note) under a parent. */
export function buildCreateFolder(parent: FolderRef, displayName: string): XmlElement {
	return el(
		'm:CreateFolder',
		undefined,
		el('m:ParentFolderId', undefined, folderIdElement(parent)),
		el('m:Folders', undefined, el('t:Folder', undefined, textEl('t:FolderClass', 'IPF.Note'), textEl('t:DisplayName', displayName))),
	);
}

/** The new folder's id; Exchange's error (ErrorFolderExists, ...) is thrown. */
export function readCreateFolder(answer: EwsAnswer): FolderInfo {
	const [folder] = onlyValue(perMessage(answer, (message) => readFolders(message.node)));
	if (!folder) throw new Error('Exchange answered CreateFolder without the folder');
	return folder;
}
