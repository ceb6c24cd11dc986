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
