import { StoredCalendarItem, StoredRecurrence } from '../store';
import { BuiltChild, BuiltElement, ParsedElement, el, textEl } from '../xml';
import { ItemError } from './context';
import { dateTimeText } from './responses';

/**
 * RecurrenceType in requests and answers (types.xsd: one pattern element, then one range element), and the
 * properties that tell a series' items apart: CalendarItemType, IsRecurring, OriginalStart and, on the
 * master, ModifiedOccurrences and DeletedOccurrences.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const PATTERN_KINDS: Record<string, StoredRecurrence['pattern']['kind']> = {
	't:RelativeYearlyRecurrence': 'RelativeYearly',
	't:AbsoluteYearlyRecurrence': 'AbsoluteYearly',
	't:RelativeMonthlyRecurrence': 'RelativeMonthly',
	't:AbsoluteMonthlyRecurrence': 'AbsoluteMonthly',
	't:WeeklyRecurrence': 'Weekly',
	't:DailyRecurrence': 'Daily',
};
const RANGE_KINDS: Record<string, StoredRecurrence['range']['kind']> = {
	't:NoEndRecurrence': 'NoEnd',
	't:EndDateRecurrence': 'EndDate',
	't:NumberedRecurrence': 'Numbered',
};

function integer(element: ParsedElement, name: string): number | undefined {
	const text = element.childText(name)?.trim();
	return text === undefined ? undefined : Number(text);
}

/** xs:date, possibly with a zone suffix: the day is what counts. */
function day(text: string | undefined): string {
	return (text ?? '').trim().slice(0, 10);
}

/** A request's `t:Recurrence` as stored; the schema has already fixed its shape. */
export function readRecurrence(item: ParsedElement): StoredRecurrence | undefined {
	const element = item.child('t:Recurrence');
	if (!element) return undefined;
	const [patternElement, rangeElement] = element.children();
	const kind = patternElement && PATTERN_KINDS[patternElement.name];
	const rangeKind = rangeElement && RANGE_KINDS[rangeElement.name];
	if (!kind || !rangeKind) throw new ItemError('ErrorCalendarInvalidRecurrence', 'The recurrence pattern is invalid.');
	const month = patternElement.childText('t:Month')?.trim();
	return {
		pattern: {
			kind,
			interval: integer(patternElement, 't:Interval') ?? 1,
			daysOfWeek: (patternElement.childText('t:DaysOfWeek') ?? '').trim().split(/\s+/).filter(Boolean),
			firstDayOfWeek: patternElement.childText('t:FirstDayOfWeek')?.trim(),
			dayOfMonth: integer(patternElement, 't:DayOfMonth'),
			dayOfWeekIndex: patternElement.childText('t:DayOfWeekIndex')?.trim(),
			month: month === undefined ? undefined : MONTHS.indexOf(month) + 1,
		},
		range: {
			kind: rangeKind,
			startDate: day(rangeElement.childText('t:StartDate')),
			endDate: rangeKind === 'EndDate' ? day(rangeElement.childText('t:EndDate')) : undefined,
			numberOfOccurrences: rangeKind === 'Numbered' ? integer(rangeElement, 't:NumberOfOccurrences') : undefined,
		},
	};
}

function patternElement(pattern: StoredRecurrence['pattern']): BuiltElement {
	const name = Object.keys(PATTERN_KINDS).find((key) => PATTERN_KINDS[key] === pattern.kind) as string;
	const yearly = pattern.kind.endsWith('Yearly');
	const relative = pattern.kind.startsWith('Relative');
	return el(
		name,
		{},
		!yearly && textEl('t:Interval', pattern.interval),
		(pattern.kind === 'Weekly' || relative) && textEl('t:DaysOfWeek', pattern.daysOfWeek.join(' ')),
		pattern.kind === 'Weekly' && textEl('t:FirstDayOfWeek', pattern.firstDayOfWeek),
		relative && textEl('t:DayOfWeekIndex', pattern.dayOfWeekIndex),
		pattern.kind.startsWith('Absolute') && textEl('t:DayOfMonth', pattern.dayOfMonth),
		yearly && textEl('t:Month', pattern.month === undefined ? undefined : MONTHS[pattern.month - 1]),
	);
}

/** The master's `t:Recurrence`, as Exchange gives it back. */
export function recurrenceElement(recurrence: StoredRecurrence | undefined): BuiltChild {
	if (!recurrence) return undefined;
	const { range } = recurrence;
	const rangeName = Object.keys(RANGE_KINDS).find((key) => RANGE_KINDS[key] === range.kind) as string;
	return el(
		't:Recurrence',
		{},
		patternElement(recurrence.pattern),
		el(rangeName, {}, textEl('t:StartDate', range.startDate), textEl('t:EndDate', range.endDate), textEl('t:NumberOfOccurrences', range.numberOfOccurrences)),
	);
}

export type CalendarItemKind = 'Single' | 'Occurrence' | 'Exception' | 'RecurringMaster';

export function calendarItemType(item: StoredCalendarItem): CalendarItemKind {
	if (item.occurrenceOf) return item.occurrenceOf.modified ? 'Exception' : 'Occurrence';
	return item.recurrence ? 'RecurringMaster' : 'Single';
}

/**
 * IsRecurring as Exchange sets it: true for occurrences and exceptions, and for an attendee's master, but
 * false for the organizer's master (the IsRecurring reference documents this as a known defect).
 */
export function isRecurring(item: StoredCalendarItem): boolean {
	const type = calendarItemType(item);
	return type === 'Occurrence' || type === 'Exception' || (type === 'RecurringMaster' && item.myResponseType !== 'Organizer');
}

/** ModifiedOccurrences: OccurrenceInfoType (ItemId, Start, End, OriginalStart) per changed occurrence. */
export function modifiedOccurrencesElement(item: StoredCalendarItem, idOf: (originalStart: Date) => string): BuiltChild {
	const changes = item.modifiedOccurrences ?? [];
	return (
		changes.length > 0 &&
		el(
			't:ModifiedOccurrences',
			{},
			changes.map((change) =>
				el(
					't:Occurrence',
					{},
					el('t:ItemId', { Id: idOf(change.originalStart), ChangeKey: change.changeKey }),
					textEl('t:Start', dateTimeText(change.start.instant)),
					textEl('t:End', dateTimeText(change.end.instant)),
					textEl('t:OriginalStart', dateTimeText(change.originalStart)),
				),
			),
		)
	);
}

/** DeletedOccurrences: the original start of each deleted occurrence. */
export function deletedOccurrencesElement(item: StoredCalendarItem): BuiltChild {
	const deleted = item.deletedOccurrences ?? [];
	return deleted.length > 0 && el('t:DeletedOccurrences', {}, deleted.map((start) => el('t:DeletedOccurrence', {}, textEl('t:Start', dateTimeText(start)))));
}
