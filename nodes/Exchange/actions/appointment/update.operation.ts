import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { checkFreeBusyStatus } from '../../ews/calendarItem';
import type { Attendee, EwsId } from '../../ews/fieldTypes';
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
	appointmentIdProperty(show, 'The EWS item ID of the appointment, meeting or recurring series, e.g. the ID Appointment → Create or Get Many output'),
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
				'For a recurring series: which occurrence to change, counted from 1 (the ID is then the series\'). 0 changes what the ID names: the whole series, one appointment, or the one occurrence whose ID it is.',
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
			description: 'Who hears of the change when the mailbox organizes the meeting; for an appointment without attendees nothing is sent',
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

const ATTENDEE_LISTS = [
	['requiredAttendees', 'Required Attendees'],
	['optionalAttendees', 'Optional Attendees'],
	['resources', 'Resources'],
] as const;

type AttendeeKey = (typeof ATTENDEE_LISTS)[number][0];

/** What the item's parameters ask for, checked before any request. */
interface Wanted {
	start?: DateTime;
	end?: DateTime;
	duration?: number;
	attendees: Partial<Record<AttendeeKey, Recipient[]>>;
	attendeesAction: 'set' | 'add' | 'remove';
	/** Updates that need nothing of the current item. */
	updates: XmlElement[];
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

function readWanted(context: IExecuteFunctions, itemIndex: number, fields: IDataObject, settings: CalendarReadSettings, call: ItemCall): Wanted {
	const version = call.client.version;
	const set = (key: string, value: unknown) => setItemField('CalendarItem', key, value, version);
	const clear = (key: string) => deleteItemField('CalendarItem', key, version);
	const given = (key: string) => fields[key] !== undefined && fields[key] !== '';
	const updates: XmlElement[] = [];
	if (fields.subject !== undefined) {
		const subject = readSingleLine(context, itemIndex, 'Subject', fields.subject);
		updates.push(subject ? set('subject', subject) : clear('subject'));
	}
	if (fields.body !== undefined) {
		const body = readBody(context, itemIndex, fields.body, fields.bodyType);
		updates.push(body ? set('body', body) : clear('body'));
	}
	if (fields.categories !== undefined) {
		const categories = readList(context, itemIndex, 'Categories', fields.categories);
		updates.push(categories.length > 0 ? set('categories', categories) : clear('categories'));
	}
	if (fields.reminderMinutes !== undefined) {
		const minutes = Number(fields.reminderMinutes);
		if (!Number.isInteger(minutes) || minutes < 0) {
			throw inputError(context, itemIndex, `"Reminder (Minutes Before)" must be a whole number of minutes, 0 or more, not "${String(fields.reminderMinutes)}"`);
		}
		updates.push(set('reminderIsSet', minutes > 0));
		if (minutes > 0) updates.push(set('reminderMinutes', minutes));
	}
	if (fields.showAs !== undefined) {
		const status = SHOW_AS[String(fields.showAs)];
		if (!status) throw inputError(context, itemIndex, `"Show As" has an unknown value "${String(fields.showAs)}"`);
		checkFreeBusyStatus(status, version);
		updates.push(set('legacyFreeBusyStatus', status));
	}
	if (fields.location !== undefined) {
		const location = readSingleLine(context, itemIndex, 'Location', fields.location);
		updates.push(location ? set('location', location) : clear('location'));
	}
	const attendees: Wanted['attendees'] = {};
	for (const [key, label] of ATTENDEE_LISTS) if (fields[key] !== undefined) attendees[key] = parseRecipients(fields[key], label);
	const action = String(fields.attendeesAction ?? 'set');
	if (action !== 'set' && action !== 'add' && action !== 'remove') {
		throw inputError(context, itemIndex, `"Attendees Action" "${action}" is not one of set, add, remove`);
	}
	if (fields.attendeesAction !== undefined && Object.keys(attendees).length === 0) {
		throw inputError(context, itemIndex, '"Attendees Action" is set, but no Required Attendees, Optional Attendees or Resources are given');
	}
	return {
		start: given('start') ? parseDateTimeInput(fields.start, 'Start', settings.zone) : undefined,
		end: given('end') ? parseDateTimeInput(fields.end, 'End', settings.zone) : undefined,
		duration: fields.duration !== undefined && !given('end') ? readDuration(context, itemIndex, fields.duration) : undefined,
		attendees,
		attendeesAction: action,
		updates,
	};
}

const same = (a: Recipient, b: Recipient) => a.address.toLowerCase() === b.address.toLowerCase();

/** The attendee lists after the action, for the lists it changes. */
function attendeeLists(wanted: Wanted, current: ReadItem): Partial<Record<AttendeeKey, Recipient[]>> {
	if (wanted.attendeesAction === 'set') return wanted.attendees;
	const existing = (key: AttendeeKey) => ((current.fields[key] as Attendee[] | undefined) ?? []).map(({ address, name }) => ({ address, name }));
	if (wanted.attendeesAction === 'add') {
		return Object.fromEntries(
			Object.entries(wanted.attendees).map(([key, added]) => {
				const list = existing(key as AttendeeKey);
				return [key, [...list, ...added.filter((a, i) => !list.some((b) => same(a, b)) && added.findIndex((b) => same(a, b)) === i)]];
			}),
		);
	}
	const removed = Object.values(wanted.attendees).flat();
	const lists: Partial<Record<AttendeeKey, Recipient[]>> = {};
	for (const [key] of ATTENDEE_LISTS) {
		const list = existing(key);
		const kept = list.filter((a) => !removed.some((b) => same(a, b)));
		if (kept.length !== list.length) lists[key] = kept;
	}
	return lists;
}

/** Start and End to write, with the zone they were meant in; the current times fill in what was not given. */
function times(context: IExecuteFunctions, itemIndex: number, wanted: Wanted, current: ReadItem, zone: string): { start: DateTime; end: DateTime } | undefined {
	if (!wanted.start && !wanted.end && wanted.duration === undefined) return undefined;
	const currentStart = parseDateTimeInput(current.fields.start, 'the current start', zone);
	const currentEnd = parseDateTimeInput(current.fields.end, 'the current end', zone);
	const start = wanted.start ?? currentStart;
	const end =
		wanted.end ??
		(wanted.duration !== undefined ? start.plus({ minutes: wanted.duration }) : start.plus(currentEnd.diff(currentStart)));
	if (end <= start) throw inputError(context, itemIndex, `"End" (${formatEwsDateTime(end)}) must be after "Start" (${formatEwsDateTime(start)})`);
	return { start, end };
}

/** The update's request, from what was asked and the item as just read. */
function changes(context: IExecuteFunctions, itemIndex: number, wanted: Wanted, current: ReadItem, zone: string, call: ItemCall): XmlElement[] {
	const version = call.client.version;
	const updates = [...wanted.updates];
	const span = times(context, itemIndex, wanted, current, zone);
	if (span) {
		const windowsZone = windowsZoneId(zone);
		updates.push(
			setItemField('CalendarItem', 'start', formatEwsDateTime(span.start), version),
			setItemField('CalendarItem', 'end', formatEwsDateTime(span.end), version),
			setItemField('CalendarItem', 'startTimeZoneId', windowsZone, version),
			setItemField('CalendarItem', 'endTimeZoneId', windowsZone, version),
		);
	}
	for (const [key, list] of Object.entries(attendeeLists(wanted, current))) {
		updates.push(list.length > 0 ? setItemField('CalendarItem', key, list, version) : deleteItemField('CalendarItem', key, version));
	}
	if (updates.length === 0) throw inputError(context, itemIndex, '"Update Fields" is empty: add at least one field to change');
	return updates;
}

function readOccurrence(context: IExecuteFunctions, itemIndex: number, value: unknown): number | undefined {
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

	let wanted: Wanted;
	try {
		wanted = readWanted(this, itemIndex, fields, settings, itemCall);
	} catch (error) {
		if (error instanceof DateTimeInputError || error instanceof RecipientError || error instanceof TimeZoneError || error instanceof ItemFieldError) {
			throw inputError(this, itemIndex, error.message);
		}
		throw error;
	}

	const current = await readCurrent.call(this, itemCall, target, { id: target.appointmentId, instanceIndex }, settings);
	const read = current.fields.itemId as EwsId;
	const changeKey = givenChangeKey ?? read.changeKey;
	// An occurrence is changed by its own id, as GetItem gave it.
	const change = itemChangeElement({ id: instanceIndex === undefined ? target.appointmentId : read.id, changeKey }, changes(this, itemIndex, wanted, current, settings.zone, itemCall));
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
