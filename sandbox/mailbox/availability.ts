import type { Folder } from './folders';
import type { StoredCalendarItem } from './types';

/** What a mailbox publishes to the availability service: its working hours and the busy times of its calendar. */

export interface WorkingPeriod {
	/** Day names as EWS writes them (Monday...), or Weekday / WeekendDay / Day. */
	days: string[];
	startMinutes: number;
	endMinutes: number;
}

export interface WorkingHours {
	/** The Windows time zone the periods are in (see timeZoneRules.ts). */
	timeZone: string;
	periods: WorkingPeriod[];
}

/** A new mailbox's working hours as Exchange sets them up: 08:00 to 17:00 on weekdays. */
export function defaultWorkingHours(): WorkingHours {
	return { timeZone: 'UTC', periods: [{ days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], startMinutes: 480, endMinutes: 1020 }] };
}

/** LegacyFreeBusyStatus values in the order MergedFreeBusy digits give them (0 Free ... 4 WorkingElsewhere). */
export const BUSY_TYPES = ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere'] as const;
export type BusyType = (typeof BUSY_TYPES)[number];

export interface BusyEvent {
	start: Date;
	end: Date;
	busyType: BusyType;
	item: StoredCalendarItem;
}

/**
 * The calendar's events that touch the window, whole (an event partly inside is returned entirely), in start
 * order. Cancelled meetings take no time. A calendar item without a status shows as Busy, Exchange's default.
 */
export function busyEvents(calendar: Folder, start: Date, end: Date): BusyEvent[] {
	return calendar
		.calendarItems()
		.filter((item) => item.start && item.end && !item.isCancelled && item.start.instant < end && item.end.instant > start)
		.map((item) => ({
			start: item.start!.instant,
			end: item.end!.instant,
			busyType: (BUSY_TYPES as readonly string[]).includes(item.legacyFreeBusyStatus ?? '') ? (item.legacyFreeBusyStatus as BusyType) : 'Busy',
			item,
		}))
		.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * MergedFreeBusy: one digit per interval of the window, the strongest status of the events overlapping it
 * (OOF, then Busy, Tentative, WorkingElsewhere, Free).
 */
export function mergedFreeBusy(events: BusyEvent[], start: Date, end: Date, intervalMinutes: number): string {
	const rank: Record<BusyType, number> = { Free: 0, WorkingElsewhere: 1, Tentative: 2, Busy: 3, OOF: 4 };
	const step = intervalMinutes * 60_000;
	let digits = '';
	for (let from = start.getTime(); from < end.getTime(); from += step) {
		const to = from + step;
		let strongest: BusyType = 'Free';
		for (const event of events) {
			if (event.start.getTime() < to && event.end.getTime() > from && rank[event.busyType] > rank[strongest]) strongest = event.busyType;
		}
		digits += String(BUSY_TYPES.indexOf(strongest));
	}
	return digits;
}
