import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { buildCalendarItem } from '../../ews/calendarItem';
import { createItemBatch, readCreatedItemIds, type SendMeetingInvitations } from '../../ews/createItem';
import { ItemFieldError, type Sensitivity } from '../../ews/itemFields';
import { allDayRange, checkZone, formatEwsDateTime, parseDateTimeInput, windowsZoneId } from '../../helpers/dateTime';
import { parseRecipients, recipientsToStrings, type Recipient } from '../../helpers/recipients';
import type { EwsClient } from '../../transport';
import type { XmlElement } from '../../transport/xml';
import { inputError, readBody, readList, readSingleLine } from '../fields';
import { batchingOptions } from '../batching';
import { alphabetized, bodyTypeProperty, categoriesProperty, reminderMinutesProperty, SHOW_AS, showAsProperty } from '../commonProperties';
import { readMailbox } from '../mailbox';
import { recurrenceProperty, readRecurrence } from '../recurrence';
import type { Recurrence } from '../../ews/recurrence';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['appointment'], operation: ['create'] };

/** An appointment without an End option lasts this long, as Outlook's default meeting does. */
const DEFAULT_DURATION_MINUTES = 30;

/** Longer than any sensible appointment: a longer one is almost certainly minutes mistaken for seconds. */
const MAX_DURATION_MINUTES = 366 * 24 * 60;

export const description: INodeProperties[] = [
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'The title of the appointment (a single line)',
		displayOptions: { show },
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			'When it starts: an ISO date-time such as 2026-12-01T09:00:00 (read in the Time Zone option when it has no offset) or a date-time with an offset',
		displayOptions: { show },
	},
	{
		displayName: 'Duration (Minutes)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_DURATION_MINUTES,
		description: 'How long it lasts, in minutes; ignored when the End option is set',
		displayOptions: { show },
	},
	{
		displayName: 'Location',
		name: 'location',
		type: 'string',
		default: '',
		description: 'Where it takes place, e.g. a room name or an address',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: alphabetized([
			...batchingOptions,
			{
				displayName: 'All Day',
				name: 'isAllDay',
				type: 'boolean',
				default: false,
				description: 'Whether it is an all-day event, spanning whole days in the Time Zone option',
			},
			{
				displayName: 'Body',
				name: 'body',
				type: 'string',
				typeOptions: { rows: 5 },
				default: '',
				description: 'The appointment\'s description, sent with invitations',
			},
			bodyTypeProperty,
			categoriesProperty,
			{
				displayName: 'End',
				name: 'end',
				type: 'dateTime',
				default: '',
				description: 'When it ends, instead of a duration; must be after Start',
			},
			{
				displayName: 'Optional Attendees',
				name: 'optionalAttendees',
				type: 'string',
				default: '',
				description: 'E-mail addresses of optional attendees, separated by commas',
			},
			recurrenceProperty,
			reminderMinutesProperty,
			{
				displayName: 'Required Attendees',
				name: 'requiredAttendees',
				type: 'string',
				default: '',
				description: 'E-mail addresses of required attendees, separated by commas',
			},
			{
				displayName: 'Resources',
				name: 'resources',
				type: 'string',
				default: '',
				description: 'E-mail addresses of rooms or equipment to book, separated by commas',
			},
			{
				displayName: 'Send Invitations',
				name: 'sendInvitations',
				type: 'options',
				options: [
					{
						name: 'Automatic',
						value: 'auto',
						description: 'Send invitations and keep a copy when there are attendees or resources; otherwise send none',
					},
					{ name: 'To All', value: 'toAll', description: 'Send invitations without keeping a copy in Sent Items' },
					{ name: 'To All and Save Copy', value: 'toAllAndSaveCopy', description: 'Send invitations and keep a copy in Sent Items' },
					{ name: 'None', value: 'none', description: 'Only save the appointment; attendees are not told (EWS only)' },
				],
				default: 'auto',
				description: 'Over Microsoft Graph invitations are always sent: None is refused for an appointment with attendees or resources',
			},
			{
				displayName: 'Sensitivity',
				name: 'sensitivity',
				type: 'options',
				options: [
					{ name: 'Normal', value: 'normal' },
					{ name: 'Personal', value: 'personal' },
					{ name: 'Private', value: 'private' },
					{ name: 'Confidential', value: 'confidential' },
				],
				default: 'normal',
				description: 'How private the appointment is; Outlook hides the details of Private ones from those who share the calendar',
			},
			showAsProperty,
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description: 'IANA time zone for times without an offset and for all-day events; empty for the workflow\'s time zone',
			},
		]),
	},
];

