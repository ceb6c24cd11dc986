import { operationResponse } from '../soap';
import { DeleteMode } from '../store';
import { ItemError, OperationHandler } from './context';
import { resolveFolderId } from './folderIds';
import { respondEach } from './responses';

const DELETE_MODES: readonly string[] = ['HardDelete', 'SoftDelete', 'MoveToDeletedItems'];

/**
 * DeleteFolder with DeleteType HardDelete (gone with its contents), SoftDelete (into Recoverable
 * Items\Deletions) or MoveToDeletedItems; distinguished folders are refused (ErrorDeleteDistinguishedFolder).
 */
export const deleteFolder: OperationHandler = (request, context) => {
	const mode = request.attr('DeleteType') ?? '';
	const ids = request.child('m:FolderIds')?.children() ?? [];
	return operationResponse(
		'DeleteFolder',
		respondEach('DeleteFolder', undefined, ids, context, (id) => {
			if (!DELETE_MODES.includes(mode)) throw new ItemError('ErrorInvalidRequest', `DeleteType ${mode} is not valid.`);
			context.store.deleteFolder(resolveFolderId(context, id), mode as DeleteMode);
			return undefined;
		}),
	);
};
