import type { EwsAnswer } from '../transport/responses';
import { childNode, el, type XmlElement } from '../transport/xml';
import { folderIdElement, type FolderRef } from './folderIds';
import { readFolder, type FolderBaseShape, type FolderInfo } from './getFolder';
import { onlyValue, perMessage, type EwsOperation } from './operation';

export const FIND_FOLDER: EwsOperation = { name: 'FindFolder', since: 'Exchange2007' };

export interface FindFolderRequest {
	parent: FolderRef;
	/** Deep: the whole subtree; Shallow: direct children only. */
	traversal: 'Deep' | 'Shallow';
	shape?: FolderBaseShape;
	page: { offset: number; size: number };
}

/** `m:FindFolder`: FolderShape, IndexedPageFolderView, ParentFolderIds. ParentFolderId is asked for, to build paths. */
export function buildFindFolder(request: FindFolderRequest): XmlElement {
	return el(
		'm:FindFolder',
		{ Traversal: request.traversal },
		el(
			'm:FolderShape',
			undefined,
			el('t:BaseShape', undefined, request.shape ?? 'Default'),
			el('t:AdditionalProperties', undefined, el('t:FieldURI', { FieldURI: 'folder:ParentFolderId' }), el('t:FieldURI', { FieldURI: 'folder:FolderClass' })),
		),
		el('m:IndexedPageFolderView', { MaxEntriesReturned: request.page.size, Offset: request.page.offset, BasePoint: 'Beginning' }),
		el('m:ParentFolderIds', undefined, folderIdElement(request.parent)),
	);
}

export interface FindFolderPage {
	folders: FolderInfo[];
	nextOffset?: number;
}

export function readFindFolder(answer: EwsAnswer): FindFolderPage {
	return onlyValue(
		perMessage(answer, (message) => {
			const root = childNode(message.node, 'RootFolder');
			const folders = (childNode(root, 'Folders')?.children ?? []).map(readFolder);
			const last = root?.attrs.IncludesLastItemInRange !== 'false';
			const next = root?.attrs.IndexedPagingOffset;
			return { folders, nextOffset: last || next === undefined || folders.length === 0 ? undefined : Number(next) };
		}),
	);
}
