import { operationResponse } from '../soap';
import { DeleteMode } from '../store';
import { ItemError, OperationHandler } from './context';
import { resolveItemId } from './itemIds';
import { respondEach } from './responses';

const DELETE_MODES: readonly string[] = ['HardDelete', 'SoftDelete', 'MoveToDeletedItems'];

/**
 * DeleteItem: per ItemId, DeleteType HardDelete (gone), SoftDelete (into Recoverable Items\Deletions) or
 * MoveToDeletedItems (into Deleted Items; an item already there is soft-deleted, as Outlook does). The answer
 * carries no item. SendMeetingCancellations and AffectedTaskOccurrences are accepted; the sandbox keeps no
 * tasks, and meeting cancellations belong to the calendar operations.
 */
export const deleteItem: OperationHandler = (request, context) => {
	const mode = request.attr('DeleteType') ?? '';
	const ids = request.child('m:ItemIds')?.children() ?? [];
	return operationResponse(
		'DeleteItem',
		respondEach('DeleteItem', undefined, ids, context, (id) => {
			if (!DELETE_MODES.includes(mode)) throw new ItemError('ErrorInvalidRequest', `DeleteType ${mode} is not valid.`);
			context.store.deleteItem(resolveItemId(context, id).id, mode as DeleteMode);
			return undefined;
		}),
	);
};
