import type { IDataObject } from 'n8n-workflow';
import type { GraphJson } from '../../transport/graph/types';

/** What a folder list asks Graph for (learn.microsoft.com/graph/api/resources/mailfolder). */
export const GRAPH_FOLDER_SELECT = 'id,displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount';

/** The path of a child below a parent's path (`''` for the top of the mailbox); null when the parent's is unknown. */
export function childPath(parentPath: string | undefined | null, name: string): string | null {
	if (parentPath === undefined || parentPath === null) return null;
	return parentPath === '' ? name : `${parentPath}/${name}`;
}

/** A Graph mailFolder as Folder → Get Many outputs a folder over EWS. */
export function graphFolderOutput(folder: GraphJson, path: string | null): IDataObject {
	const count = (value: unknown) => (typeof value === 'number' ? value : null);
	return {
		id: folder.id ?? null,
		name: folder.displayName ?? null,
		path,
		parentId: folder.parentFolderId ?? null,
		totalCount: count(folder.totalItemCount),
		unreadCount: count(folder.unreadItemCount),
		childFolderCount: count(folder.childFolderCount),
	};
}
