import { BuiltElement, ParsedElement, el, textEl } from './xml';

/**
 * Windows time zones as Exchange describes them to availability clients: a standard bias and, where the zone
 * keeps daylight saving time, the yearly rule of its two transitions. GetServerTimeZones lists them,
 * GetUserAvailability reads a request's TimeZone with them and writes each mailbox's WorkingHours zone.
 * Biases follow Windows: UTC = local time + bias, in minutes.
 */

export interface TransitionRule {
	month: number;
	/** 1 to 4, or 5 for the last such weekday of the month. */
	dayOrder: number;
	/** 0 = Sunday. */
	dayOfWeek: number;
	/** Local wall-clock time of the change, in minutes after midnight. */
	timeMinutes: number;
}

export interface ZoneRule {
	bias: number;
	/** Extra bias while daylight saving time is on (-60 almost everywhere); absent without DST. */
	daylight?: { bias: number; starts: TransitionRule; ends: TransitionRule };
}

export interface WindowsZone extends ZoneRule {
	id: string;
	name: string;
}

const lastSunday = (month: number, timeMinutes: number): TransitionRule => ({ month, dayOrder: 5, dayOfWeek: 0, timeMinutes });
const nthSunday = (dayOrder: number, month: number, timeMinutes: number): TransitionRule => ({ month, dayOrder, dayOfWeek: 0, timeMinutes });

/** The zones the sandbox knows, with today's rules. */
export const WINDOWS_ZONES: WindowsZone[] = [
	{ id: 'UTC', name: '(UTC) Coordinated Universal Time', bias: 0 },
	{
		id: 'GMT Standard Time',
		name: '(UTC+00:00) Dublin, Edinburgh, Lisbon, London',
		bias: 0,
		daylight: { bias: -60, starts: lastSunday(3, 60), ends: lastSunday(10, 120) },
	},
	{
		id: 'W. Europe Standard Time',
		name: '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna',
		bias: -60,
		daylight: { bias: -60, starts: lastSunday(3, 120), ends: lastSunday(10, 180) },
	},
	{
		id: 'Eastern Standard Time',
		name: '(UTC-05:00) Eastern Time (US & Canada)',
		bias: 300,
		daylight: { bias: -60, starts: nthSunday(2, 3, 120), ends: nthSunday(1, 11, 120) },
	},
	{
		id: 'Pacific Standard Time',
		name: '(UTC-08:00) Pacific Time (US & Canada)',
		bias: 480,
		daylight: { bias: -60, starts: nthSunday(2, 3, 120), ends: nthSunday(1, 11, 120) },
	},
	{ id: 'Tokyo Standard Time', name: '(UTC+09:00) Osaka, Sapporo, Tokyo', bias: -540 },
];

export function findWindowsZone(id: string): WindowsZone | undefined {
	return WINDOWS_ZONES.find((zone) => zone.id === id);
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MINUTE = 60_000;

export function dayName(dayOfWeek: number): string {
	return DAY_NAMES[dayOfWeek];
}

function clock(minutes: number): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
}

function transitionElement(name: string, bias: number, rule: TransitionRule | undefined): BuiltElement {
	// A zone without DST still carries both elements, with zero biases: some clients and servers need them.
	const { month, dayOrder, dayOfWeek, timeMinutes } = rule ?? { month: 0, dayOrder: 0, dayOfWeek: 0, timeMinutes: 0 };
	return el(
		name,
		{},
		textEl('t:Bias', bias),
		textEl('t:Time', clock(timeMinutes)),
		textEl('t:DayOrder', dayOrder),
		textEl('t:Month', month),
		textEl('t:DayOfWeek', dayName(dayOfWeek)),
	);
}

/** A SerializableTimeZone's children (Bias, StandardTime, DaylightTime), for t:TimeZone. */
export function serializableTimeZone(zone: ZoneRule): BuiltElement[] {
	return [
		el('t:Bias', {}, String(zone.bias)),
		transitionElement('t:StandardTime', 0, zone.daylight?.ends),
		transitionElement('t:DaylightTime', zone.daylight?.bias ?? 0, zone.daylight?.starts),
	];
}

