import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';
import type { BusyType, MailboxAvailability } from '../../ews/getUserAvailability';
import type { PerItem } from '../../ews/operation';
import { formatEwsDateTime } from '../../helpers/dateTime';
import { inputError } from '../fields';
import { readMailbox } from '../mailbox';
import type { ItemCall } from '../types';
import { mailboxError, queryAvailability, readAddresses, readWindow, readZone, timeZoneOption, windowProperties, type AvailabilityLookup } from './availability';
import { dailyIntervals, findSlots, intersectIntervals, workingHoursIntervals, type Interval } from './slots';

export const kind = 'read';

const show = { resource: ['freeBusy'], operation: ['findTime'] };

const DEFAULT_DURATION_MINUTES = 30;
const DEFAULT_STEP_MINUTES = 15;

export const description: INodeProperties[] = [
	{
		displayName: 'Mailboxes',
		name: 'mailboxes',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'alice@contoso.com, bob@contoso.com',
		description: 'E-mail addresses of the people who must all be free, separated by commas',
		displayOptions: { show },
	},
	...windowProperties(show),
	{
		displayName: 'Duration (Minutes)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_DURATION_MINUTES,
		description: 'How long the meeting lasts, in minutes',
		displayOptions: { show },
	},
	{
		displayName: 'Max Slots',
		name: 'maxSlots',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'How many slots to return at most, earliest first',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Daily Window End',
				name: 'dailyEnd',
				type: 'string',
				default: '',
				placeholder: '17:00',
				description: 'With Daily Window Start: the time of day (in the Time Zone option) by which meetings end, instead of everyone\'s working hours',
			},
			{
				displayName: 'Daily Window Start',
				name: 'dailyStart',
				type: 'string',
				default: '',
				placeholder: '09:00',
				description: 'With Daily Window End: the time of day (in the Time Zone option) from which meetings may start, instead of everyone\'s working hours',
			},
			{
				displayName: 'Rooms',
				name: 'rooms',
				type: 'string',
				default: '',
				placeholder: 'room-a@contoso.com, room-b@contoso.com',
				description: 'E-mail addresses of rooms, separated by commas: a slot needs one of them free; the first free one in this order is given',
			},
			{
				displayName: 'Skip Weekends',
				name: 'skipWeekends',
				type: 'boolean',
				default: false,
				description: 'Whether to leave out Saturdays and Sundays (in the Time Zone option)',
			},
			{
				displayName: 'Slot Step (Minutes)',
				name: 'slotStepMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_STEP_MINUTES,
				description: 'Slots start at multiples of this many minutes after midnight; slots may overlap',
			},
			timeZoneOption,
			{
				displayName: 'Treat Tentative as Free',
				name: 'tentativeIsFree',
				type: 'boolean',
				default: false,
				description: 'Whether times shown as Tentative may be booked; Busy, Out of Office and Working Elsewhere always block',
			},
		],
	},
];

function readMinutes(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown, max: number): number {
	const minutes = Number(value);
	if (!Number.isInteger(minutes) || minutes < 1 || minutes > max) {
		throw inputError(context, itemIndex, `"${label}" must be a whole number of minutes from 1 to ${max}, not "${String(value)}"`);
	}
	return minutes;
}

function readCount(context: IExecuteFunctions, itemIndex: number, value: unknown): number {
	const count = Number(value);
	if (!Number.isInteger(count) || count < 1) throw inputError(context, itemIndex, `"Max Slots" must be a whole number, 1 or more, not "${String(value)}"`);
	return count;
}

/** "HH:MM" as minutes after midnight; 24:00 ends a day. */
function readClock(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown): number {
	const match = /^(\d{1,2}):(\d{2})$/.exec(String(value).trim());
	const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
	if (!match || Number(match[2]) > 59 || !(minutes >= 0 && minutes <= 24 * 60)) {
		throw inputError(context, itemIndex, `"${label}" must be a time of day such as 09:00, not "${String(value)}"`);
	}
	return minutes;
}

