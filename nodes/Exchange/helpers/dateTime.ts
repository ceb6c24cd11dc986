import { DateTime, IANAZone } from 'luxon';
import { findIana, findWindows } from 'windows-iana';

/** A date-time field the user filled in wrongly. */
export class DateTimeInputError extends Error {
	constructor(
		readonly field: string,
		readonly value: string,
		readonly reason: string,
	) {
		super(`Invalid date-time "${value}" in "${field}": ${reason}`);
		this.name = 'DateTimeInputError';
	}
}

export class TimeZoneError extends Error {
	constructor(
		readonly zone: string,
		readonly reason: string,
	) {
		super(`Unknown time zone "${zone}": ${reason}`);
		this.name = 'TimeZoneError';
	}
}

// Exchange stores times as Windows FILETIMEs (from 1601) and Outlook treats 4501-01-01 as "no date".
const FIRST_YEAR = 1601;
const LAST_YEAR = 4500;

const WALL_CLOCK = "yyyy-MM-dd'T'HH:mm:ss.SSS";

/** A luxon DateTime, possibly from another copy of luxon (n8n's), recognised by shape rather than class. */
interface DateTimeLike {
	isValid: boolean;
	invalidReason?: string | null;
	toMillis(): number;
	toISO(): string | null;
}

function isDateTimeLike(value: unknown): value is DateTimeLike {
	const candidate = value as Partial<DateTimeLike> | null;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.isValid === 'boolean' &&
		typeof candidate.toMillis === 'function' &&
		typeof candidate.toISO === 'function'
	);
}

const knownZones = new Set<string>();

/** Checks an IANA zone name as luxon understands it (which is case-insensitive); names seen valid are remembered. */
export function checkZone(zone: string): string {
	if (knownZones.has(zone)) return zone;
	if (!IANAZone.isValidZone(zone)) throw new TimeZoneError(zone, 'use an IANA time zone name such as Europe/Berlin');
	knownZones.add(zone);
	return zone;
}

/**
 * Reads a point in time from what a workflow passes: an ISO 8601 string (a value without offset is read as
 * wall-clock time in `zone`), an n8n/luxon DateTime, a JS Date or epoch milliseconds. The result is that
 * instant expressed in `zone`. A wall-clock time that does not exist in `zone` (skipped by a DST change) is
 * refused rather than silently moved.
 */
export function parseDateTimeInput(value: unknown, field: string, zone: string): DateTime {
	checkZone(zone);
	const shown = describe(value);
	const fail = (reason: string): never => {
		throw new DateTimeInputError(field, shown, reason);
	};

	let parsed: DateTime;
	if (typeof value === 'string') {
		parsed = parseIsoString(value.trim(), zone, fail);
	} else if (value instanceof Date) {
		parsed = DateTime.fromJSDate(value);
		if (!parsed.isValid) fail('the Date object is invalid');
	} else if (typeof value === 'number') {
		if (!Number.isFinite(value)) fail('a number must be finite milliseconds since 1970-01-01T00:00:00Z');
		parsed = DateTime.fromMillis(value);
	} else if (isDateTimeLike(value)) {
		if (!value.isValid) fail(`the DateTime is invalid (${value.invalidReason ?? 'no reason given'})`);
		parsed = DateTime.fromMillis(value.toMillis());
	} else if (value === undefined || value === null) {
		return fail('no date-time given');
	} else {
		return fail('expected an ISO 8601 date-time such as 2026-12-01T09:00:00');
	}

	const result = parsed.setZone(zone);
	if (result.year < FIRST_YEAR || result.year > LAST_YEAR) {
		fail(`the year must be between ${FIRST_YEAR} and ${LAST_YEAR}`);
	}
	return result;
}

function parseIsoString(text: string, zone: string, fail: (reason: string) => never): DateTime {
	if (text === '') fail('no date-time given');
	// "2026-12-01 09:00", as people type it, is ISO 8601 with a space for the T.
	const iso = text.replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T');
	const inZone = DateTime.fromISO(iso, { zone, setZone: true });
	if (!inZone.isValid) {
		fail(
			inZone.invalidReason === 'unit out of range'
				? 'no such date or time (a value is out of range)'
				: 'expected an ISO 8601 date-time such as 2026-12-01T09:00:00',
		);
	}
	// Read as UTC, the same text gives its wall-clock fields untouched; luxon moves a time that falls into a
	// DST gap forward, so differing fields mean the time does not exist in the zone. A date alone means its
	// day, which starts later where clocks skip midnight (America/Santiago): that is no error.
	const wallClock = DateTime.fromISO(iso, { zone: 'UTC', setZone: true });
	const dateOnly = !iso.includes('T');
	if (!dateOnly && inZone.toFormat(WALL_CLOCK) !== wallClock.toFormat(WALL_CLOCK)) {
		fail(`this local time does not exist in ${zone} (clocks skip it for daylight saving time); use a time outside the gap`);
	}
	return inZone;
}

function describe(value: unknown): string {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
	if (isDateTimeLike(value)) return value.isValid ? String(value.toISO()) : 'Invalid DateTime';
	return String(value);
}

/**
 * The Windows time zone id for an IANA zone, from CLDR's mapping: EWS identifies zones by Windows ids
 * ("W. Europe Standard Time").
 */
export function windowsZoneId(iana: string): string {
	checkZone(iana);
	const exact = findWindows(iana);
	// CLDR's table is keyed by exact names: let Intl canonicalise spelling and case when that finds nothing.
	const [windows] =
		exact.length > 0 ? exact : findWindows(new Intl.DateTimeFormat('en-US', { timeZone: iana }).resolvedOptions().timeZone);
	if (windows === undefined) throw new TimeZoneError(iana, 'it has no Windows time zone in CLDR, which Exchange needs');
	return windows;
}

/**
 * The IANA zone for a zone name a server gives: a Windows id (Microsoft Graph's dateTimeTimeZone and working
 * hours use them: "Pacific Standard Time", "UTC") or an IANA name; undefined when it is neither.
 */
export function ianaZoneOf(name: string): string | undefined {
	const trimmed = name.trim();
	if (/^(UTC|GMT|Etc\/UTC)$/i.test(trimmed)) return 'UTC';
	const [iana] = findIana(trimmed);
	if (iana !== undefined && IANAZone.isValidZone(iana)) return iana;
	return IANAZone.isValidZone(trimmed) ? trimmed : undefined;
}

/** xs:dateTime with an explicit offset and whole seconds, e.g. 2026-12-01T09:00:00+01:00. */
export function formatEwsDateTime(dt: DateTime): string {
	return dt.startOf('second').toISO({ suppressMilliseconds: true, includeOffset: true }) as string;
}

/**
 * The span an all-day event takes in `zone`: from local midnight of the start's day to the local midnight
 * ending the last day. An end exactly at midnight is exclusive (it ends the previous day), as Outlook and
 * iCalendar count all-day ends; any later time includes its day. At least one day.
 */
export function allDayRange(start: DateTime, end: DateTime, zone: string): { start: DateTime; end: DateTime } {
	checkZone(zone);
	const firstDay = start.setZone(zone).startOf('day');
	const endInZone = end.setZone(zone);
	const endDay = endInZone.startOf('day');
	const lastMidnight = endInZone.toMillis() === endDay.toMillis() ? endDay : endDay.plus({ days: 1 }).startOf('day');
	const minimum = firstDay.plus({ days: 1 }).startOf('day');
	return { start: firstDay, end: lastMidnight > minimum ? lastMidnight : minimum };
}
