import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { checkFreeBusyStatus, type LegacyFreeBusyStatus } from '../../ews/calendarItem';
import type { Attendee, BodyField, EwsId } from '../../ews/fieldTypes';
import type { ItemRef } from '../../ews/itemIds';
import { deleteItemField, ItemFieldError, setItemField, type ReadItem } from '../../ews/itemFields';
import { onlyValue, perMessage } from '../../ews/operation';
import { itemChangeElement, updateItemBatch, type MeetingUpdates } from '../../ews/updateItem';
import { readResultItemId } from '../../ews/itemIdResults';
import { DateTimeInputError, formatEwsDateTime, parseDateTimeInput, TimeZoneError, windowsZoneId } from '../../helpers/dateTime';
import { parseRecipients, RecipientError, type Recipient } from '../../helpers/recipients';
import { EwsError } from '../../transport';
import type { XmlElement } from '../../transport/xml';
import { APPOINTMENT_ID_LABEL, appointmentIdProperty, namingTheAppointment, readAppointmentTarget, type AppointmentTarget } from '../appointmentIds';
import { categoriesProperty, bodyTypeProperty, optionsCollection, reminderMinutesProperty, SHOW_AS, showAsProperty } from '../commonProperties';
import { inputError, readBody, readList, readSingleLine, readText } from '../fields';
import {
	calendarItemOutput,
	calendarReadOptions,
	getCalendarItems,
	readCalendarSettings,
	requireCalendarItem,
	type CalendarReadSettings,
} from '../output/calendarItems';
import type { ItemCall } from '../types';

export const kind = 'singleCall';
export const sends = 'write';

const show = { resource: ['appointment'], operation: ['update'] };

/** Longer than any sensible appointment, as Create counts it. */
const MAX_DURATION_MINUTES = 366 * 24 * 60;

export const description: INodeProperties[] = [
	appointmentIdProperty(show, 'The ID of the appointment, meeting or recurring series, e.g. the ID Appointment → Create or Get Many output (EWS\'s ID over EWS, Graph\'s over Microsoft Graph)'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Attendees Action',
				name: 'attendeesAction',
				type: 'options',
				options: [
					{ name: 'Set', value: 'set', description: 'Replace each attendee list given with these addresses (empty clears it)' },
					{ name: 'Add', value: 'add', description: 'Add these addresses to the lists they are given in' },
					{ name: 'Remove', value: 'remove', description: 'Remove these addresses, given in any of the three lists, from every list' },
				],
				default: 'set',
				description: 'What happens to Required Attendees, Optional Attendees and Resources',
			},
			{
				displayName: 'Body',
				name: 'body',
				type: 'string',
				typeOptions: { rows: 5 },
				default: '',
				description: 'The new description; empty clears it',
			},
			bodyTypeProperty,
			{ ...categoriesProperty, description: 'Outlook categories, separated by commas; they replace the current ones (empty clears them)' },
			{
				displayName: 'Duration (Minutes)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'The new length, counted from the (new or current) start; ignored when End is set',
			},
			{
				displayName: 'End',
				name: 'end',
				type: 'dateTime',
				default: '',
				description: 'The new end; must be after the start',
			},
			{
				displayName: 'Location',
				name: 'location',
				type: 'string',
				default: '',
				description: 'Where it takes place; empty clears it',
			},
			{
				displayName: 'Optional Attendees',
				name: 'optionalAttendees',
				type: 'string',
				default: '',
				description: 'E-mail addresses, separated by commas; what happens to them is chosen in Attendees Action',
			},
			reminderMinutesProperty,
			{
				displayName: 'Required Attendees',
				name: 'requiredAttendees',
				type: 'string',
				default: '',
				description: 'E-mail addresses, separated by commas; what happens to them is chosen in Attendees Action',
			},
			{
				displayName: 'Resources',
				name: 'resources',
				type: 'string',
				default: '',
				description: 'E-mail addresses of rooms or equipment, separated by commas; what happens to them is chosen in Attendees Action',
			},
			showAsProperty,
			{
				displayName: 'Start',
				name: 'start',
				type: 'dateTime',
				default: '',
				description: 'The new start; without End or Duration the appointment keeps its length and moves',
			},
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '',
				description: 'The new title (a single line)',
			},
		],
	},
	{
		displayName: 'Change Key',
		name: 'changeKey',
		type: 'string',
		default: '',
		placeholder: 'DwAAABYAAAC...',
		description:
			'The appointment\'s "changeKey" as read earlier. When given, Exchange refuses the update if the appointment changed since (ErrorIrresolvableConflict) instead of overwriting that change.',
		displayOptions: { show },
	},
	optionsCollection(show, [
		...calendarReadOptions.filter((option) => option.name !== 'timeZone'),
		{
			displayName: 'Occurrence',
			name: 'occurrence',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'For a recurring series: which occurrence to change, counted from 1 (the ID is then the series\'). 0 changes what the ID names: the whole series, one appointment, or the one occurrence whose ID it is. Over Microsoft Graph deleted occurrences are not counted.',
		},
		{
			displayName: 'Send Updates To',
			name: 'sendUpdates',
			type: 'options',
			options: [
				{ name: 'All Attendees', value: 'all', description: 'Send the update to every attendee and keep a copy in Sent Items' },
				{
					name: 'Changed Attendees Only',
					value: 'changed',
					description: 'Invite only the attendees added and cancel for those removed; keep a copy in Sent Items',
				},
				{ name: 'None', value: 'none', description: 'Only save the change; attendees are not told' },
			],
			default: 'all',
			description:
				'Who hears of the change when the mailbox organizes the meeting; for an appointment without attendees nothing is sent. Over Microsoft Graph updates always go to all attendees.',
		},
		{
			...calendarReadOptions.find((option) => option.name === 'timeZone')!,
			description: 'IANA time zone for times without an offset and for the output\'s times; empty for the workflow\'s time zone',
		},
	]),
];

