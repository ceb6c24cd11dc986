import { operationResponse } from '../soap';
import { el } from '../xml';
import { OperationHandler } from './context';
import { resolveItemId } from './itemIds';
import { respondEach } from './responses';

/**
 * MarkAsJunk: with MoveItem true, a message marked junk moves to Junk Email and one marked not junk back to the
 * Inbox, answered with its MovedItemId (a moved item has a new id); with MoveItem false nothing moves and no id
 * is answered. The sandbox keeps no blocked-senders list, which Exchange also updates.
 */
export const markAsJunk: OperationHandler = (request, context) => {
	const flag = (name: string) => ['true', '1'].includes(request.attr(name)?.trim() ?? '');
	const isJunk = flag('IsJunk');
	const move = flag('MoveItem');
	const ids = request.child('m:ItemIds')?.children() ?? [];
	return operationResponse(
		'MarkAsJunk',
		respondEach('MarkAsJunk', undefined, ids, context, (id) => {
			const item = resolveItemId(context, id);
			if (!move) return undefined;
			const target = context.store.mailbox(item.mailbox).folder(isJunk ? 'junkemail' : 'inbox');
			const moved = context.store.moveItem(item.id, target);
			return el('m:MovedItemId', { Id: moved.id, ChangeKey: moved.changeKey });
		}),
	);
};
