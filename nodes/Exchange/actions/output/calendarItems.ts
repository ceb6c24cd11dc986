import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Attendee, AttendeeResponse, BodyField, EwsId } from '../../ews/fieldTypes';
import { buildGetItem, readGetItem } from '../../ews/getItem';
import type { ItemRef } from '../../ews/itemIds';
import type { ReadItem } from '../../ews/itemFields';
import type { ItemShape } from '../../ews/itemShape';
import type { PerItem } from '../../ews/operation';
import type { Recurrence } from '../../ews/recurrence';
import { checkZone, formatEwsDateTime, TimeZoneError } from '../../helpers/dateTime';
import type { Recipient } from '../../helpers/recipients';
import { inputError } from '../fields';
import type { ItemCall } from '../types';

/**
 * What Appointment → Get, Get Many and Update read of each calendar item, and how it becomes an output item:
 * Create's output fields (times in the chosen time zone) plus what only a read knows.
 */

/** Field table keys read for the output; Body only when asked. */
export const CALENDAR_OUTPUT_FIELDS = [
	'itemId',
	'subject',
	'sensitivity',
	'categories',
	'reminderIsSet',
	'reminderMinutes',
	'start',
	'end',
	'originalStart',
	'isAllDay',
	'legacyFreeBusyStatus',
	'location',
	'isMeeting',
	'isCancelled',
	'isRecurring',
	'calendarItemType',
	'myResponseType',
	'organizer',
	'requiredAttendees',
	'optionalAttendees',
	'resources',
	'recurrence',
] as const;

export const calendarReadOptions: INodeProperties[] = [
	{
		displayName: 'Body Format',
		name: 'bodyFormat',
		type: 'options',
		options: [
			{ name: 'HTML', value: 'html' },
			{ name: 'Text', value: 'text' },
		],
		default: 'text',
		description: 'Whether to return the body, converted by Exchange to plain text or as HTML',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'Europe/Berlin',
		description: 'IANA time zone the times are given in; empty for the workflow\'s time zone',
	},
];

export interface CalendarReadSettings {
	/** IANA zone the output's times are expressed in. */
	zone: string;
	bodyFormat?: 'HTML' | 'Text';
}

/** The settings from an operation's Options (`timeZone`, `bodyFormat`); a bad zone fails the item naming the option. */
export function readCalendarSettings(context: IExecuteFunctions, itemIndex: number, options: IDataObject): CalendarReadSettings {
	try {
		return {
			zone: checkZone(String(options.timeZone || context.getTimezone())),
			bodyFormat: options.bodyFormat === 'html' ? 'HTML' : options.bodyFormat === 'text' ? 'Text' : undefined,
		};
	} catch (error) {
		if (error instanceof TimeZoneError) throw inputError(context, itemIndex, `"Time Zone": ${error.message}`);
		throw error;
	}
}

/** GetItem's shape: the output's fields by name (not AllProperties, which is large and differs between versions). */
export function calendarShape(settings: CalendarReadSettings): ItemShape {
	return {
		base: 'IdOnly',
		bodyType: settings.bodyFormat,
		additional: { kind: 'CalendarItem', keys: [...CALENDAR_OUTPUT_FIELDS, ...(settings.bodyFormat ? ['body'] : [])] },
	};
}

/** Calendar items by id, read with GetItem in one request; one result per id, in order. */
export async function getCalendarItems(
	{ client, send }: ItemCall,
	refs: ItemRef[],
	mailbox: string | undefined,
	settings: CalendarReadSettings,
): Promise<Array<PerItem<ReadItem>>> {
	return readGetItem(await send(buildGetItem({ items: refs, shape: calendarShape(settings) }, client.version), mailbox));
}

/** An item that is not a calendar item (a message's id given as an appointment's) fails the input item, naming the parameter. */
export function requireCalendarItem(context: IExecuteFunctions, itemIndex: number, item: ReadItem, label: string, id: string): ReadItem {
	if (item.kind === 'CalendarItem') return item;
	const shown = id.length > 40 ? `${id.slice(0, 40)}...` : id;
	throw inputError(context, itemIndex, `"${label}" ${shown} names a ${item.kind}, not a calendar item: give the id of an appointment or meeting`);
}

