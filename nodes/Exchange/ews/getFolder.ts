import { childNode, childText, el, type XmlElement, type XmlNode } from '../transport/xml';
import { id, type EwsId } from './fieldTypes';
import { folderIdElement, type FolderRef } from './folderIds';
import type { EwsOperation } from './operation';

export const GET_FOLDER: EwsOperation = { name: 'GetFolder', since: 'Exchange2007' };

export type FolderBaseShape = 'IdOnly' | 'Default' | 'AllProperties';

/** `m:GetFolder` of the folders given, each in the credential's or another mailbox. */
export function buildGetFolders(folders: FolderRef[], shape: FolderBaseShape = 'IdOnly'): XmlElement {
	return el(
		'm:GetFolder',
		undefined,
		el('m:FolderShape', undefined, el('t:BaseShape', undefined, shape)),
		el('m:FolderIds', undefined, folders.map(folderIdElement)),
	);
}

/** GetFolder of one distinguished folder with its id only: the credential tests' probe. */
export function buildGetFolder(folderId: string, mailbox?: string): XmlElement {
	return buildGetFolders([{ distinguished: folderId, mailbox }]);
}

/** A folder as GetFolder and FindFolder give it with the Default shape. */
export interface FolderInfo {
	/** Folder, CalendarFolder, ContactsFolder, SearchFolder or TasksFolder. */
	kind: string;
	id: string;
	changeKey: string;
	parentFolderId?: string;
	displayName?: string;
	folderClass?: string;
	totalCount?: number;
	childFolderCount?: number;
	unreadCount?: number;
}

function count(node: XmlNode, name: string): number | undefined {
	const value = childText(node, name);
	return value === undefined ? undefined : Number(value);
}

export function readFolder(node: XmlNode): FolderInfo {
	const folderId = childNode(node, 'FolderId');
	const parent = childNode(node, 'ParentFolderId');
	const { id: folder, changeKey }: EwsId = folderId ? id.read(folderId) : { id: '', changeKey: '' };
	return {
		kind: node.name,
		id: folder,
		changeKey,
		parentFolderId: parent ? id.read(parent).id : undefined,
		displayName: childText(node, 'DisplayName'),
		folderClass: childText(node, 'FolderClass'),
		totalCount: count(node, 'TotalCount'),
		childFolderCount: count(node, 'ChildFolderCount'),
		unreadCount: count(node, 'UnreadCount'),
	};
}

/** The folders of a GetFolderResponseMessage. */
export function readFolders(responseMessage: XmlNode): FolderInfo[] {
	return (childNode(responseMessage, 'Folders')?.children ?? []).map(readFolder);
}
