import type { IDataObject } from 'n8n-workflow';
import type { EwsId } from '../ews/fieldTypes';
import type { Recipient } from '../helpers/recipients';
import type { ReadItem } from '../ews/itemFields';
import type { ItemShape } from '../ews/itemShape';
import { CALENDAR_LIMIT, shortHash, type TriggerState } from './state';

/**
 * Calendar Item Updated: what counts as a change a workflow cares about (time, location, subject, attendees,
 * cancellation) and not what also changes an item (a dismissed reminder, a category, the free/busy colour).
 * Each item's values are remembered as short hashes and compared on its next update.
 */

const CALENDAR_FIELDS = [
	'itemId',
	'subject',
	'categories',
	'webLink',
	'start',
	'end',
	'isAllDay',
	'location',
	'isCancelled',
	'isMeeting',
	'organizer',
	'requiredAttendees',
	'optionalAttendees',
	'resources',
] as const;

export function calendarShape(simplify: boolean): ItemShape {
	return simplify ? { base: 'IdOnly', additional: { kind: 'CalendarItem', keys: CALENDAR_FIELDS } } : { base: 'AllProperties', bodyType: 'Best' };
}

function addresses(value: unknown): string {
	return ((value as Recipient[] | undefined) ?? []).map((r) => r.address.toLowerCase()).sort().join(',');
}

/** The compared values of a calendar item, by the name the output gives a change. */
function comparedValues(item: ReadItem): Record<string, string> {
	const f = item.fields;
	return {
		time: shortHash(`${String(f.start)}|${String(f.end)}|${String(f.isAllDay === true)}`),
		location: shortHash(String(f.location ?? '')),
		subject: shortHash(String(f.subject ?? '')),
		attendees: shortHash(`${addresses(f.requiredAttendees)}|${addresses(f.optionalAttendees)}|${addresses(f.resources)}`),
		cancelled: String(f.isCancelled === true),
	};
}

function idOf(item: ReadItem): string {
	return (item.fields.itemId as EwsId | undefined)?.id ?? '';
}

/** Remembers an item's values, forgetting the oldest past the limit. */
export function rememberCalendarItem(state: TriggerState, item: ReadItem): void {
	const calendar = (state.calendar ??= {});
	const id = idOf(item);
	delete calendar[id];
	calendar[id] = comparedValues(item);
	const ids = Object.keys(calendar);
	for (const gone of ids.slice(0, Math.max(0, ids.length - CALENDAR_LIMIT))) delete calendar[gone];
}

export function forgetCalendarItem(state: TriggerState, id: string): void {
	if (state.calendar) delete state.calendar[id];
}

/**
 * What changed since the item was last seen: empty when nothing that counts did, or when the item was not
 * remembered (there is nothing to compare with; it is remembered from now on).
 */
export function calendarChanges(state: TriggerState, item: ReadItem): string[] {
	const before = state.calendar?.[idOf(item)];
	const now = comparedValues(item);
	rememberCalendarItem(state, item);
	if (!before) return [];
	return Object.keys(now).filter((key) => before[key] !== now[key]);
}

/** A calendar item as the trigger outputs it. */
export function calendarOutput(item: ReadItem, simplify: boolean): IDataObject {
	const f = item.fields;
	const itemId = f.itemId as EwsId | undefined;
	const output: IDataObject = {
		id: itemId?.id ?? null,
		changeKey: itemId?.changeKey ?? null,
		subject: f.subject ?? null,
		start: f.start ?? null,
		end: f.end ?? null,
		isAllDay: f.isAllDay ?? false,
		location: f.location ?? null,
		isCancelled: f.isCancelled ?? false,
		isMeeting: f.isMeeting ?? false,
		organizer: (f.organizer as IDataObject | undefined) ?? null,
		requiredAttendees: (f.requiredAttendees as IDataObject[] | undefined) ?? [],
		optionalAttendees: (f.optionalAttendees as IDataObject[] | undefined) ?? [],
		resources: (f.resources as IDataObject[] | undefined) ?? [],
		categories: (f.categories as string[] | undefined) ?? [],
		webLink: f.webLink ?? null,
	};
	if (simplify) return output;
	for (const [key, value] of Object.entries(f)) if (!(key in output) && key !== 'itemId') output[key] = value as IDataObject[keyof IDataObject];
	return output;
}
