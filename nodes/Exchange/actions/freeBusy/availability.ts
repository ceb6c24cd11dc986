import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import {
	buildGetUserAvailability,
	MAX_MAILBOXES,
	MAX_WINDOW_DAYS,
	readGetUserAvailability,
	type AttendeeType,
	type MailboxAvailability,
} from '../../ews/getUserAvailability';
import type { PerItem } from '../../ews/operation';
import { checkZone, formatEwsDateTime, parseDateTimeInput } from '../../helpers/dateTime';
import { parseRecipients, RecipientError } from '../../helpers/recipients';
import { asciiSmtpAddress, NON_ASCII_LOCAL_PART } from '../../transport/settings';
import { EwsError } from '../../transport/errors';
import { inputError } from '../fields';
import type { ItemCall } from '../types';
import { MAX_SCHEDULE_WINDOW_DAYS } from './graphSchedule';

/** What Free/Busy → Get and Find a Time share: the window, the mailboxes, and asking Exchange in pieces it accepts. */

const DAY = 24 * 60 * 60_000;

export function windowProperties(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Window Start',
			name: 'windowStart',
			type: 'dateTime',
			default: '',
			required: true,
			description:
				'Start of the time to look at: an ISO date-time such as 2026-12-01T08:00:00 (read in the Time Zone option when it has no offset) or a date-time with an offset',
			displayOptions: { show },
		},
		{
			displayName: 'Window End',
			name: 'windowEnd',
			type: 'dateTime',
			default: '',
			required: true,
			description: `End of the time to look at; windows longer than the server takes at once (${MAX_WINDOW_DAYS} days over EWS, ${MAX_SCHEDULE_WINDOW_DAYS} over Microsoft Graph) are asked for in several requests`,
			displayOptions: { show },
		},
	];
}

export const timeZoneOption: INodeProperties = {
	displayName: 'Time Zone',
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: 'Europe/Berlin',
	description: 'IANA time zone for times without an offset and for the times in the output; empty for the workflow\'s time zone',
};

/** The Time Zone option, or the workflow's zone. */
export function readZone(context: IExecuteFunctions, options: { timeZone?: unknown }): string {
	return checkZone(String(options.timeZone || context.getTimezone()));
}

export function readWindow(context: IExecuteFunctions, itemIndex: number, zone: string): { start: DateTime; end: DateTime } {
	const start = parseDateTimeInput(context.getNodeParameter('windowStart', itemIndex), 'Window Start', zone);
	const end = parseDateTimeInput(context.getNodeParameter('windowEnd', itemIndex), 'Window End', zone);
	if (end <= start) {
		throw inputError(context, itemIndex, `"Window End" (${formatEwsDateTime(end)}) must be after "Window Start" (${formatEwsDateTime(start)})`);
	}
	return { start, end };
}

/** SMTP addresses, separated by commas; `required` refuses an empty list. */
export function readAddresses(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown, required: boolean): string[] {
	try {
		const addresses = parseRecipients(value, label).map((recipient) => {
			const address = asciiSmtpAddress(recipient.address);
			if (!address) throw new RecipientError(label, recipient.address, NON_ASCII_LOCAL_PART);
			return address;
		});
		const unique = addresses.filter((address, index) => addresses.findIndex((a) => a.toLowerCase() === address.toLowerCase()) === index);
		if (required && unique.length === 0) throw inputError(context, itemIndex, `"${label}" needs at least one e-mail address`);
		return unique;
	} catch (error) {
		if (error instanceof RecipientError) throw inputError(context, itemIndex, error.message);
		throw error;
	}
}

/** Pieces of at most `size` milliseconds covering [start, end). */
function pieces(start: number, end: number, size: number): Array<{ start: number; end: number }> {
	const result: Array<{ start: number; end: number }> = [];
	for (let from = start; from < end; from += size) result.push({ start: from, end: Math.min(end, from + size) });
	return result;
}

export interface AvailabilityQuery {
	mailboxes: Array<{ address: string; attendeeType: AttendeeType }>;
	start: number;
	end: number;
	detailed: boolean;
	/** The mailbox the requests act as (the node's Mailbox parameter). */
	actAs?: string;
}

/** Free/busy of the mailboxes over the whole window, one result per mailbox in the order given. */
export type AvailabilityLookup = (query: AvailabilityQuery) => Promise<Array<PerItem<MailboxAvailability>>>;

/** One request's worth: the results of these mailboxes over this window, in order. */
export type AvailabilityPiece = (mailboxes: AvailabilityQuery['mailboxes'], window: { start: number; end: number }) => Promise<Array<PerItem<MailboxAvailability>>>;

/**
 * Free/busy of every mailbox over the whole window, asked for in pieces the server accepts (`windowDays` and
 * `mailboxesPerRequest` at most) and joined: an event that spans a boundary comes in both pieces (the server
 * returns events partly inside the window whole) and is kept once. A mailbox's error in any piece is its result.
 */
export async function availabilityInPieces(
	query: AvailabilityQuery,
	limits: { windowDays: number; mailboxesPerRequest: number },
	ask: AvailabilityPiece,
): Promise<Array<PerItem<MailboxAvailability>>> {
	const results = query.mailboxes.map((): PerItem<MailboxAvailability> => ({ value: { events: [] } }));
	const seen = query.mailboxes.map(() => new Set<string>());
	for (const window of pieces(query.start, query.end, limits.windowDays * DAY)) {
		for (let first = 0; first < query.mailboxes.length; first += limits.mailboxesPerRequest) {
			const mailboxes = query.mailboxes.slice(first, first + limits.mailboxesPerRequest);
			(await ask(mailboxes, window)).forEach((piece, offset) => {
				const index = first + offset;
				const result = results[index];
				if ('error' in result) return;
				if ('error' in piece) {
					results[index] = piece;
					return;
				}
				result.value.workingHours ??= piece.value.workingHours;
				for (const event of piece.value.events) {
					const key = `${event.start}|${event.end}|${event.busyType}|${event.subject ?? ''}`;
					if (seen[index].has(key)) continue;
					seen[index].add(key);
					result.value.events.push(event);
				}
			});
		}
	}
	return results;
}

/** GetUserAvailability: Exchange takes at most 42 days and 100 mailboxes a request. */
export function queryAvailability(send: ItemCall['send'], query: AvailabilityQuery): Promise<Array<PerItem<MailboxAvailability>>> {
	return availabilityInPieces(query, { windowDays: MAX_WINDOW_DAYS, mailboxesPerRequest: MAX_MAILBOXES }, async (mailboxes, window) =>
		readGetUserAvailability(await send(buildGetUserAvailability({ mailboxes, ...window, detailed: query.detailed }), query.actAs), mailboxes.length),
	);
}

/** The error of one mailbox, naming it, for operations that cannot go on without it. */
export function mailboxError(address: string, error: EwsError): EwsError {
	return new EwsError({ code: error.code, message: `${error.message} (mailbox "${address}")`, hint: error.hint, processing: error.processing });
}