const MEETING_UPDATES: Record<string, MeetingUpdates> = {
	all: 'SendToAllAndSaveCopy',
	changed: 'SendToChangedAndSaveCopy',
	none: 'SendToNone',
};

export const ATTENDEE_LISTS = [
	['requiredAttendees', 'Required Attendees'],
	['optionalAttendees', 'Optional Attendees'],
	['resources', 'Resources'],
] as const;

export type AttendeeKey = (typeof ATTENDEE_LISTS)[number][0];

/**
 * What the item's Update Fields ask for, checked before any request; over EWS and Graph alike. A value of ''
 * (subject, location) or an empty list (categories) clears the field; `body` null clears the body.
 */
export interface UpdateValues {
	subject?: string;
	body?: BodyField | null;
	categories?: string[];
	reminderMinutes?: number;
	showAs?: LegacyFreeBusyStatus;
	location?: string;
	start?: DateTime;
	end?: DateTime;
	duration?: number;
	attendees: Partial<Record<AttendeeKey, Recipient[]>>;
	attendeesAction: 'set' | 'add' | 'remove';
}

function readDuration(context: IExecuteFunctions, itemIndex: number, value: unknown): number {
	const minutes = Number(value);
	if (!Number.isFinite(minutes) || minutes <= 0) {
		throw inputError(context, itemIndex, `"Duration (Minutes)" must be a positive number of minutes, not "${String(value)}"`);
	}
	if (minutes > MAX_DURATION_MINUTES) {
		throw inputError(context, itemIndex, `"Duration (Minutes)" is ${minutes} minutes, more than a year: enter the duration in minutes, or set End`);
	}
	return minutes;
}

function readValues(context: IExecuteFunctions, itemIndex: number, fields: IDataObject, zone: string): UpdateValues {
	const given = (key: string) => fields[key] !== undefined && fields[key] !== '';
	const values: UpdateValues = { attendees: {}, attendeesAction: 'set' };
	if (fields.subject !== undefined) values.subject = readSingleLine(context, itemIndex, 'Subject', fields.subject);
	if (fields.body !== undefined) values.body = readBody(context, itemIndex, fields.body, fields.bodyType) ?? null;
	if (fields.categories !== undefined) values.categories = readList(context, itemIndex, 'Categories', fields.categories);
	if (fields.reminderMinutes !== undefined) {
		const minutes = Number(fields.reminderMinutes);
		if (!Number.isInteger(minutes) || minutes < 0) {
			throw inputError(context, itemIndex, `"Reminder (Minutes Before)" must be a whole number of minutes, 0 or more, not "${String(fields.reminderMinutes)}"`);
		}
		values.reminderMinutes = minutes;
	}
	if (fields.showAs !== undefined) {
		const status = SHOW_AS[String(fields.showAs)];
		if (!status) throw inputError(context, itemIndex, `"Show As" has an unknown value "${String(fields.showAs)}"`);
		values.showAs = status;
	}
	if (fields.location !== undefined) values.location = readSingleLine(context, itemIndex, 'Location', fields.location);
	for (const [key, label] of ATTENDEE_LISTS) if (fields[key] !== undefined) values.attendees[key] = parseRecipients(fields[key], label);
	const action = String(fields.attendeesAction ?? 'set');
	if (action !== 'set' && action !== 'add' && action !== 'remove') {
		throw inputError(context, itemIndex, `"Attendees Action" "${action}" is not one of set, add, remove`);
	}
	if (fields.attendeesAction !== undefined && Object.keys(values.attendees).length === 0) {
		throw inputError(context, itemIndex, '"Attendees Action" is set, but no Required Attendees, Optional Attendees or Resources are given');
	}
	values.attendeesAction = action;
	if (given('start')) values.start = parseDateTimeInput(fields.start, 'Start', zone);
	if (given('end')) values.end = parseDateTimeInput(fields.end, 'End', zone);
	if (fields.duration !== undefined && !given('end')) values.duration = readDuration(context, itemIndex, fields.duration);
	return values;
}

