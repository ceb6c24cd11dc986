import { createHash } from 'crypto';
import { DateTime } from 'luxon';
import { findIana } from 'windows-iana';
import { StoreError } from './errors';
import { newChangeKey } from './ids';
import { OccurrenceChange, StoredCalendarItem, StoredRecurrence } from './types';

/**
 * Expanding a recurring series into its occurrences, as Exchange does for a calendar view: only the master
 * is stored, with its changed (modified) and deleted occurrences; occurrences are computed on request.
 *
 * Where Exchange's rules differ from iCalendar's (RFC 5545 skips a month that lacks the day), MS-OXOCAL
 * decides: an absolute monthly or yearly pattern on a day the month lacks (31, or 29 February) falls on the
 * month's last day. Occurrences keep the master's wall-clock time in the series' time zone (StartTimeZone),
 * across daylight saving changes; a Numbered range counts deleted occurrences too, as MS-OXOCAL's
 * OccurrenceCount does.
 */

const DAY_NUMBERS: Record<string, number> = { Monday: 1, Tuesday: 2, Wednesday: 3, Thursday: 4, Friday: 5, Saturday: 6, Sunday: 7 };
const WEEK_INDEXES = ['First', 'Second', 'Third', 'Fourth', 'Last'];
/** Exchange's calendar ends in 4500 (ErrorRecurrenceEndDateTooBig beyond it): expansion never goes further. */
const LAST_YEAR = 4500;

/** Why a series cannot be stored, with Exchange's response code; undefined when it can. */
export function recurrenceError(recurrence: StoredRecurrence): StoreError | undefined {
	const { pattern, range } = recurrence;
	if (!Number.isInteger(pattern.interval) || pattern.interval < 1 || pattern.interval > 999) {
		return new StoreError('ErrorCalendarInvalidRecurrence', 'The recurrence pattern is invalid: the interval is out of range.');
	}
	if (pattern.kind === 'Weekly' && (pattern.daysOfWeek.length === 0 || pattern.daysOfWeek.some((day) => !DAY_NUMBERS[day]))) {
		return new StoreError('ErrorCalendarInvalidDayForWeeklyRecurrence', 'A weekly recurrence needs one or more days of the week.');
	}
	if (pattern.dayOfMonth !== undefined && (pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31)) {
		return new StoreError('ErrorCalendarOutOfRange', 'The day of the month is out of range.');
	}
	if (pattern.month !== undefined && (pattern.month < 1 || pattern.month > 12)) return new StoreError('ErrorCalendarOutOfRange', 'The month is out of range.');
	if (pattern.dayOfWeekIndex !== undefined && !WEEK_INDEXES.includes(pattern.dayOfWeekIndex)) {
		return new StoreError('ErrorCalendarOutOfRange', 'The day of week index is out of range.');
	}
	if (range.kind === 'EndDate' && (range.endDate ?? '') < range.startDate) {
		return new StoreError('ErrorRecurrenceHasNoOccurrence', 'The recurrence has no occurrences in the specified range.');
	}
	if (range.kind === 'Numbered' && !((range.numberOfOccurrences ?? 0) >= 1)) {
		return new StoreError('ErrorRecurrenceHasNoOccurrence', 'The recurrence has no occurrences in the specified range.');
	}
	return undefined;
}

/** The IANA zone of the series' StartTimeZone; UTC when it names none the sandbox knows. */
function zoneOf(master: StoredCalendarItem): string {
	return (master.startTimeZone && findIana(master.startTimeZone)[0]) || 'UTC';
}

/** The `index`-th (First..Fourth, Last) day of `month` that matches `day` (a weekday, Day, Weekday or WeekendDay). */
function relativeDay(month: DateTime, day: string, index: string): DateTime {
	const matches = (d: DateTime) => (day === 'Day' ? true : day === 'Weekday' ? d.weekday <= 5 : day === 'WeekendDay' ? d.weekday >= 6 : d.weekday === DAY_NUMBERS[day]);
	const days: DateTime[] = [];
	for (let d = month.startOf('month'); d.month === month.month; d = d.plus({ days: 1 })) if (matches(d)) days.push(d);
	return index === 'Last' ? days[days.length - 1] : days[Math.min(WEEK_INDEXES.indexOf(index), days.length - 1)];
}