const SENSITIVITY: Record<string, Sensitivity> = {
	normal: 'Normal',
	personal: 'Personal',
	private: 'Private',
	confidential: 'Confidential',
};

const INVITATIONS: Record<string, SendMeetingInvitations> = {
	toAll: 'SendOnlyToAll',
	toAllAndSaveCopy: 'SendToAllAndSaveCopy',
	none: 'SendToNone',
};

function readDuration(context: IExecuteFunctions, itemIndex: number): number {
	const value = context.getNodeParameter('duration', itemIndex, DEFAULT_DURATION_MINUTES);
	const minutes = Number(value);
	if (!Number.isFinite(minutes) || minutes <= 0) {
		throw inputError(context, itemIndex, `"Duration (Minutes)" must be a positive number of minutes, not "${String(value)}"`);
	}
	if (minutes > MAX_DURATION_MINUTES) {
		throw inputError(
			context,
			itemIndex,
			`"Duration (Minutes)" is ${minutes} minutes, more than a year: enter the duration in minutes, or set the End option`,
		);
	}
	return minutes;
}

function readTimes(context: IExecuteFunctions, itemIndex: number, options: IDataObject, zone: string): { start: DateTime; end: DateTime } {
	const start = parseDateTimeInput(context.getNodeParameter('start', itemIndex), 'Start', zone);
	const hasEnd = options.end !== undefined && options.end !== '';
	const end = hasEnd ? parseDateTimeInput(options.end, 'End', zone) : start.plus({ minutes: readDuration(context, itemIndex) });
	if (end <= start && !(options.isAllDay === true && end.equals(start))) {
		throw inputError(context, itemIndex, `"End" (${formatEwsDateTime(end)}) must be after "Start" (${formatEwsDateTime(start)})`);
	}
	return options.isAllDay === true ? allDayRange(start, end, zone) : { start, end };
}

/** What one item's parameters ask for, checked before anything is sent; the EWS and Graph sides build their requests from it. */
export interface AppointmentInput {
	mailbox?: string;
	/** IANA zone of times without offset, of all-day days and of the output. */
	zone: string;
	/** The same zone's Windows id, as Exchange names zones. */
	windowsZone: string;
	start: DateTime;
	end: DateTime;
	subject: string;
	location: string;
	body?: ReturnType<typeof readBody>;
	categories: string[];
	sensitivity?: Sensitivity;
	isAllDay: boolean;
	reminderMinutes?: number;
	showAs?: (typeof SHOW_AS)[string];
	requiredAttendees: Recipient[];
	optionalAttendees: Recipient[];
	resources: Recipient[];
	/** Whether there is anyone to invite. */
	invited: boolean;
	invitations: SendMeetingInvitations;
	recurrence?: Recurrence;
}

