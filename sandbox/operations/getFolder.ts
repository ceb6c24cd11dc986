import { errorMessage, operationResponse, successMessage } from '../soap';
import { Folder } from '../store';
import { BuiltElement, el, textEl } from '../xml';
import { ItemError, OperationHandler } from './context';
import { resolveFolderId } from './folderIds';

/** GetFolder: one response message per requested folder id, in request order. */
export const getFolder: OperationHandler = (request, context) => {
	const baseShape = request.path('m:FolderShape', 't:BaseShape')?.text() ?? 'Default';
	const messages = (request.child('m:FolderIds')?.children() ?? []).map((id) => {
		try {
			const folder = resolveFolderId(context, id);
			return successMessage('GetFolder', el('m:Folders', {}, folderElement(folder, baseShape)));
		} catch (error) {
			if (!(error instanceof ItemError)) throw error;
			return errorMessage('GetFolder', error.code, error.message, [el('m:Folders')]);
		}
	});
	return operationResponse('GetFolder', messages);
};

function folderElement(folder: Folder, baseShape: string): BuiltElement {
	const isCalendar = folder.name === 'calendar';
	const idOnly = baseShape === 'IdOnly';
	const unread = folder.items.filter((i) => i.kind !== 'calendarItem').length;
	return el(
		isCalendar ? 't:CalendarFolder' : 't:Folder',
		{},
		el('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey }),
		!idOnly && textEl('t:DisplayName', folder.displayName),
		!idOnly && !isCalendar && textEl('t:TotalCount', folder.items.length),
		!idOnly && textEl('t:ChildFolderCount', 0),
		!idOnly && !isCalendar && textEl('t:UnreadCount', unread),
	);
}