/** Absolute days clamp to the month's last day (MS-OXOCAL), not skip the month (iCalendar). */
function absoluteDay(month: DateTime, dayOfMonth: number): DateTime {
	return month.set({ day: Math.min(dayOfMonth, month.daysInMonth ?? 28) });
}

/** The pattern's days from the range's start date on, in order (local midnights in the series' zone). */
function* patternDays(recurrence: StoredRecurrence, zone: string): Generator<DateTime> {
	const { pattern } = recurrence;
	const first = DateTime.fromISO(recurrence.range.startDate, { zone }).startOf('day');
	const within = (d: DateTime) => d.year <= LAST_YEAR;
	switch (pattern.kind) {
		case 'Daily':
			for (let d = first; within(d); d = d.plus({ days: pattern.interval })) yield d;
			return;
		case 'Weekly': {
			const weekStartsOn = DAY_NUMBERS[pattern.firstDayOfWeek ?? 'Sunday'];
			const offsets = pattern.daysOfWeek.map((day) => (DAY_NUMBERS[day] - weekStartsOn + 7) % 7).sort((a, b) => a - b);
			for (let week = first.minus({ days: (first.weekday - weekStartsOn + 7) % 7 }); within(week); week = week.plus({ weeks: pattern.interval })) {
				for (const offset of offsets) {
					const d = week.plus({ days: offset });
					if (d >= first) yield d;
				}
			}
			return;
		}
		case 'AbsoluteMonthly':
		case 'RelativeMonthly':
			for (let month = first.startOf('month'); within(month); month = month.plus({ months: pattern.interval })) {
				const d =
					pattern.kind === 'AbsoluteMonthly'
						? absoluteDay(month, pattern.dayOfMonth ?? first.day)
						: relativeDay(month, pattern.daysOfWeek[0], pattern.dayOfWeekIndex ?? 'First');
				if (d >= first) yield d;
			}
			return;
		case 'AbsoluteYearly':
		case 'RelativeYearly':
			for (let year = first.year; year <= LAST_YEAR; year++) {
				const month = DateTime.fromObject({ year, month: pattern.month ?? first.month, day: 1 }, { zone });
				const d =
					pattern.kind === 'AbsoluteYearly'
						? absoluteDay(month, pattern.dayOfMonth ?? first.day)
						: relativeDay(month, pattern.daysOfWeek[0], pattern.dayOfWeekIndex ?? 'First');
				if (d >= first) yield d;
			}
	}
}

export interface SeriesOccurrence {
	index: number;
	/** Where the pattern puts it; a changed occurrence may have moved. */
	originalStart: Date;
	start: Date;
	end: Date;
}

/**
 * Every occurrence the pattern and range give, deleted ones included, in order, each at the master's
 * wall-clock time and lasting as long as the master (in local days and time, so an all-day event stays whole
 * days across a DST change). Unbounded series end at year 4500; callers stop early.
 */
export function* seriesOccurrences(master: StoredCalendarItem): Generator<SeriesOccurrence> {
	const recurrence = master.recurrence;
	if (!recurrence || !master.start || !master.end) return;
	const zone = zoneOf(master);
	const start = DateTime.fromJSDate(master.start.instant, { zone });
	const duration = DateTime.fromJSDate(master.end.instant, { zone }).diff(start, ['days', 'milliseconds']);
	const { range } = recurrence;
	let index = 0;
	for (const day of patternDays(recurrence, zone)) {
		if (range.kind === 'EndDate' && (day.toISODate() ?? '') > (range.endDate ?? '')) return;
		if (range.kind === 'Numbered' && index >= (range.numberOfOccurrences ?? 0)) return;
		index++;
		const occurrenceStart = day.set({ hour: start.hour, minute: start.minute, second: start.second, millisecond: start.millisecond });
		const occurrenceEnd = occurrenceStart.plus(duration);
		yield { index, originalStart: occurrenceStart.toJSDate(), start: occurrenceStart.toJSDate(), end: occurrenceEnd.toJSDate() };
	}
}