export function readAppointmentInput(context: IExecuteFunctions, itemIndex: number): AppointmentInput {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mailbox = readMailbox(context, itemIndex);
	const zone = checkZone(String(options.timeZone || context.getTimezone()));
	const { start, end } = readTimes(context, itemIndex, options, zone);
	const requiredAttendees = parseRecipients(options.requiredAttendees, 'Required Attendees');
	const optionalAttendees = parseRecipients(options.optionalAttendees, 'Optional Attendees');
	const resources = parseRecipients(options.resources, 'Resources');
	const invited = requiredAttendees.length + optionalAttendees.length + resources.length > 0;
	const mode = String(options.sendInvitations ?? 'auto');
	// "auto" sends when there is someone to invite: a meeting saved with SendToNone silently invites nobody.
	const invitations = mode === 'auto' ? (invited ? 'SendToAllAndSaveCopy' : 'SendToNone') : INVITATIONS[mode];
	if (!invitations) throw inputError(context, itemIndex, `"Send Invitations" has an unknown value "${mode}"`);
	const reminderMinutes = options.reminderMinutes === undefined ? undefined : Number(options.reminderMinutes);
	if (reminderMinutes !== undefined && (!Number.isInteger(reminderMinutes) || reminderMinutes < 0)) {
		throw inputError(context, itemIndex, `"Reminder (Minutes Before)" must be a whole number of minutes, 0 or more, not "${String(options.reminderMinutes)}"`);
	}
	return {
		mailbox,
		zone,
		windowsZone: windowsZoneId(zone),
		start,
		end,
		subject: readSingleLine(context, itemIndex, 'Subject', context.getNodeParameter('subject', itemIndex, '')),
		location: readSingleLine(context, itemIndex, 'Location', context.getNodeParameter('location', itemIndex, '')),
		body: readBody(context, itemIndex, options.body, options.bodyType),
		categories: readList(context, itemIndex, 'Categories', options.categories),
		sensitivity: options.sensitivity ? SENSITIVITY[String(options.sensitivity)] : undefined,
		isAllDay: options.isAllDay === true,
		reminderMinutes,
		showAs: options.showAs === undefined ? undefined : SHOW_AS[String(options.showAs)],
		requiredAttendees,
		optionalAttendees,
		resources,
		invited,
		invitations,
		recurrence: readRecurrence(context, itemIndex, options.recurrence, start, zone),
	};
}

/** Create's output item, the same over EWS and Graph but for the ids. */
export function createdOutput(input: AppointmentInput, created: { id?: string; changeKey?: string }, mailbox: string | undefined): IDataObject {
	return {
		id: created.id ?? null,
		changeKey: created.changeKey ?? null,
		mailbox: mailbox ?? null,
		subject: input.subject,
		start: formatEwsDateTime(input.start),
		end: formatEwsDateTime(input.end),
		timeZone: input.zone,
		location: input.location,
		requiredAttendees: recipientsToStrings(input.requiredAttendees),
		optionalAttendees: recipientsToStrings(input.optionalAttendees),
		invitationsSent: input.invitations !== 'SendToNone' && input.invited,
		...(input.recurrence ? { recurrence: input.recurrence as unknown as IDataObject } : {}),
	};
}

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const input = readAppointmentInput(this, itemIndex);
	const { mailbox, invitations } = input;

	let item: XmlElement;
	try {
		item = buildCalendarItem(
			{
				subject: input.subject,
				body: input.body,
				sensitivity: input.sensitivity,
				categories: input.categories,
				reminderMinutes: input.reminderMinutes,
				start: formatEwsDateTime(input.start),
				end: formatEwsDateTime(input.end),
				isAllDay: input.isAllDay || undefined,
				legacyFreeBusyStatus: input.showAs,
				location: input.location || undefined,
				requiredAttendees: input.requiredAttendees,
				optionalAttendees: input.optionalAttendees,
				resources: input.resources,
				recurrence: input.recurrence,
				startTimeZoneId: input.windowsZone,
				endTimeZoneId: input.windowsZone,
			},
			client.version,
		);
	} catch (error) {
		if (error instanceof ItemFieldError && error.element === 'LegacyFreeBusyStatus') {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			throw inputError(this, itemIndex, `"Show As" cannot be "${String(options.showAs)}": ${error.reason}`);
		}
		throw error;
	}

	const access = client.access(mailbox);
	return {
		itemIndex,
		mailbox,
		request: createItemBatch({
			sendMeetingInvitations: invitations,
			savedItemFolder: access.mode === 'delegate' ? { id: 'calendar', mailbox: access.address } : undefined,
		}),
		effect: invitations === 'SendToNone' ? 'created this appointment' : 'created this appointment and sent its invitations',
		build: async () => item,
		output: (message) => createdOutput(input, readCreatedItemIds(message)[0] ?? {}, access.address),
	};
}
