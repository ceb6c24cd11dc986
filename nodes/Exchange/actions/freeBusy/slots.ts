import { DateTime } from 'luxon';
import type { WorkingHours } from '../../ews/getUserAvailability';
import { DAY_NAMES, localToInstant } from '../../helpers/serializableTimeZone';

/**
 * Finding a time, as pure functions over UTC milliseconds: which times may hold the meeting (working hours,
 * a daily window, weekdays), and the first slots on a grid when every required person and a room are free.
 */

/** A half-open span [start, end) in UTC milliseconds. */
export interface Interval {
	start: number;
	end: number;
}

export interface RoomBusy {
	address: string;
	busy: Interval[];
}

export interface SlotSearch {
	window: Interval;
	durationMinutes: number;
	stepMinutes: number;
	/** A grid point: slots start at it plus whole steps (local midnight of the window's first day, say). */
	gridOrigin: number;
	limit: number;
	/** When the meeting may take place; a slot must fit inside one of these. */
	allowed: Interval[];
	/** The times each required person cannot meet. */
	people: Interval[][];
	/** Rooms in order of preference; empty when no room is needed. */
	rooms: RoomBusy[];
}

export interface Slot extends Interval {
	/** The first free room, in the order given; undefined when no room was asked for. */
	room?: string;
	freeRooms: string[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Sorted, with overlapping and touching spans joined. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
	const merged: Interval[] = [];
	for (const { start, end } of [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start)) {
		const last = merged[merged.length - 1];
		if (last && start <= last.end) last.end = Math.max(last.end, end);
		else merged.push({ start, end });
	}
	return merged;
}

/** Where both lists of spans overlap. */
export function intersectIntervals(a: Interval[], b: Interval[]): Interval[] {
	const left = mergeIntervals(a);
	const right = mergeIntervals(b);
	const result: Interval[] = [];
	let i = 0;
	let j = 0;
	while (i < left.length && j < right.length) {
		const start = Math.max(left[i].start, right[j].start);
		const end = Math.min(left[i].end, right[j].end);
		if (end > start) result.push({ start, end });
		if (left[i].end < right[j].end) i++;
		else j++;
	}
	return result;
}

function overlapsAny(busy: Interval[], start: number, end: number): boolean {
	return busy.some((interval) => interval.start < end && interval.end > start);
}

/**
 * The first `limit` slots of the duration, starting on the grid inside the window, that fit in an allowed
 * span, meet nobody's busy time and, when rooms are listed, leave one of them free. Slots may overlap.
 */
export function findSlots(search: SlotSearch): Slot[] {
	const duration = search.durationMinutes * MINUTE;
	const step = search.stepMinutes * MINUTE;
	const allowed = mergeIntervals(search.allowed);
	const people = search.people.map(mergeIntervals);
	const slots: Slot[] = [];
	const firstStep = Math.ceil((search.window.start - search.gridOrigin) / step);
	for (let start = search.gridOrigin + firstStep * step; start + duration <= search.window.end && slots.length < search.limit; start += step) {
		const end = start + duration;
		if (!allowed.some((span) => span.start <= start && end <= span.end)) continue;
		if (people.some((busy) => overlapsAny(busy, start, end))) continue;
		const freeRooms = search.rooms.filter((room) => !overlapsAny(room.busy, start, end)).map((room) => room.address);
		if (search.rooms.length > 0 && freeRooms.length === 0) continue;
		slots.push({ start, end, room: freeRooms[0], freeRooms });
	}
	return slots;
}

const WEEKDAYS = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);

function periodIncludes(days: string[], dayName: string): boolean {
	return days.some((day) => day === dayName || day === 'Day' || (day === 'Weekday' && WEEKDAYS.has(dayName)) || (day === 'WeekendDay' && !WEEKDAYS.has(dayName)));
}

/**
 * The spans a mailbox's published working hours cover in the window, each period read on its days in the
 * mailbox's own time zone, so a person in another zone counts in their own hours.
 */
export function workingHoursIntervals(hours: WorkingHours, window: Interval): Interval[] {
	const intervals: Interval[] = [];
	// Local days a day either side of the window's UTC days cover every zone's offset.
	const firstDay = Math.floor(window.start / DAY) * DAY - DAY;
	for (let day = firstDay; day <= window.end + DAY; day += DAY) {
		const dayName = DAY_NAMES[new Date(day).getUTCDay()];
		for (const period of hours.periods) {
			if (!periodIncludes(period.days, dayName)) continue;
			intervals.push({
				start: localToInstant(hours.timeZone, day + period.startMinutes * MINUTE),
				end: localToInstant(hours.timeZone, day + period.endMinutes * MINUTE),
			});
		}
	}
	return intersectIntervals(intervals, [window]);
}

/** The instant a day's wall clock shows `minutes` after midnight; 24:00 is the next day's start. */
function onClock(day: DateTime, minutes: number): number {
	if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
	return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/**
 * The same local hours on every day of the window in an IANA zone (minutes after midnight), on the days
 * `includeDay` accepts (luxon weekday: 1 Monday ... 7 Sunday). Across a DST change the hours stay the same
 * on the clock.
 */
export function dailyIntervals(
	zone: string,
	window: Interval,
	startMinutes: number,
	endMinutes: number,
	includeDay: (weekday: number) => boolean = () => true,
): Interval[] {
	const intervals: Interval[] = [];
	let day = DateTime.fromMillis(window.start, { zone }).startOf('day');
	while (day.toMillis() < window.end) {
		if (includeDay(day.weekday)) {
			intervals.push({ start: onClock(day, startMinutes), end: onClock(day, endMinutes) });
		}
		day = day.plus({ days: 1 }).startOf('day');
	}
	return intersectIntervals(intervals, [window]);
}
