import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';
import type { BusyType, CalendarEvent, WorkingHours } from '../../ews/getUserAvailability';
import { formatEwsDateTime } from '../../helpers/dateTime';
import { DAY_NAMES } from '../../helpers/serializableTimeZone';
import { readMailbox } from '../mailbox';
import type { ItemCall } from '../types';
import { queryAvailability, readAddresses, readWindow, readZone, timeZoneOption, windowProperties, type AvailabilityLookup } from './availability';
import { mergeIntervals } from './slots';

export const kind = 'read';

const show = { resource: ['freeBusy'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Mailboxes',
		name: 'mailboxes',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'alice@contoso.com, room-a@contoso.com',
		description: 'E-mail addresses of the people and rooms whose busy times to get, separated by commas',
		displayOptions: { show },
	},
	...windowProperties(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Include Details',
				name: 'includeDetails',
				type: 'boolean',
				default: false,
				description:
					'Whether to include the subject and location of each busy time, where the calendar\'s permissions let the account see them',
			},
			timeZoneOption,
		],
	},
];

/** Create's Show As values, from the LegacyFreeBusyType Exchange answers with. */
const SHOW_AS: Record<BusyType, string> = {
	Free: 'free',
	Tentative: 'tentative',
	Busy: 'busy',
	OOF: 'outOfOffice',
	WorkingElsewhere: 'workingElsewhere',
	NoData: 'noData',
};

function clockText(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function workingHoursJson(hours: WorkingHours | undefined): IDataObject | null {
	if (!hours) return null;
	const { bias, standard, daylight } = hours.timeZone;
	return {
		// Minutes east of UTC in standard time, e.g. 60 for Central Europe.
		utcOffsetMinutes: -(bias + standard.bias),
		observesDaylightTime: standard.month > 0 && daylight.month > 0 && standard.bias !== daylight.bias,
		periods: hours.periods.map((period) => ({
			days: period.days.flatMap((day) => (day === 'Day' ? [...DAY_NAMES] : day)),
			start: clockText(period.startMinutes),
			end: clockText(period.endMinutes),
		})),
	};
}

/**
 * One output item per mailbox, in the order given: its events, the busy blocks they make merged (every status
 * but Free), and its working hours. A mailbox Exchange refuses (ErrorMailRecipientNotFound...) gets an item
 * with its error while the others are answered.
 */
export function read(this: IExecuteFunctions, { itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	return freeBusyItems(this, itemIndex, (query) => queryAvailability(send, query));
}

/** The output items, from free/busy looked up through either API. */
export async function* freeBusyItems(context: IExecuteFunctions, itemIndex: number, lookup: AvailabilityLookup): AsyncIterable<INodeExecutionData> {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const zone = readZone(context, options);
	const { start, end } = readWindow(context, itemIndex, zone);
	const addresses = readAddresses(context, itemIndex, 'Mailboxes', context.getNodeParameter('mailboxes', itemIndex, ''), true);
	const results = await lookup({
		mailboxes: addresses.map((address) => ({ address, attendeeType: 'Required' })),
		start: start.toMillis(),
		end: end.toMillis(),
		detailed: options.includeDetails === true,
		actAs: readMailbox(context, itemIndex),
	});
	const time = (milliseconds: number) => formatEwsDateTime(DateTime.fromMillis(milliseconds, { zone }));
	const eventJson = (event: CalendarEvent): IDataObject => ({
		start: time(event.start),
		end: time(event.end),
		showAs: SHOW_AS[event.busyType] ?? event.busyType,
		...(event.subject !== undefined ? { subject: event.subject, location: event.location ?? '' } : {}),
	});
	for (const [index, result] of results.entries()) {
		const mailbox = addresses[index];
		if ('error' in result) {
			yield { json: { mailbox, error: result.error.message, code: result.error.code } };
			continue;
		}
		const { events, workingHours } = result.value;
		const busy = events.filter((event) => event.busyType !== 'Free' && event.busyType !== 'NoData');
		yield {
			json: {
				mailbox,
				timeZone: zone,
				events: events.map(eventJson),
				busyBlocks: mergeIntervals(busy).map((block) => ({ start: time(block.start), end: time(block.end) })),
				workingHours: workingHoursJson(workingHours),
			},
		};
	}
}
