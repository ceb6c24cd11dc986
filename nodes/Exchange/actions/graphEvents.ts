import type { DateTime } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';
import type { LegacyFreeBusyStatus } from '../ews/calendarItem';
import type { DayOfWeek, Recurrence } from '../ews/recurrence';
import { windowsZoneId } from '../helpers/dateTime';
import type { Recipient } from '../helpers/recipients';
import { EwsError } from '../transport';
import type { GraphJson, GraphRequest } from '../transport/graph/types';
import { APPOINTMENT_ID_LABEL, namingTheAppointment, type AppointmentTarget } from './appointmentIds';
import { inputError } from './fields';

/**
 * The appointment operations' values in Graph's event resource (learn.microsoft.com/graph/api/resources/event):
 * times as dateTimeTimeZone in the zone's Windows name (which Graph and EWS both know; EWS's create sends the
 * same as StartTimeZone), Outlook's recurrence as Graph's patternedRecurrence, attendees with their type.
 */

/** Graph's dateTimeTimeZone: the wall-clock time in the zone, without offset, and the zone's name. */
export function graphDateTime(time: DateTime, windowsZone: string, zone: string): { dateTime: string; timeZone: string } {
	return { dateTime: time.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: windowsZone };
}

/** Asks Graph to give start and end in the zone (its Windows name) rather than in UTC. */
export function timeZonePreference(zone: string): string {
	return `outlook.timezone="${windowsZoneId(zone)}"`;
}

const GRAPH_DAYS: Record<string, string[]> = {
	Day: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
	Weekday: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
	WeekendDay: ['saturday', 'sunday'],
};

/** Outlook's "the second Weekday" is Graph's list of weekdays with index second. */
function relativeDays(day: DayOfWeek): string[] {
	return GRAPH_DAYS[day] ?? [day.toLowerCase()];
}

const MONTH_NUMBERS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The Recurrence option as Graph's patternedRecurrence; the range's time zone is the series' own. */
export function graphRecurrence(recurrence: Recurrence, windowsZone: string): GraphJson {
	const { pattern, range } = recurrence;
	const common = { type: pattern.type, interval: 'interval' in pattern ? pattern.interval : 1 };
	let graphPattern: GraphJson;
	switch (pattern.type) {
		case 'daily':
			graphPattern = common;
			break;
		case 'weekly':
			graphPattern = {
				...common,
				daysOfWeek: pattern.daysOfWeek.map((day) => day.toLowerCase()),
				...(pattern.firstDayOfWeek ? { firstDayOfWeek: pattern.firstDayOfWeek.toLowerCase() } : {}),
			};
			break;
		case 'absoluteMonthly':
			graphPattern = { ...common, dayOfMonth: pattern.dayOfMonth };
			break;
		case 'relativeMonthly':
			graphPattern = { ...common, daysOfWeek: relativeDays(pattern.dayOfWeek), index: pattern.weekIndex.toLowerCase() };
			break;
		case 'absoluteYearly':
			graphPattern = { ...common, dayOfMonth: pattern.dayOfMonth, month: MONTH_NUMBERS.indexOf(pattern.month) + 1 };
			break;
		case 'relativeYearly':
			graphPattern = { ...common, daysOfWeek: relativeDays(pattern.dayOfWeek), index: pattern.weekIndex.toLowerCase(), month: MONTH_NUMBERS.indexOf(pattern.month) + 1 };
			break;
	}
	const graphRange: GraphJson = { type: range.type, startDate: range.startDate, recurrenceTimeZone: windowsZone };
	if (range.type === 'endDate') graphRange.endDate = range.endDate;
	if (range.type === 'numbered') graphRange.numberOfOccurrences = range.numberOfOccurrences;
	return { pattern: graphPattern, range: graphRange };
}

export interface AttendeeLists {
	requiredAttendees: Recipient[];
	optionalAttendees: Recipient[];
	resources: Recipient[];
}

/** Graph's one attendee list, each with its type. */
export function graphAttendees(lists: Partial<AttendeeLists>): GraphJson[] {
	const typed: Array<[Recipient[] | undefined, string]> = [
		[lists.requiredAttendees, 'required'],
		[lists.optionalAttendees, 'optional'],
		[lists.resources, 'resource'],
	];
	return typed.flatMap(([list, type]) =>
		(list ?? []).map((recipient) => ({ type, emailAddress: { address: recipient.address, ...(recipient.name ? { name: recipient.name } : {}) } })),
	);
}

/** Graph's attendee list back as the three lists the node's parameters name. */
export function attendeeLists(event: GraphJson | undefined): AttendeeLists {
	const lists: AttendeeLists = { requiredAttendees: [], optionalAttendees: [], resources: [] };
	for (const attendee of (event?.attendees ?? []) as GraphJson[]) {
		const address = attendee.emailAddress?.address;
		if (typeof address !== 'string') continue;
		const name = typeof attendee.emailAddress?.name === 'string' && attendee.emailAddress.name !== address ? attendee.emailAddress.name : undefined;
		const recipient = { address, ...(name ? { name } : {}) };
		if (attendee.type === 'optional') lists.optionalAttendees.push(recipient);
		else if (attendee.type === 'resource') lists.resources.push(recipient);
		else lists.requiredAttendees.push(recipient);
	}
	return lists;
}

const GRAPH_SHOW_AS: Record<LegacyFreeBusyStatus, string> = {
	Free: 'free',
	Tentative: 'tentative',
	Busy: 'busy',
	OOF: 'oof',
	WorkingElsewhere: 'workingElsewhere',
	NoData: 'unknown',
};

export function graphShowAs(status: LegacyFreeBusyStatus): string {
	return GRAPH_SHOW_AS[status];
}

/** The path of one event of the mailbox; Graph ids are URL-encoded into it. */
export function eventPath(id: string, action?: string): string {
	return `/events/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

/** Reads one event (for an update's read-then-write, or the output after it); Graph's refusal names the parameter. */
export async function readEvent(send: (request: GraphRequest, mailbox?: string) => Promise<{ body: GraphJson | undefined }>, target: AppointmentTarget, zone: string): Promise<GraphJson> {
	try {
		const answer = await send({ method: 'GET', path: eventPath(target.appointmentId), headers: { Prefer: timeZonePreference(zone) } }, target.mailbox);
		return answer.body ?? {};
	} catch (error) {
		throw namingTheAppointment(error, target.appointmentId, target.mailbox);
	}
}

/** Graph's refusal of a write on one event reworded as the EWS side words Exchange's (the reasons by code or message). */
export function explainGraphRefusal(target: AppointmentTarget, reasons: Array<[RegExp, string]>): (error: EwsError) => EwsError {
	return (error) => {
		const reason = reasons.find(([pattern]) => pattern.test(error.code) || pattern.test(error.message))?.[1];
		if (!reason) return namingTheAppointment(error, target.appointmentId, target.mailbox) as EwsError;
		return new EwsError({
			code: error.code,
			message: `${error.message} ("${APPOINTMENT_ID_LABEL}" ${target.appointmentId}: ${reason})`,
			hint: error.hint,
			processing: error.processing,
		});
	};
}

/** An option Graph cannot carry, refused naming it. */
export function refuseOverGraph(context: IExecuteFunctions, itemIndex: number, label: string, value: string, reason: string): never {
	throw inputError(context, itemIndex, `"${label}" "${value}" cannot be used over Microsoft Graph: ${reason}`);
}