/** Both Daily Window fields, or neither. */
function readDailyWindow(context: IExecuteFunctions, itemIndex: number, options: IDataObject): { start: number; end: number } | undefined {
	const given = (value: unknown) => value !== undefined && String(value).trim() !== '';
	if (!given(options.dailyStart) && !given(options.dailyEnd)) return undefined;
	if (!given(options.dailyStart) || !given(options.dailyEnd)) {
		throw inputError(context, itemIndex, '"Daily Window Start" and "Daily Window End" go together: set both, or neither to use everyone\'s working hours');
	}
	const start = readClock(context, itemIndex, 'Daily Window Start', options.dailyStart);
	const end = readClock(context, itemIndex, 'Daily Window End', options.dailyEnd);
	if (end <= start) throw inputError(context, itemIndex, `"Daily Window End" (${String(options.dailyEnd)}) must be after "Daily Window Start" (${String(options.dailyStart)})`);
	return { start, end };
}

/** A mailbox's answer, or its error (naming it) thrown: no slot can be trusted without everyone's calendar. */
function answered(address: string, result: PerItem<MailboxAvailability>): MailboxAvailability {
	if ('error' in result) throw mailboxError(address, result.error);
	return result.value;
}

/**
 * GetUserAvailability for the people and rooms, then the slots computed here (slots.ts): the first ones on the
 * grid in the window where every required person is free, within everyone's published working hours (or the
 * daily window), and, when rooms are listed, one of them is free. One output item per slot.
 */
export function read(this: IExecuteFunctions, { itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	return slotItems(this, itemIndex, (query) => queryAvailability(send, query));
}

/** The output items, from free/busy looked up through either API. */
export async function* slotItems(context: IExecuteFunctions, itemIndex: number, lookup: AvailabilityLookup): AsyncIterable<INodeExecutionData> {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const zone = readZone(context, options);
	const { start, end } = readWindow(context, itemIndex, zone);
	const people = readAddresses(context, itemIndex, 'Mailboxes', context.getNodeParameter('mailboxes', itemIndex, ''), true);
	const rooms = readAddresses(context, itemIndex, 'Rooms', options.rooms ?? '', false);
	const durationMinutes = readMinutes(context, itemIndex, 'Duration (Minutes)', context.getNodeParameter('duration', itemIndex, DEFAULT_DURATION_MINUTES), 14 * 24 * 60);
	const stepMinutes = readMinutes(context, itemIndex, 'Slot Step (Minutes)', options.slotStepMinutes ?? DEFAULT_STEP_MINUTES, 24 * 60);
	const limit = readCount(context, itemIndex, context.getNodeParameter('maxSlots', itemIndex, 5));
	const daily = readDailyWindow(context, itemIndex, options);

	const window: Interval = { start: start.toMillis(), end: end.toMillis() };
	const mailboxes = [
		...people.map((address) => ({ address, attendeeType: 'Required' as const })),
		...rooms.map((address) => ({ address, attendeeType: 'Room' as const })),
	];
	const results = await lookup({ mailboxes, ...window, detailed: false, actAs: readMailbox(context, itemIndex) });
	const calendars = results.map((result, index) => answered(mailboxes[index].address, result));
	const blocking = new Set<BusyType>(['Busy', 'OOF', 'WorkingElsewhere', ...(options.tentativeIsFree === true ? [] : ['Tentative' as const])]);
	const busyOf = (calendar: MailboxAvailability) => calendar.events.filter((event) => blocking.has(event.busyType));
	const personCalendars = calendars.slice(0, people.length);

	let allowed: Interval[] = [window];
	if (daily) {
		allowed = dailyIntervals(zone, window, daily.start, daily.end);
	} else {
		for (const calendar of personCalendars) {
			if (calendar.workingHours) allowed = intersectIntervals(allowed, workingHoursIntervals(calendar.workingHours, window));
		}
	}
	if (options.skipWeekends === true) allowed = intersectIntervals(allowed, dailyIntervals(zone, window, 0, 24 * 60, (weekday) => weekday <= 5));

	const slots = findSlots({
		window,
		durationMinutes,
		stepMinutes,
		gridOrigin: start.startOf('day').toMillis(),
		limit,
		allowed,
		people: personCalendars.map(busyOf),
		rooms: calendars.slice(people.length).map((calendar, index) => ({ address: rooms[index], busy: busyOf(calendar) })),
	});
	const time = (milliseconds: number) => formatEwsDateTime(DateTime.fromMillis(milliseconds, { zone }));
	for (const slot of slots) {
		yield {
			json: {
				start: time(slot.start),
				end: time(slot.end),
				timeZone: zone,
				room: slot.room ?? null,
				freeRooms: slot.freeRooms,
				attendees: people,
			},
		};
	}
}
