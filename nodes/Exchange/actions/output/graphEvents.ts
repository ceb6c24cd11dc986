import { DateTime, IANAZone } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { findIana } from 'windows-iana';
import { MONTHS, type DayOfWeek, type Month, type Recurrence, type RecurrencePattern, type RecurrenceRange, type WeekIndex } from '../../ews/recurrence';
import { formatEwsDateTime } from '../../helpers/dateTime';
import type { GraphJson } from '../../transport/graph/types';
import { timeZonePreference } from '../graphEvents';
import type { CalendarReadSettings } from './calendarItems';

/**
 * Graph's event JSON as the node outputs an appointment: the same keys, values and words as the EWS path
 * (calendarItems.ts), so a workflow reads the same fields whichever API its credential uses. Ids are Graph's.
 */

/** What a read asks Graph for: start and end in the output's zone, the body in the chosen format. */
export function graphReadHeaders(settings: CalendarReadSettings): Record<string, string> {
	const preferences = [timeZonePreference(settings.zone)];
	if (settings.bodyFormat) preferences.push(`outlook.body-content-type="${settings.bodyFormat === 'HTML' ? 'html' : 'text'}"`);
	return { Prefer: preferences.join(', ') };
}

/** The IANA zone a dateTimeTimeZone's `timeZone` names (Windows or IANA); UTC for what neither knows. */
function ianaZone(name: unknown): string {
	const text = typeof name === 'string' ? name.trim() : '';
	if (!text || /^(utc|etc\/utc|tzone:\/\/microsoft\/utc)$/i.test(text)) return 'UTC';
	if (IANAZone.isValidZone(text)) return text;
	return findIana(text)[0] ?? 'UTC';
}

/** A dateTimeTimeZone as an instant; undefined when there is none. */
export function graphInstant(value: unknown): DateTime | undefined {
	const given = value as { dateTime?: unknown; timeZone?: unknown } | null | undefined;
	if (!given || typeof given.dateTime !== 'string') return undefined;
	const time = DateTime.fromISO(given.dateTime, { zone: ianaZone(given.timeZone) });
	return time.isValid ? time : undefined;
}

function inZone(time: DateTime | undefined, zone: string): string | null {
	return time ? formatEwsDateTime(time.setZone(zone)) : null;
}

const SHOW_AS: Record<string, string> = { free: 'free', tentative: 'tentative', busy: 'busy', oof: 'outOfOffice', workingElsewhere: 'workingElsewhere', unknown: 'noData' };

/** The same words as the EWS path's `response` values. */
const RESPONSES: Record<string, string> = {
	none: 'unknown',
	organizer: 'organizer',
	tentativelyAccepted: 'tentative',
	accepted: 'accept',
	declined: 'decline',
	notResponded: 'noResponse',
};

const TYPES: Record<string, string> = { singleInstance: 'single', occurrence: 'occurrence', exception: 'exception', seriesMaster: 'recurringMaster' };

const ATTENDEE_TYPES: Record<string, string> = { required: 'required', optional: 'optional', resource: 'resource' };

const capitalized = (text: unknown) => String(text ?? '').charAt(0).toUpperCase() + String(text ?? '').slice(1);

const ALL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Graph's list of days of a relative pattern as Outlook's one value (Day, Weekday, WeekendDay or a day). */
function relativeDay(days: string[]): DayOfWeek {
	const has = (list: string[]) => list.length === days.length && list.every((day) => days.includes(day));
	if (has(ALL_DAYS)) return 'Day';
	if (has(ALL_DAYS.slice(1, 6))) return 'Weekday';
	if (has(['saturday', 'sunday'])) return 'WeekendDay';
	return capitalized(days[0]) as DayOfWeek;
}