function readTransition(element: ParsedElement | undefined): (TransitionRule & { bias: number }) | undefined {
	if (!element) return undefined;
	const [hours, minutes] = (element.childText('t:Time') ?? '00:00').split(':').map(Number);
	return {
		bias: Number(element.childText('t:Bias') ?? 0),
		month: Number(element.childText('t:Month') ?? 0),
		dayOrder: Number(element.childText('t:DayOrder') ?? 0),
		dayOfWeek: Math.max(0, DAY_NAMES.indexOf(element.childText('t:DayOfWeek') ?? 'Sunday')),
		timeMinutes: (hours || 0) * 60 + (minutes || 0),
	};
}

/** Reads a request's t:TimeZone; a DaylightTime with month 0 or no extra bias means no DST. */
export function readSerializableTimeZone(element: ParsedElement): ZoneRule {
	const standard = readTransition(element.child('t:StandardTime'));
	const daylight = readTransition(element.child('t:DaylightTime'));
	const bias = Number(element.childText('t:Bias') ?? 0) + (standard?.bias ?? 0);
	if (!standard || !daylight || daylight.month === 0 || standard.month === 0 || daylight.bias === standard.bias) return { bias };
	return { bias, daylight: { bias: daylight.bias - standard.bias, starts: daylight, ends: standard } };
}

/** The local wall-clock moment (as UTC milliseconds of the same fields) a transition falls on in `year`. */
function transitionWallClock(rule: TransitionRule, year: number): number {
	const first = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
	let day = 1 + ((rule.dayOfWeek - first + 7) % 7) + (rule.dayOrder - 1) * 7;
	const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
	while (day > daysInMonth) day -= 7;
	return Date.UTC(year, rule.month - 1, day) + rule.timeMinutes * MINUTE;
}

/** Whether DST is on at a local wall-clock moment (given as UTC milliseconds of the same fields). */
function daylightAtWallClock(zone: ZoneRule, wallClock: number): boolean {
	if (!zone.daylight) return false;
	const year = new Date(wallClock).getUTCFullYear();
	const starts = transitionWallClock(zone.daylight.starts, year);
	const ends = transitionWallClock(zone.daylight.ends, year);
	return starts < ends ? wallClock >= starts && wallClock < ends : wallClock >= starts || wallClock < ends;
}

/** The instant a local wall-clock time names in the zone. */
export function localToInstant(zone: ZoneRule, wallClock: number): Date {
	const bias = zone.bias + (daylightAtWallClock(zone, wallClock) ? (zone.daylight?.bias ?? 0) : 0);
	return new Date(wallClock + bias * MINUTE);
}

/** The local wall-clock time of an instant in the zone, as UTC milliseconds of the same fields. */
export function instantToLocal(zone: ZoneRule, instant: Date): number {
	const standard = instant.getTime() - zone.bias * MINUTE;
	if (!zone.daylight) return standard;
	const daylight = standard - zone.daylight.bias * MINUTE;
	return daylightAtWallClock(zone, daylight) ? daylight : standard;
}

/** xs:dateTime without offset, as Exchange 2010 and later write availability times in the request's zone. */
export function localDateTimeText(wallClock: number): string {
	return new Date(wallClock).toISOString().replace(/\.\d{3}Z$/, '');
}

/** Reads an xs:dateTime of a request in its zone: with Z or an offset literally, without one as local time. */
export function readZonedDateTime(text: string, zone: ZoneRule): Date | undefined {
	const trimmed = text.trim();
	if (/(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
		const parsed = new Date(trimmed);
		return Number.isNaN(parsed.getTime()) ? undefined : parsed;
	}
	const wallClock = Date.parse(`${trimmed}Z`);
	return Number.isNaN(wallClock) ? undefined : localToInstant(zone, wallClock);
}