/** The item's Update Fields read and checked; bad input fails the item naming the field. */
export function readUpdateValues(context: IExecuteFunctions, itemIndex: number, fields: IDataObject, zone: string): UpdateValues {
	try {
		return readValues(context, itemIndex, fields, zone);
	} catch (error) {
		if (error instanceof DateTimeInputError || error instanceof RecipientError || error instanceof TimeZoneError || error instanceof ItemFieldError) {
			throw inputError(context, itemIndex, error.message);
		}
		throw error;
	}
}

const same = (a: Recipient, b: Recipient) => a.address.toLowerCase() === b.address.toLowerCase();

/** The attendee lists after the action, for the lists it changes; `existing` gives a list as it is now. */
export function newAttendeeLists(values: UpdateValues, existing: (key: AttendeeKey) => Recipient[]): Partial<Record<AttendeeKey, Recipient[]>> {
	if (values.attendeesAction === 'set') return values.attendees;
	if (values.attendeesAction === 'add') {
		return Object.fromEntries(
			Object.entries(values.attendees).map(([key, added]) => {
				const list = existing(key as AttendeeKey);
				return [key, [...list, ...added.filter((a, i) => !list.some((b) => same(a, b)) && added.findIndex((b) => same(a, b)) === i)]];
			}),
		);
	}
	const removed = Object.values(values.attendees).flat();
	const lists: Partial<Record<AttendeeKey, Recipient[]>> = {};
	for (const [key] of ATTENDEE_LISTS) {
		const list = existing(key);
		const kept = list.filter((a) => !removed.some((b) => same(a, b)));
		if (kept.length !== list.length) lists[key] = kept;
	}
	return lists;
}

/** Start and End to write, with the zone they were meant in; the current times fill in what was not given. */
export function newTimes(
	context: IExecuteFunctions,
	itemIndex: number,
	values: UpdateValues,
	current: { start: unknown; end: unknown },
	zone: string,
): { start: DateTime; end: DateTime } | undefined {
	if (!values.start && !values.end && values.duration === undefined) return undefined;
	const currentStart = parseDateTimeInput(current.start, 'the current start', zone);
	const currentEnd = parseDateTimeInput(current.end, 'the current end', zone);
	const start = values.start ?? currentStart;
	const end =
		values.end ??
		(values.duration !== undefined ? start.plus({ minutes: values.duration }) : start.plus(currentEnd.diff(currentStart)));
	if (end <= start) throw inputError(context, itemIndex, `"End" (${formatEwsDateTime(end)}) must be after "Start" (${formatEwsDateTime(start)})`);
	return { start, end };
}

/** The update's request, from what was asked and the item as just read. */
function changes(context: IExecuteFunctions, itemIndex: number, values: UpdateValues, current: ReadItem, zone: string, call: ItemCall): XmlElement[] {
	const version = call.client.version;
	const set = (key: string, value: unknown) => setItemField('CalendarItem', key, value, version);
	const clear = (key: string) => deleteItemField('CalendarItem', key, version);
	const updates: XmlElement[] = [];
	if (values.subject !== undefined) updates.push(values.subject ? set('subject', values.subject) : clear('subject'));
	if (values.body !== undefined) updates.push(values.body ? set('body', values.body) : clear('body'));
	if (values.categories !== undefined) updates.push(values.categories.length > 0 ? set('categories', values.categories) : clear('categories'));
	if (values.reminderMinutes !== undefined) {
		updates.push(set('reminderIsSet', values.reminderMinutes > 0));
		if (values.reminderMinutes > 0) updates.push(set('reminderMinutes', values.reminderMinutes));
	}
	if (values.showAs !== undefined) updates.push(set('legacyFreeBusyStatus', values.showAs));
	if (values.location !== undefined) updates.push(values.location ? set('location', values.location) : clear('location'));
	const span = newTimes(context, itemIndex, values, { start: current.fields.start, end: current.fields.end }, zone);
	if (span) {
		const windowsZone = windowsZoneId(zone);
		updates.push(
			set('start', formatEwsDateTime(span.start)),
			set('end', formatEwsDateTime(span.end)),
			set('startTimeZoneId', windowsZone),
			set('endTimeZoneId', windowsZone),
		);
	}
	const existing = (key: AttendeeKey) => ((current.fields[key] as Attendee[] | undefined) ?? []).map(({ address, name }) => ({ address, name }));
	for (const [key, list] of Object.entries(newAttendeeLists(values, existing))) {
		updates.push(list.length > 0 ? set(key, list) : clear(key));
	}
	if (updates.length === 0) throw inputError(context, itemIndex, '"Update Fields" is empty: add at least one field to change');
	return updates;
}