function isDeleted(master: StoredCalendarItem, originalStart: Date): boolean {
	return (master.deletedOccurrences ?? []).some((deleted) => deleted.getTime() === originalStart.getTime());
}

function changeOf(master: StoredCalendarItem, originalStart: Date): OccurrenceChange | undefined {
	return (master.modifiedOccurrences ?? []).find((change) => change.originalStart.getTime() === originalStart.getTime());
}

const OCCURRENCE_HEADER = Buffer.from([0x00, 0x03, 0x24, 0x4f]);
const MASTER_ID_BYTES = 104;

function occurrenceChecksum(body: Buffer): Buffer {
	return createHash('sha256').update(body).digest().subarray(0, 4);
}

/** An occurrence's ItemId: opaque, and stable for the same master and original start, as Exchange's are. */
export function occurrenceId(masterId: string, originalStart: Date): string {
	const time = Buffer.alloc(8);
	time.writeBigInt64BE(BigInt(originalStart.getTime()));
	const body = Buffer.concat([OCCURRENCE_HEADER, Buffer.from(masterId, 'base64'), time]);
	return Buffer.concat([body, occurrenceChecksum(body)]).toString('base64');
}

/** The master id and original start an occurrence id names; undefined for any other text. */
export function parseOccurrenceId(id: string): { masterId: string; originalStart: Date } | undefined {
	const bytes = Buffer.from(id, 'base64');
	if (bytes.length !== 4 + MASTER_ID_BYTES + 8 + 4 || !bytes.subarray(0, 4).equals(OCCURRENCE_HEADER)) return undefined;
	const body = bytes.subarray(0, bytes.length - 4);
	if (!bytes.subarray(bytes.length - 4).equals(occurrenceChecksum(body))) return undefined;
	return {
		masterId: body.subarray(4, 4 + MASTER_ID_BYTES).toString('base64'),
		originalStart: new Date(Number(body.readBigInt64BE(4 + MASTER_ID_BYTES))),
	};
}

/** The occurrence as a calendar item of its own: the master's content with the occurrence's times and changes. */
function occurrenceItem(master: StoredCalendarItem, occurrence: SeriesOccurrence): StoredCalendarItem {
	const change = changeOf(master, occurrence.originalStart);
	const time = (at: Date) => ({ raw: at.toISOString(), instant: at });
	const { recurrence: _r, modifiedOccurrences: _m, deletedOccurrences: _d, ...content } = master;
	return {
		...content,
		id: occurrenceId(master.id, occurrence.originalStart),
		changeKey: change?.changeKey ?? master.changeKey,
		lastModifiedTime: change?.lastModifiedTime ?? master.lastModifiedTime,
		start: change?.start ?? time(occurrence.start),
		end: change?.end ?? time(occurrence.end),
		subject: change?.subject ?? master.subject,
		location: change?.location ?? master.location,
		occurrenceOf: { masterId: master.id, originalStart: occurrence.originalStart, index: occurrence.index, modified: change !== undefined },
	};
}

/**
 * The occurrences of a series that overlap [from, to) (ending after `from`, starting before `to`, as
 * CalendarView selects), deleted ones left out and changed ones where they now are, in start order.
 */
export function occurrencesBetween(master: StoredCalendarItem, from: Date, to: Date): StoredCalendarItem[] {
	const found: StoredCalendarItem[] = [];
	const movedLatest = Math.max(0, ...(master.modifiedOccurrences ?? []).map((change) => change.originalStart.getTime() - change.start.instant.getTime()));
	for (const occurrence of seriesOccurrences(master)) {
		// Past the window even for an occurrence moved earlier: nothing later can overlap it.
		if (occurrence.originalStart.getTime() - movedLatest >= to.getTime()) break;
		if (isDeleted(master, occurrence.originalStart)) continue;
		const item = occurrenceItem(master, occurrence);
		const start = item.start?.instant.getTime() ?? 0;
		const end = item.end?.instant.getTime() ?? start;
		if (start < to.getTime() && (end > from.getTime() || (end === start && start >= from.getTime()))) found.push(item);
	}
	return found.sort((a, b) => (a.start?.instant.getTime() ?? 0) - (b.start?.instant.getTime() ?? 0));
}

