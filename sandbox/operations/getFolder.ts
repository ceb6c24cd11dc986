import { operationResponse } from '../soap';
import { el } from '../xml';
import { OperationHandler } from './context';
import { resolveFolderId } from './folderIds';
import { folderElement, readFolderShape } from './folderShapes';
import { respondEach } from './responses';

/** GetFolder: one response message per requested folder id, in request order, each failing on its own. */
export const getFolder: OperationHandler = (request, context) => {
	const shape = readFolderShape(request.child('m:FolderShape'));
	const ids = request.child('m:FolderIds')?.children() ?? [];
	return operationResponse(
		'GetFolder',
		respondEach('GetFolder', 'm:Folders', ids, context, (id) => el('m:Folders', {}, folderElement(resolveFolderId(context, id), shape))),
	);
};
