import { childNode, childText, el, textEl, type XmlElement, type XmlNode } from '../transport/xml';
import { ItemFieldError, type FieldType } from './fieldTypes';

/**
 * RecurrenceType (types.xsd): one pattern element, then one range element. Calendar items only; a task's
 * regenerating patterns are not offered.
 */

export const DAYS_OF_WEEK = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** DayOfWeekType: a weekday, or Day / Weekday / WeekendDay (relative patterns only). */
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number] | 'Day' | 'Weekday' | 'WeekendDay';
export const WEEK_INDEXES = ['First', 'Second', 'Third', 'Fourth', 'Last'] as const;
export type WeekIndex = (typeof WEEK_INDEXES)[number];
export const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
] as const;
export type Month = (typeof MONTHS)[number];

export type RecurrencePattern =
	| { type: 'daily'; interval: number }
	| { type: 'weekly'; interval: number; daysOfWeek: DayOfWeek[]; firstDayOfWeek?: DayOfWeek }
	| { type: 'absoluteMonthly'; interval: number; dayOfMonth: number }
	| { type: 'relativeMonthly'; interval: number; dayOfWeek: DayOfWeek; weekIndex: WeekIndex }
	| { type: 'absoluteYearly'; dayOfMonth: number; month: Month }
	| { type: 'relativeYearly'; dayOfWeek: DayOfWeek; weekIndex: WeekIndex; month: Month };

/** Dates are xs:date (yyyy-mm-dd), days in the series' own time zone. */
export type RecurrenceRange =
	| { type: 'noEnd'; startDate: string }
	| { type: 'endDate'; startDate: string; endDate: string }
	| { type: 'numbered'; startDate: string; numberOfOccurrences: number };

export interface Recurrence {
	pattern: RecurrencePattern;
	range: RecurrenceRange;
}

const PATTERN_ELEMENTS: Record<RecurrencePattern['type'], string> = {
	relativeYearly: 'RelativeYearlyRecurrence',
	absoluteYearly: 'AbsoluteYearlyRecurrence',
	relativeMonthly: 'RelativeMonthlyRecurrence',
	absoluteMonthly: 'AbsoluteMonthlyRecurrence',
	weekly: 'WeeklyRecurrence',
	daily: 'DailyRecurrence',
};

