import { XmlElement, XmlObject, asArray, childObject, el, textEl, textOf } from '../../nodes/Exchange/transport/xml';
import { errorMessage, operationResponse, successMessage } from '../soap';
import { Folder } from '../store';
import { ItemError, OperationHandler } from './context';
import { resolveFolderId } from './folderIds';

/** GetFolder: one response message per requested folder id, in request order. */
export const getFolder: OperationHandler = (request, context) => {
	const baseShape = textOf(childObject(request, 'FolderShape')?.BaseShape) ?? 'Default';
	const ids = childObject(request, 'FolderIds') ?? {};
	const requested: Array<['DistinguishedFolderId' | 'FolderId', XmlObject]> = [
		...asArray(ids.DistinguishedFolderId).map((id) => ['DistinguishedFolderId', id as XmlObject] as const),
		...asArray(ids.FolderId).map((id) => ['FolderId', id as XmlObject] as const),
	].map(([kind, id]) => [kind, typeof id === 'string' ? {} : id]);
	const messages = requested.map(([kind, id]) => {
		try {
			const folder = resolveFolderId(context, kind, id);
			return successMessage('GetFolder', el('m:Folders', undefined, folderElement(folder, baseShape)));
		} catch (error) {
			if (!(error instanceof ItemError)) throw error;
			return errorMessage('GetFolder', error.code, error.message, [el('m:Folders')]);
		}
	});
	return operationResponse('GetFolder', messages);
};

function folderElement(folder: Folder, baseShape: string): XmlElement {
	const isCalendar = folder.name === 'calendar';
	const idOnly = baseShape === 'IdOnly';
	const unread = folder.items.filter((i) => i.kind !== 'calendarItem').length;
	return el(
		isCalendar ? 't:CalendarFolder' : 't:Folder',
		undefined,
		el('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey }),
		!idOnly && textEl('t:DisplayName', folder.displayName),
		!idOnly && !isCalendar && textEl('t:TotalCount', folder.items.length),
		!idOnly && textEl('t:ChildFolderCount', 0),
		!idOnly && !isCalendar && textEl('t:UnreadCount', unread),
	);
}
