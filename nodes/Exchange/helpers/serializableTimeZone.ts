import { DateTime } from 'luxon';

/**
 * EWS's SerializableTimeZone (availability's TimeZone element): a standard bias and one yearly rule for each
 * of the two transitions. Exchange describes a mailbox's working hours in it; reading them needs the UTC
 * instant of a local time in that zone. Biases follow Windows: UTC = local time + bias, in minutes.
 */

export interface ZoneTransition {
	/** Added to the zone's bias while this part of the year lasts. */
	bias: number;
	month: number;
	/** 1 to 4, or 5 for the last such weekday of the month. */
	dayOrder: number;
	/** 0 = Sunday. */
	dayOfWeek: number;
	/** Local time of the change, in minutes after midnight. */
	timeMinutes: number;
}

export interface SerializableTimeZone {
	bias: number;
	standard: ZoneTransition;
	daylight: ZoneTransition;
}

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Whether the zone changes its offset at all: a month 0 or equal biases mean it keeps one offset. */
function hasDaylightTime(zone: SerializableTimeZone): boolean {
	return zone.standard.month > 0 && zone.daylight.month > 0 && zone.standard.bias !== zone.daylight.bias;
}

/** The local moment of a transition in `year`, as UTC milliseconds of the same wall-clock fields. */
function transitionWallClock(transition: ZoneTransition, year: number): number {
	const firstWeekday = new Date(Date.UTC(year, transition.month - 1, 1)).getUTCDay();
	const lastDay = new Date(Date.UTC(year, transition.month, 0)).getUTCDate();
	let day = 1 + ((transition.dayOfWeek - firstWeekday + 7) % 7) + (Math.min(transition.dayOrder, 5) - 1) * 7;
	while (day > lastDay) day -= 7;
	return Date.UTC(year, transition.month - 1, day) + transition.timeMinutes * MINUTE;
}

/**
 * The UTC instant (milliseconds) of a local wall-clock time in the zone, the wall-clock time given as UTC
 * milliseconds of the same fields. Southern-hemisphere rules (daylight time across the new year) work too.
 */
export function localToInstant(zone: SerializableTimeZone, wallClock: number): number {
	let bias = zone.bias + zone.standard.bias;
	if (hasDaylightTime(zone)) {
		const year = new Date(wallClock).getUTCFullYear();
		const starts = transitionWallClock(zone.daylight, year);
		const ends = transitionWallClock(zone.standard, year);
		const inDaylight = starts < ends ? wallClock >= starts && wallClock < ends : wallClock >= starts || wallClock < ends;
		if (inDaylight) bias = zone.bias + zone.daylight.bias;
	}
	return wallClock + bias * MINUTE;
}

/** The transition's rule, from the wall-clock moment (as UTC milliseconds of its fields) it happened at in one year. */
function ruleOf(wallClock: number, bias: number): ZoneTransition {
	const date = new Date(wallClock);
	const day = date.getUTCDate();
	const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
	return {
		bias,
		month: date.getUTCMonth() + 1,
		// The last such weekday of its month is "5", as Windows writes rules such as "last Sunday of March".
		dayOrder: day + 7 > lastDay ? 5 : Math.ceil(day / 7),
		dayOfWeek: date.getUTCDay(),
		timeMinutes: date.getUTCHours() * 60 + date.getUTCMinutes(),
	};
}

const NO_TRANSITION: ZoneTransition = { bias: 0, month: 0, dayOrder: 0, dayOfWeek: 0, timeMinutes: 0 };

/**
 * An IANA zone as a SerializableTimeZone, with the rules it keeps in `year`: its two offset changes that year
 * (found day by day, then to the minute) become the yearly rules, as Windows describes the same zone.
 */
export function serializableTimeZoneOf(zone: string, year: number): SerializableTimeZone {
	const key = `${zone}|${year}`;
	let rules = zoneRules.get(key);
	if (!rules) zoneRules.set(key, (rules = findRules(zone, year)));
	return rules;
}

/** Rules found so far, by zone and year: a search takes a few hundred offset lookups. */
const zoneRules = new Map<string, SerializableTimeZone>();

function findRules(zone: string, year: number): SerializableTimeZone {
	const offsetAt = (instant: number) => DateTime.fromMillis(instant, { zone }).offset;
	const changes: Array<{ instant: number; before: number; after: number }> = [];
	const first = Date.UTC(year, 0, 1);
	const end = Date.UTC(year + 1, 0, 1);
	for (let from = first; from < end; from += DAY) {
		const to = Math.min(end, from + DAY);
		if (offsetAt(from) === offsetAt(to)) continue;
		let [low, high] = [from, to];
		while (high - low > MINUTE) {
			const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
			if (offsetAt(middle) === offsetAt(from)) low = middle;
			else high = middle;
		}
		changes.push({ instant: high, before: offsetAt(low), after: offsetAt(high) });
	}
	const forward = changes.find((change) => change.after > change.before);
	const back = changes.find((change) => change.after < change.before);
	if (changes.length !== 2 || !forward || !back) {
		return { bias: -offsetAt(first), standard: NO_TRANSITION, daylight: NO_TRANSITION };
	}
	// A transition's time is the wall clock just before it: standard time when daylight time starts, and back.
	return {
		bias: -forward.before,
		standard: ruleOf(back.instant + back.before * MINUTE, 0),
		daylight: ruleOf(forward.instant + forward.before * MINUTE, forward.before - forward.after),
	};
}