const RANGE_ELEMENTS: Record<RecurrenceRange['type'], string> = {
	noEnd: 'NoEndRecurrence',
	endDate: 'EndDateRecurrence',
	numbered: 'NumberedRecurrence',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface RecurrenceProblem {
	/** The part of the series at fault, by its key in Recurrence's pattern or range. */
	part: 'interval' | 'daysOfWeek' | 'dayOfMonth' | 'startDate' | 'endDate' | 'numberOfOccurrences';
	reason: string;
}

/** Why a recurrence cannot be sent; undefined when it can. */
export function recurrenceProblem(recurrence: Recurrence): RecurrenceProblem | undefined {
	const { pattern, range } = recurrence;
	if ('interval' in pattern && (!Number.isInteger(pattern.interval) || pattern.interval < 1)) {
		return { part: 'interval', reason: `the interval must be a whole number of 1 or more, not ${pattern.interval}` };
	}
	if (pattern.type === 'weekly' && pattern.daysOfWeek.length === 0) return { part: 'daysOfWeek', reason: 'a weekly series needs at least one day of the week' };
	if ('dayOfMonth' in pattern && (!Number.isInteger(pattern.dayOfMonth) || pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31)) {
		return { part: 'dayOfMonth', reason: `the day of the month must be 1 to 31, not ${pattern.dayOfMonth}` };
	}
	if (!DATE.test(range.startDate)) return { part: 'startDate', reason: `the start date must be a date (yyyy-mm-dd), not "${range.startDate}"` };
	if (range.type === 'endDate') {
		if (!DATE.test(range.endDate)) return { part: 'endDate', reason: `the end date must be a date (yyyy-mm-dd), not "${range.endDate}"` };
		if (range.endDate < range.startDate) return { part: 'endDate', reason: `the end date ${range.endDate} is before the start date ${range.startDate}` };
	}
	if (range.type === 'numbered' && (!Number.isInteger(range.numberOfOccurrences) || range.numberOfOccurrences < 1)) {
		return { part: 'numberOfOccurrences', reason: `the number of occurrences must be a whole number of 1 or more, not ${range.numberOfOccurrences}` };
	}
	return undefined;
}

function writePattern(pattern: RecurrencePattern): XmlElement {
	const interval = 'interval' in pattern ? textEl('t:Interval', pattern.interval) : undefined;
	switch (pattern.type) {
		case 'daily':
			return el('t:DailyRecurrence', undefined, interval);
		case 'weekly':
			return el(
				't:WeeklyRecurrence',
				undefined,
				interval,
				textEl('t:DaysOfWeek', pattern.daysOfWeek.join(' ')),
				textEl('t:FirstDayOfWeek', pattern.firstDayOfWeek),
			);
		case 'absoluteMonthly':
			return el('t:AbsoluteMonthlyRecurrence', undefined, interval, textEl('t:DayOfMonth', pattern.dayOfMonth));
		case 'relativeMonthly':
			return el('t:RelativeMonthlyRecurrence', undefined, interval, textEl('t:DaysOfWeek', pattern.dayOfWeek), textEl('t:DayOfWeekIndex', pattern.weekIndex));
		case 'absoluteYearly':
			return el('t:AbsoluteYearlyRecurrence', undefined, textEl('t:DayOfMonth', pattern.dayOfMonth), textEl('t:Month', pattern.month));
		case 'relativeYearly':
			return el(
				't:RelativeYearlyRecurrence',
				undefined,
				textEl('t:DaysOfWeek', pattern.dayOfWeek),
				textEl('t:DayOfWeekIndex', pattern.weekIndex),
				textEl('t:Month', pattern.month),
			);
	}
}

function writeRange(range: RecurrenceRange): XmlElement {
	return el(
		`t:${RANGE_ELEMENTS[range.type]}`,
		undefined,
		textEl('t:StartDate', range.startDate),
		range.type === 'endDate' && textEl('t:EndDate', range.endDate),
		range.type === 'numbered' && textEl('t:NumberOfOccurrences', range.numberOfOccurrences),
	);
}

function number(node: XmlNode, name: string): number {
	return Number(childText(node, name));
}

function readPattern(node: XmlNode): RecurrencePattern | undefined {
	const interval = number(node, 'Interval');
	const days = (childText(node, 'DaysOfWeek') ?? '').trim();
	const weekIndex = childText(node, 'DayOfWeekIndex') as WeekIndex;
	const month = childText(node, 'Month') as Month;
	switch (node.name) {
		case 'DailyRecurrence':
			return { type: 'daily', interval };
		case 'WeeklyRecurrence': {
			const first = childText(node, 'FirstDayOfWeek') as DayOfWeek | undefined;
			return { type: 'weekly', interval, daysOfWeek: days.split(/\s+/).filter(Boolean) as DayOfWeek[], ...(first ? { firstDayOfWeek: first } : {}) };
		}
		case 'AbsoluteMonthlyRecurrence':
			return { type: 'absoluteMonthly', interval, dayOfMonth: number(node, 'DayOfMonth') };
		case 'RelativeMonthlyRecurrence':
			return { type: 'relativeMonthly', interval, dayOfWeek: days as DayOfWeek, weekIndex };
		case 'AbsoluteYearlyRecurrence':
			return { type: 'absoluteYearly', dayOfMonth: number(node, 'DayOfMonth'), month };
		case 'RelativeYearlyRecurrence':
			return { type: 'relativeYearly', dayOfWeek: days as DayOfWeek, weekIndex, month };
		default:
			return undefined;
	}
}

/** xs:date may carry a zone suffix (2026-12-01Z, 2026-12-01+01:00): the day is what counts. */
function day(text: string | undefined): string {
	return (text ?? '').trim().slice(0, 10);
}

function readRange(node: XmlNode): RecurrenceRange | undefined {
	const startDate = day(childText(node, 'StartDate'));
	switch (node.name) {
		case 'NoEndRecurrence':
			return { type: 'noEnd', startDate };
		case 'EndDateRecurrence':
			return { type: 'endDate', startDate, endDate: day(childText(node, 'EndDate')) };
		case 'NumberedRecurrence':
			return { type: 'numbered', startDate, numberOfOccurrences: number(node, 'NumberOfOccurrences') };
		default:
			return undefined;
	}
}

/** The Recurrence field: written only when valid, read as pattern and range (null for a shape the node does not know). */
export const recurrence: FieldType<Recurrence, Recurrence | null> = {
	write: (element, value) => {
		const problem = recurrenceProblem(value);
		if (problem) throw new ItemFieldError(element, JSON.stringify(value), problem.reason);
		return el(`t:${element}`, undefined, writePattern(value.pattern), writeRange(value.range));
	},
	read: (node) => {
		const patternNode = Object.values(PATTERN_ELEMENTS)
			.map((name) => childNode(node, name))
			.find(Boolean);
		const rangeNode = Object.values(RANGE_ELEMENTS)
			.map((name) => childNode(node, name))
			.find(Boolean);
		const pattern = patternNode && readPattern(patternNode);
		const range = rangeNode && readRange(rangeNode);
		return pattern && range ? { pattern, range } : null;
	},
};