export function readOccurrence(context: IExecuteFunctions, itemIndex: number, value: unknown): number | undefined {
	if (value === undefined || value === '' || Number(value) === 0) return undefined;
	const index = Number(value);
	if (!Number.isInteger(index) || index < 1) throw inputError(context, itemIndex, `"Occurrence" must be a whole number, 1 or more (0 for what the ID names), not "${String(value)}"`);
	return index;
}

async function readCurrent(this: IExecuteFunctions, call: ItemCall, target: AppointmentTarget, ref: ItemRef, settings: CalendarReadSettings): Promise<ReadItem> {
	try {
		const item = onlyValue(await getCalendarItems(call, [ref], target.mailbox, { zone: settings.zone }));
		return requireCalendarItem(this, call.itemIndex, item, APPOINTMENT_ID_LABEL, target.appointmentId);
	} catch (error) {
		throw namingTheAppointment(error, target.appointmentId, target.mailbox);
	}
}

/**
 * Reads the appointment, writes the change with the ChangeKey it was read with (or the one given), so a change
 * made in between is refused (ErrorIrresolvableConflict) rather than overwritten, and reads it again for the output.
 */
export async function call(this: IExecuteFunctions, itemCall: ItemCall): Promise<INodeExecutionData> {
	const { itemIndex } = itemCall;
	const target = readAppointmentTarget(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const givenChangeKey = readText(this, itemIndex, 'Change Key', this.getNodeParameter('changeKey', itemIndex, '')).trim() || undefined;
	const settings = readCalendarSettings(this, itemIndex, options);
	const mode = String(options.sendUpdates ?? 'all');
	const meetingUpdates = MEETING_UPDATES[mode];
	if (!meetingUpdates) throw inputError(this, itemIndex, `"Send Updates To" has an unknown value "${mode}"`);
	const instanceIndex = readOccurrence(this, itemIndex, options.occurrence);

	const values = readUpdateValues(this, itemIndex, fields, settings.zone);
	if (values.showAs !== undefined) {
		try {
			checkFreeBusyStatus(values.showAs, itemCall.client.version);
		} catch (error) {
			if (error instanceof ItemFieldError) throw inputError(this, itemIndex, error.message);
			throw error;
		}
	}

	const current = await readCurrent.call(this, itemCall, target, { id: target.appointmentId, instanceIndex }, settings);
	const read = current.fields.itemId as EwsId;
	const changeKey = givenChangeKey ?? read.changeKey;
	// An occurrence is changed by its own id, as GetItem gave it.
	const change = itemChangeElement({ id: instanceIndex === undefined ? target.appointmentId : read.id, changeKey }, changes(this, itemIndex, values, current, settings.zone, itemCall));
	const request = updateItemBatch('NeverOverwrite', meetingUpdates).build([change]);
	let updated: EwsId | undefined;
	try {
		updated = onlyValue(perMessage(await itemCall.send(request, target.mailbox), readResultItemId));
	} catch (error) {
		if (error instanceof EwsError && error.code === 'ErrorIrresolvableConflict') {
			const which = givenChangeKey ? `"Change Key" ${givenChangeKey}` : 'it was read just before';
			throw new EwsError({
				code: error.code,
				message: `${error.message} (the appointment "Appointment ID" ${target.appointmentId} changed since ${which}; nothing was updated)`,
				hint: 'Read the appointment again and update it with its new change key.',
				processing: error.processing,
			});
		}
		throw namingTheAppointment(error, target.appointmentId, target.mailbox);
	}
	const after = onlyValue(await getCalendarItems(itemCall, [{ id: updated?.id ?? read.id }], target.mailbox, settings));
	return { json: calendarItemOutput(after, settings, target.mailbox) };
}
