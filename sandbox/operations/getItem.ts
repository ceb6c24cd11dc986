import { operationResponse } from '../soap';
import { el } from '../xml';
import { OperationHandler } from './context';
import { resolveAnyItemId } from './itemIds';
import { itemElement, readItemShape } from './itemShapes';
import { respondEach } from './responses';

/**
 * GetItem: one response message per item id in request order (ItemId, OccurrenceItemId or
 * RecurringMasterItemId), each `m:Items` holding the item as its own
 * element (Message, CalendarItem, MeetingRequest, ...) in the requested ItemShape; an id that is malformed
 * (ErrorInvalidIdMalformed) or names nothing (ErrorItemNotFound) fails that message only.
 */
export const getItem: OperationHandler = (request, context) => {
	const shape = readItemShape(request.child('m:ItemShape'), false);
	const ids = request.child('m:ItemIds')?.children() ?? [];
	return operationResponse(
		'GetItem',
		respondEach('GetItem', 'm:Items', ids, context, (id) => el('m:Items', {}, itemElement(resolveAnyItemId(context, id), shape, context))),
	);
};