/** Graph's patternedRecurrence in the shape the EWS path outputs; null for none or a shape the node does not know. */
export function recurrenceOutput(recurrence: GraphJson | null | undefined): Recurrence | null {
	const pattern = recurrence?.pattern as GraphJson | undefined;
	const range = recurrence?.range as GraphJson | undefined;
	if (!pattern || !range) return null;
	const interval = Number(pattern.interval ?? 1);
	const days = ((pattern.daysOfWeek ?? []) as string[]).map((day) => String(day).toLowerCase());
	const weekIndex = capitalized(pattern.index ?? 'first') as WeekIndex;
	const month = MONTHS[Number(pattern.month) - 1] as Month;
	let outputPattern: RecurrencePattern;
	switch (pattern.type) {
		case 'daily':
			outputPattern = { type: 'daily', interval };
			break;
		case 'weekly':
			outputPattern = {
				type: 'weekly',
				interval,
				daysOfWeek: days.map(capitalized) as DayOfWeek[],
				...(pattern.firstDayOfWeek ? { firstDayOfWeek: capitalized(pattern.firstDayOfWeek) as DayOfWeek } : {}),
			};
			break;
		case 'absoluteMonthly':
			outputPattern = { type: 'absoluteMonthly', interval, dayOfMonth: Number(pattern.dayOfMonth) };
			break;
		case 'relativeMonthly':
			outputPattern = { type: 'relativeMonthly', interval, dayOfWeek: relativeDay(days), weekIndex };
			break;
		case 'absoluteYearly':
			outputPattern = { type: 'absoluteYearly', dayOfMonth: Number(pattern.dayOfMonth), month };
			break;
		case 'relativeYearly':
			outputPattern = { type: 'relativeYearly', dayOfWeek: relativeDay(days), weekIndex, month };
			break;
		default:
			return null;
	}
	const startDate = String(range.startDate ?? '');
	let outputRange: RecurrenceRange;
	switch (range.type) {
		case 'noEnd':
			outputRange = { type: 'noEnd', startDate };
			break;
		case 'endDate':
			outputRange = { type: 'endDate', startDate, endDate: String(range.endDate ?? '') };
			break;
		case 'numbered':
			outputRange = { type: 'numbered', startDate, numberOfOccurrences: Number(range.numberOfOccurrences) };
			break;
		default:
			return null;
	}
	return { pattern: outputPattern, range: outputRange };
}

function attendeesOf(event: GraphJson): IDataObject[] {
	return ((event.attendees ?? []) as GraphJson[]).map((attendee) => ({
		address: attendee.emailAddress?.address ?? null,
		name: attendee.emailAddress?.name || null,
		type: ATTENDEE_TYPES[String(attendee.type)] ?? 'required',
		response: attendee.status?.response ? (RESPONSES[String(attendee.status.response)] ?? null) : null,
	}));
}

function addressesOf(event: GraphJson, type: string): string[] {
	return ((event.attendees ?? []) as GraphJson[]).filter((attendee) => (attendee.type ?? 'required') === type).map((attendee) => String(attendee.emailAddress?.address ?? ''));
}

/** An event as the node outputs an appointment: always the same keys, absent values null and lists empty. */
export function graphEventOutput(event: GraphJson, settings: CalendarReadSettings, mailbox: string | undefined): IDataObject {
	const attendees = attendeesOf(event);
	const organizer = event.organizer?.emailAddress as GraphJson | undefined;
	const originalStart = typeof event.originalStart === 'string' ? DateTime.fromISO(event.originalStart, { setZone: true }) : undefined;
	return {
		id: event.id ?? null,
		changeKey: event.changeKey ?? null,
		mailbox: mailbox ?? null,
		subject: event.subject ?? '',
		start: inZone(graphInstant(event.start), settings.zone),
		end: inZone(graphInstant(event.end), settings.zone),
		timeZone: settings.zone,
		isAllDay: event.isAllDay ?? false,
		location: event.location?.displayName ?? '',
		requiredAttendees: addressesOf(event, 'required'),
		optionalAttendees: addressesOf(event, 'optional'),
		resources: addressesOf(event, 'resource'),
		organizer: organizer?.address ? { address: organizer.address, name: organizer.name || null } : null,
		attendees,
		myResponse: event.responseStatus?.response ? (RESPONSES[String(event.responseStatus.response)] ?? null) : null,
		showAs: event.showAs ? (SHOW_AS[String(event.showAs)] ?? event.showAs) : null,
		categories: event.categories ?? [],
		sensitivity: typeof event.sensitivity === 'string' ? event.sensitivity.toLowerCase() : null,
		reminderMinutes: event.isReminderOn === true ? (event.reminderMinutesBeforeStart ?? null) : null,
		isMeeting: attendees.length > 0,
		isCancelled: event.isCancelled ?? false,
		isRecurring: typeof event.type === 'string' ? event.type !== 'singleInstance' : false,
		type: typeof event.type === 'string' ? (TYPES[event.type] ?? event.type) : null,
		originalStart: originalStart?.isValid ? inZone(originalStart, settings.zone) : null,
		recurrence: recurrenceOutput(event.recurrence) as IDataObject | null,
		...(settings.bodyFormat && event.body
			? { body: event.body.content ?? '', bodyType: String(event.body.contentType).toLowerCase() === 'html' ? 'html' : 'text' }
			: {}),
	};
}
