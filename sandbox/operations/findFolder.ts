import { operationResponse } from '../soap';
import { Folder } from '../store';
import { el } from '../xml';
import { ItemError, OperationHandler } from './context';
import { resolveFolderId } from './folderIds';
import { folderElement, folderValue, readFolderShape } from './folderShapes';
import { readPageView, takePage } from './paging';
import { compileRestriction } from './restrictions';
import { respondEach } from './responses';

/**
 * FindFolder: per parent folder, its subfolders (Shallow) or every folder below it (Deep), each level in
 * order by display name as the BaseShape reference says FindFolder returns them, filtered by the
 * Restriction, then paged by IndexedPageFolderView. Recoverable Items is kept apart, as Exchange keeps it
 * out of the folder hierarchy clients browse; it is reached by its distinguished ids.
 */
export const findFolder: OperationHandler = (request, context) => {
	const traversal = request.attr('Traversal');
	const shape = readFolderShape(request.child('m:FolderShape'));
	const view = readPageView(request.child('m:IndexedPageFolderView'));
	const matches = compileRestriction(request.child('m:Restriction'));
	const parents = request.child('m:ParentFolderIds')?.children() ?? [];
	return operationResponse(
		'FindFolder',
		respondEach('FindFolder', undefined, parents, context, (id) => {
			if (traversal !== 'Shallow' && traversal !== 'Deep') {
				throw new ItemError('ErrorInvalidOperation', `The sandbox does not serve ${traversal} folder traversal.`);
			}
			const parent = resolveFolderId(context, id);
			const found = below(parent, traversal === 'Deep').filter((folder) => matches((uri) => folderValue(folder, uri)));
			const page = takePage(found, view);
			return el('m:RootFolder', page.attributes, el('t:Folders', {}, page.entries.map((folder) => folderElement(folder, shape))));
		}),
	);
};

function byName(folders: Folder[]): Folder[] {
	return [...folders].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }));
}

function below(parent: Folder, deep: boolean): Folder[] {
	const children = byName(parent.children.filter((c) => c.name !== 'recoverableitemsroot'));
	return deep ? children.flatMap((child) => [child, ...below(child, true)]) : children;
}