const SHOW_AS: Record<string, string> = {
	Free: 'free',
	Tentative: 'tentative',
	Busy: 'busy',
	OOF: 'outOfOffice',
	WorkingElsewhere: 'workingElsewhere',
	NoData: 'noData',
};

/** The same words as Respond's `response` values, plus what only a read can say. */
const RESPONSES: Record<AttendeeResponse, string> = {
	Unknown: 'unknown',
	Organizer: 'organizer',
	Tentative: 'tentative',
	Accept: 'accept',
	Decline: 'decline',
	NoResponseReceived: 'noResponse',
};

const ITEM_TYPES: Record<string, string> = {
	Single: 'single',
	Occurrence: 'occurrence',
	Exception: 'exception',
	RecurringMaster: 'recurringMaster',
};

function inZone(value: unknown, zone: string): string | null {
	if (typeof value !== 'string') return null;
	const time = DateTime.fromISO(value, { setZone: true });
	return time.isValid ? formatEwsDateTime(time.setZone(zone)) : value;
}

function addresses(value: unknown): string[] {
	return ((value as Recipient[] | undefined) ?? []).map((recipient) => recipient.address);
}

function attendeesOf(fields: Record<string, unknown>): IDataObject[] {
	const typed: Array<[string, string]> = [
		['requiredAttendees', 'required'],
		['optionalAttendees', 'optional'],
		['resources', 'resource'],
	];
	return typed.flatMap(([key, type]) =>
		((fields[key] as Attendee[] | undefined) ?? []).map((attendee) => ({
			address: attendee.address,
			name: attendee.name || null,
			type,
			response: attendee.response ? RESPONSES[attendee.response] : null,
		})),
	);
}

/** A calendar item as the node outputs it: always the same keys, absent values null and lists empty. */
export function calendarItemOutput(item: ReadItem, settings: CalendarReadSettings, mailbox: string | undefined): IDataObject {
	const fields = item.fields;
	const itemId = fields.itemId as EwsId | undefined;
	const organizer = fields.organizer as Recipient | undefined;
	const body = fields.body as BodyField | undefined;
	const showAs = fields.legacyFreeBusyStatus as string | undefined;
	const type = fields.calendarItemType as string | undefined;
	const myResponse = fields.myResponseType as AttendeeResponse | undefined;
	return {
		id: itemId?.id ?? null,
		changeKey: itemId?.changeKey ?? null,
		mailbox: mailbox ?? null,
		subject: (fields.subject as string | undefined) ?? '',
		start: inZone(fields.start, settings.zone),
		end: inZone(fields.end, settings.zone),
		timeZone: settings.zone,
		isAllDay: fields.isAllDay ?? false,
		location: (fields.location as string | undefined) ?? '',
		requiredAttendees: addresses(fields.requiredAttendees),
		optionalAttendees: addresses(fields.optionalAttendees),
		resources: addresses(fields.resources),
		organizer: organizer ? { address: organizer.address, name: organizer.name || null } : null,
		attendees: attendeesOf(fields),
		myResponse: myResponse ? RESPONSES[myResponse] : null,
		showAs: showAs ? (SHOW_AS[showAs] ?? showAs) : null,
		categories: (fields.categories as string[] | undefined) ?? [],
		sensitivity: typeof fields.sensitivity === 'string' ? fields.sensitivity.toLowerCase() : null,
		reminderMinutes: fields.reminderIsSet === true ? ((fields.reminderMinutes as number | undefined) ?? null) : null,
		isMeeting: fields.isMeeting ?? false,
		isCancelled: fields.isCancelled ?? false,
		// Exchange answers IsRecurring false for the organizer's own series master (a documented defect): the item type tells.
		isRecurring: type ? type !== 'Single' : (fields.isRecurring ?? false),
		type: type ? (ITEM_TYPES[type] ?? type) : null,
		originalStart: inZone(fields.originalStart, settings.zone),
		recurrence: ((fields.recurrence as Recurrence | null | undefined) ?? null) as IDataObject | null,
		...(body ? { body: body.text, bodyType: body.type === 'HTML' ? 'html' : 'text' } : {}),
	};
}