/** The occurrence of a series with that original start, if the pattern has one; deleted ones are refused. */
export function occurrenceByStart(master: StoredCalendarItem, originalStart: Date): StoredCalendarItem {
	for (const occurrence of seriesOccurrences(master)) {
		const at = occurrence.originalStart.getTime();
		if (at > originalStart.getTime()) break;
		if (at < originalStart.getTime()) continue;
		if (isDeleted(master, occurrence.originalStart)) {
			throw new StoreError('ErrorCalendarOccurrenceIsDeletedFromRecurrence', 'Occurrence with this index was previously deleted from the recurrence.');
		}
		return occurrenceItem(master, occurrence);
	}
	throw new StoreError('ErrorItemNotFound', 'The specified object was not found in the store.');
}

/** OccurrenceItemId's InstanceIndex: the 1-based occurrence of the series. */
export function occurrenceByIndex(master: StoredCalendarItem, index: number): StoredCalendarItem {
	if (!master.recurrence) throw new StoreError('ErrorCalendarCannotUseIdForOccurrenceId', 'Id must be of a recurring master to be used with an occurrence index.');
	if (Number.isInteger(index) && index >= 1) {
		for (const occurrence of seriesOccurrences(master)) {
			if (occurrence.index < index) continue;
			if (isDeleted(master, occurrence.originalStart)) {
				throw new StoreError('ErrorCalendarOccurrenceIsDeletedFromRecurrence', 'Occurrence with this index was previously deleted from the recurrence.');
			}
			return occurrenceItem(master, occurrence);
		}
	}
	throw new StoreError('ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange', 'Occurrence index is out of recurrence range.');
}

/** The first occurrence the pattern gives: Exchange moves a new master's Start and End there. */
export function firstOccurrence(master: StoredCalendarItem): SeriesOccurrence | undefined {
	for (const occurrence of seriesOccurrences(master)) return occurrence;
	return undefined;
}

/** What a user may change on one occurrence in Outlook (the test controls' vocabulary). */
export interface OccurrenceEdit {
	start?: Date;
	end?: Date;
	subject?: string;
	location?: string;
}

/** Makes one occurrence an exception with the changes given (on top of earlier ones), as moving it in Outlook does. */
export function modifyOccurrence(master: StoredCalendarItem, originalStart: Date, edit: OccurrenceEdit, now = new Date()): void {
	const occurrence = occurrenceByStart(master, originalStart);
	const time = (at: Date) => ({ raw: at.toISOString(), instant: at });
	const start = edit.start ? time(edit.start) : occurrence.start;
	const end = edit.end ? time(edit.end) : occurrence.end;
	if (!start || !end || end.instant < start.instant) throw new StoreError('ErrorCalendarEndDateIsEarlierThanStartDate', 'EndDate is earlier than StartDate');
	const others = (master.modifiedOccurrences ?? []).filter((change) => change.originalStart.getTime() !== originalStart.getTime());
	const change: OccurrenceChange = {
		originalStart,
		start,
		end,
		subject: edit.subject ?? occurrence.subject,
		location: edit.location ?? occurrence.location,
		changeKey: newChangeKey(),
		lastModifiedTime: now,
	};
	master.modifiedOccurrences = [...others, change].sort((a, b) => a.originalStart.getTime() - b.originalStart.getTime());
}

/** Deletes one occurrence from its series (a changed one loses its changes). */
export function deleteOccurrence(master: StoredCalendarItem, originalStart: Date): void {
	occurrenceByStart(master, originalStart);
	master.modifiedOccurrences = (master.modifiedOccurrences ?? []).filter((change) => change.originalStart.getTime() !== originalStart.getTime());
	master.deletedOccurrences = [...(master.deletedOccurrences ?? []), originalStart].sort((a, b) => a.getTime() - b.getTime());
}
