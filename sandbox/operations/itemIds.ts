import { occurrenceByIndex, occurrenceByStart, parseOccurrenceId } from '../mailbox/recurrence';
import { StoredCalendarItem, StoredItem } from '../store';
import { ParsedElement } from '../xml';
import { ItemError, OperationContext, canAccess } from './context';

/**
 * The stored item an `t:ItemId` (or a response object's `t:ReferenceItemId`) names, when the caller may reach
 * its mailbox (the store refuses bad ids).
 */
export function resolveItemId(context: OperationContext, id: ParsedElement): StoredItem {
	if (!id.is('t:ItemId') && !id.is('t:ReferenceItemId')) throw new ItemError('ErrorInvalidRequest', `The sandbox does not resolve item ids of kind ${id.name}.`);
	return itemById(context, id.attr('Id') ?? '');
}

function itemById(context: OperationContext, id: string): StoredItem {
	const item = context.store.getItem(id);
	if (!canAccess(context, item.mailbox)) throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
	return item;
}

function recurringMaster(context: OperationContext, id: string): StoredCalendarItem {
	const master = itemById(context, id);
	if (master.kind !== 'calendarItem' || !master.recurrence) {
		throw new ItemError('ErrorCalendarCannotUseIdForOccurrenceId', 'Id must be of a recurring master to be used with an occurrence index.');
	}
	return master;
}

/**
 * Any id GetItem takes: an ItemId (an occurrence's included, which a calendar view hands out), an
 * OccurrenceItemId (the master's id and a 1-based InstanceIndex) or a RecurringMasterItemId (an
 * occurrence's id, answered with its master).
 */
export function resolveAnyItemId(context: OperationContext, id: ParsedElement): StoredItem {
	if (id.is('t:OccurrenceItemId')) {
		return occurrenceByIndex(recurringMaster(context, id.attr('RecurringMasterId') ?? ''), Number(id.attr('InstanceIndex')));
	}
	if (id.is('t:RecurringMasterItemId')) {
		const occurrence = parseOccurrenceId(id.attr('OccurrenceId') ?? '');
		if (!occurrence) {
			throw new ItemError('ErrorCalendarCannotUseIdForRecurringMasterId', 'The Id must be the Id of an occurrence to be used with a recurring master id.');
		}
		return recurringMaster(context, occurrence.masterId);
	}
	const occurrence = id.is('t:ItemId') ? parseOccurrenceId(id.attr('Id') ?? '') : undefined;
	if (occurrence) return occurrenceByStart(recurringMaster(context, occurrence.masterId), occurrence.originalStart);
	return resolveItemId(context, id);
}
