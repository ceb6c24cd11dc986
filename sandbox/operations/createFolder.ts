import { operationResponse } from '../soap';
import { el } from '../xml';
import { ItemError, OperationHandler } from './context';
import { resolveFolderId } from './folderIds';
import { folderElement } from './folderShapes';
import { respondEach } from './responses';

/** The folder class a new folder gets from the element it is created as, when the request names none. */
const CLASS_OF_ELEMENT: Record<string, string> = {
	Folder: 'IPF.Note',
	CalendarFolder: 'IPF.Appointment',
	ContactsFolder: 'IPF.Contact',
	TasksFolder: 'IPF.Task',
};

/**
 * CreateFolder: each folder under ParentFolderId (a FolderId or a DistinguishedFolderId), answered with its
 * FolderId in the element it was created as; a sibling of the same name is ErrorFolderExists.
 */
export const createFolder: OperationHandler = (request, context) => {
	const parentId = request.child('m:ParentFolderId')?.children()[0];
	const folders = request.child('m:Folders')?.children() ?? [];
	return operationResponse(
		'CreateFolder',
		respondEach('CreateFolder', 'm:Folders', folders, context, (requested) => {
			const defaultClass = CLASS_OF_ELEMENT[requested.localName];
			if (!defaultClass) throw new ItemError('ErrorInvalidRequest', `The sandbox does not create ${requested.localName} folders.`);
			if (!parentId) throw new ItemError('ErrorParentFolderNotFound', 'The parent folder could not be found.');
			const parent = resolveFolderId(context, parentId);
			const created = context.store.createFolder(
				parent,
				requested.childText('t:DisplayName') ?? '',
				requested.childText('t:FolderClass')?.trim() || defaultClass,
			);
			return el('m:Folders', {}, folderElement(created, { base: 'IdOnly', additional: new Set() }));
		}),
	);
};
