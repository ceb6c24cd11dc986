import type { BusyType, CalendarEvent, MailboxAvailability, WorkingHours } from '../../ews/getUserAvailability';
import type { PerItem } from '../../ews/operation';
import { ianaZoneOf } from '../../helpers/dateTime';
import { DAY_NAMES, serializableTimeZoneOf, type SerializableTimeZone, type ZoneTransition } from '../../helpers/serializableTimeZone';
import { EwsError } from '../../transport/errors';
import type { GraphJson, GraphRequest } from '../../transport/graph/types';
import { readGraphDateTime, utcDateTimeTimeZone } from '../output/graphDateTime';

/**
 * Microsoft Graph's `calendar/getSchedule`, the counterpart of EWS's GetUserAvailability: the request for a
 * window and up to 20 mailboxes, and its answer read into the same MailboxAvailability the EWS side reads.
 */

/** Graph's limits (learn.microsoft.com/graph/outlook-get-free-busy-schedule): a window under 62 days, 20 schedules a request. */
export const MAX_SCHEDULE_WINDOW_DAYS = 61;
export const MAX_SCHEDULES = 20;

/**
 * The window in UTC (as over EWS: the node turns times into the user's zone itself). Without a Prefer header
 * Graph answers in UTC too. Subject and location come whenever the calendar's permissions allow; the
 * operations keep them only when asked to.
 */
export function buildGetSchedule(addresses: string[], window: { start: number; end: number }): GraphRequest {
	return {
		method: 'POST',
		path: '/calendar/getSchedule',
		body: {
			schedules: addresses,
			startTime: utcDateTimeTimeZone(window.start),
			endTime: utcDateTimeTimeZone(window.end),
			availabilityViewInterval: 30,
		},
	};
}

/** scheduleItem.status, as EWS's LegacyFreeBusyType names it. */
const BUSY_TYPES: Record<string, BusyType> = {
	free: 'Free',
	tentative: 'Tentative',
	busy: 'Busy',
	oof: 'OOF',
	workingelsewhere: 'WorkingElsewhere',
	unknown: 'NoData',
};

/**
 * freeBusyError.responseCode: Graph passes the availability service's numeric code on. 5009 comes with the
 * message EWS gives with ErrorMailRecipientNotFound ("Unable to resolve e-mail address ... to an Active
 * Directory object.", as reported in microsoftgraph/microsoft-graph-docs#11225); it is named as EWS names it,
 * so a workflow reads the same code over either API. Other codes are kept as Graph gives them.
 */
const RESPONSE_CODES: Record<string, string> = { '5009': 'ErrorMailRecipientNotFound' };

function invalid(message: string): EwsError {
	return new EwsError({ code: 'InvalidResponse', message, processing: 'processed' });
}

function readEvent(item: GraphJson, detailed: boolean): CalendarEvent {
	return {
		start: readGraphDateTime(item.start, 'schedule item start'),
		end: readGraphDateTime(item.end, 'schedule item end'),
		busyType: BUSY_TYPES[String(item.status ?? 'busy').toLowerCase()] ?? 'Busy',
		// Graph leaves them out where the calendar's permissions do not show them, as EWS leaves out the details.
		...(detailed && (item.subject !== undefined || item.location !== undefined) ? { subject: typeof item.subject === 'string' ? item.subject : '', location: typeof item.location === 'string' ? item.location : '' } : {}),
	};
}

/** "08:30:00.0000000" as minutes after midnight. */
function clockMinutes(text: unknown): number {
	const match = /^(\d{1,2}):(\d{2})/.exec(String(text ?? ''));
	if (!match) throw invalid(`Microsoft Graph answered a working-hours time that is not a time of day: "${String(text)}"`);
	return Number(match[1]) * 60 + Number(match[2]);
}

function dayIndex(name: unknown): number {
	return Math.max(0, DAY_NAMES.findIndex((day) => day.toLowerCase() === String(name ?? '').toLowerCase()));
}

function transition(offset: GraphJson | undefined, bias: number): ZoneTransition {
	return {
		bias,
		month: Number(offset?.month ?? 0),
		dayOrder: Number(offset?.dayOccurrence ?? 0),
		dayOfWeek: dayIndex(offset?.dayOfWeek),
		timeMinutes: offset?.time === undefined ? 0 : clockMinutes(offset.time),
	};
}

/**
 * workingHours.timeZone: a customTimeZone carries its rules (Windows biases, as EWS's SerializableTimeZone);
 * a named one is a Windows or IANA zone, whose rules in the window's year are taken from the time zone data.
 */
function readZone(zone: GraphJson | undefined, year: number): SerializableTimeZone {
	if (typeof zone?.bias === 'number') {
		return {
			bias: zone.bias,
			standard: transition(zone.standardOffset, 0),
			daylight: transition(zone.daylightOffset, Number(zone.daylightOffset?.daylightBias ?? 0)),
		};
	}
	const iana = ianaZoneOf(String(zone?.name ?? ''));
	if (!iana) throw invalid(`Microsoft Graph answered working hours in a time zone the node does not know: "${String(zone?.name)}"`);
	return serializableTimeZoneOf(iana, year);
}

function readWorkingHours(hours: GraphJson | undefined, year: number): WorkingHours | undefined {
	if (!hours || !Array.isArray(hours.daysOfWeek)) return undefined;
	return {
		timeZone: readZone(hours.timeZone, year),
		periods: [
			{
				days: (hours.daysOfWeek as unknown[]).map((day) => DAY_NAMES[dayIndex(day)]),
				startMinutes: clockMinutes(hours.startTime),
				endMinutes: clockMinutes(hours.endTime),
			},
		],
	};
}

/**
 * One result per requested address, in request order: Graph answers a scheduleInformation per schedule,
 * matched here by its scheduleId; one that Graph could not look up carries its own error.
 */
export function readGetSchedule(
	body: GraphJson | undefined,
	addresses: string[],
	window: { start: number },
	detailed: boolean,
): Array<PerItem<MailboxAvailability>> {
	const schedules = Array.isArray(body?.value) ? (body.value as GraphJson[]) : [];
	const year = new Date(window.start).getUTCFullYear();
	return addresses.map((address, index) => {
		const schedule =
			schedules.find((candidate) => String(candidate.scheduleId ?? '').toLowerCase() === address.toLowerCase()) ??
			(schedules.length === addresses.length ? schedules[index] : undefined);
		if (!schedule) throw invalid(`Microsoft Graph answered no schedule for ${address}`);
		if (schedule.error) {
			const code = String(schedule.error.responseCode ?? 'ErrorFreeBusyGenerationFailed');
			return {
				error: new EwsError({
					code: RESPONSE_CODES[code] ?? code,
					message: String(schedule.error.message ?? `Microsoft Graph has no free/busy for ${address}`),
					processing: 'processed',
				}),
			};
		}
		const items = Array.isArray(schedule.scheduleItems) ? (schedule.scheduleItems as GraphJson[]) : [];
		return { value: { events: items.map((item) => readEvent(item, detailed)), workingHours: readWorkingHours(schedule.workingHours, year) } };
	});
}
