import type { Folder } from '../../store';
import { graphId } from '../ids';

/**
 * Graph's mailFolder resource (learn.microsoft.com/graph/api/resources/mailfolder) for the store's folders.
 * Graph lists mail folders only: calendars, contacts and tasks have resources of their own.
 */

export const MAIL_FOLDER_PROPERTIES: ReadonlySet<string> = new Set([
	'id',
	'displayName',
	'parentFolderId',
	'childFolderCount',
	'unreadItemCount',
	'totalItemCount',
	'sizeInBytes',
	'isHidden',
]);

/** Whether Graph's mailFolders show the folder: folders of mail (IPF.Note...) and the top ones without a class. */
export function isMailFolder(folder: Folder): boolean {
	return folder.folderClass === undefined || folder.folderClass.startsWith('IPF.Note');
}

export function mailFolderJson(folder: Folder): Record<string, unknown> {
	return {
		id: graphId(folder.id),
		displayName: folder.displayName,
		parentFolderId: folder.parent ? graphId(folder.parent.id) : null,
		childFolderCount: folder.children.filter(isMailFolder).length,
		unreadItemCount: folder.unreadCount,
		totalItemCount: folder.totalCount,
		sizeInBytes: folder.items.reduce((sum, item) => sum + item.size, 0),
		isHidden: false,
	};
}
