import type { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	DAYS_OF_WEEK,
	MONTHS,
	recurrenceProblem,
	WEEK_INDEXES,
	type DayOfWeek,
	type Month,
	type Recurrence,
	type RecurrencePattern,
	type RecurrenceProblem,
	type RecurrenceRange,
	type WeekIndex,
} from '../ews/recurrence';
import { DateTimeInputError, parseDateTimeInput } from '../helpers/dateTime';
import { inputError } from './fields';

/** The Recurrence option of Appointment → Create: a repeating series described as Outlook's dialog does. */

const LABEL = 'Recurrence';

const dayOptions = DAYS_OF_WEEK.map((day) => ({ name: day, value: day.toLowerCase() }));

export const recurrenceProperty: INodeProperties = {
	displayName: 'Recurrence',
	name: 'recurrence',
	type: 'fixedCollection',
	placeholder: 'Add Recurrence',
	default: {},
	description: 'Makes the appointment a recurring series; Start and End (or Duration) are those of its first occurrence',
	options: [
		{
			displayName: 'Rule',
			name: 'rule',
			values: [
				{
					displayName: 'Repeat',
					name: 'frequency',
					type: 'options',
					options: [
						{ name: 'Daily', value: 'daily' },
						{ name: 'Monthly', value: 'monthly' },
						{ name: 'Weekly', value: 'weekly' },
						{ name: 'Yearly', value: 'yearly' },
					],
					default: 'weekly',
					description: 'How often the appointment comes back',
				},
				{
					displayName: 'Interval',
					name: 'interval',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
					description: 'Every how many days, weeks or months (1 for every one); a yearly series repeats every year',
				},
				{
					displayName: 'Days of Week',
					name: 'daysOfWeek',
					type: 'multiOptions',
					options: dayOptions,
					default: [],
					description: 'For a weekly series: the days it falls on (at least one)',
				},
				{
					displayName: 'Monthly and Yearly On',
					name: 'monthlyOn',
					type: 'options',
					options: [
						{ name: 'Day of Month', value: 'dayOfMonth', description: 'E.g. the 15th.' },
						{ name: 'Weekday of Month', value: 'weekdayOfMonth', description: 'E.g. the second Tuesday.' },
					],
					default: 'dayOfMonth',
				},
				{
					displayName: 'Day of Month',
					name: 'dayOfMonth',
					type: 'number',
					default: 0,
					description:
						'For a monthly or yearly series on a day of the month: 1 to 31, or 0 for the day of Start. On a day a month lacks (31), Exchange uses the month\'s last day.',
				},
				{
					displayName: 'Week of Month',
					name: 'weekOfMonth',
					type: 'options',
					options: WEEK_INDEXES.map((index) => ({ name: index, value: index.toLowerCase() })),
					default: 'first',
					description: 'For a series on a weekday of the month: which one',
				},
				{
					displayName: 'Weekday',
					name: 'dayOfWeek',
					type: 'options',
					options: [
						{ name: 'Day', value: 'day' },
						{ name: 'Friday', value: 'friday' },
						{ name: 'Monday', value: 'monday' },
						{ name: 'Saturday', value: 'saturday' },
						{ name: 'Sunday', value: 'sunday' },
						{ name: 'Thursday', value: 'thursday' },
						{ name: 'Tuesday', value: 'tuesday' },
						{ name: 'Wednesday', value: 'wednesday' },
						{ name: 'Weekday', value: 'weekday' },
						{ name: 'Weekend Day', value: 'weekendDay' },
					],
					default: 'monday',
					description: 'For a series on a weekday of the month, e.g. Tuesday for "the second Tuesday"',
				},
				{
					displayName: 'Month',
					name: 'month',
					type: 'options',
					options: [{ name: 'Month of Start', value: 'start' }, ...MONTHS.map((month) => ({ name: month, value: month.toLowerCase() }))],
					default: 'start',
					description: 'For a yearly series: its month',
				},
				{
					displayName: 'End',
					name: 'end',
					type: 'options',
					options: [
						{ name: 'After a Number of Occurrences', value: 'afterCount' },
						{ name: 'Never', value: 'never' },
						{ name: 'On a Date', value: 'onDate' },
					],
					default: 'never',
					description: 'When the series stops',
				},
				{
					displayName: 'End Date',
					name: 'endDate',
					type: 'dateTime',
					default: '',
					description: 'With End "On a Date": the day of the last possible occurrence, in the Time Zone option',
				},
				{
					displayName: 'Occurrences',
					name: 'occurrences',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 10,
					description: 'With End "After a Number of Occurrences": how many',
				},
			],
		},
	],
};

const PART_LABELS: Record<RecurrenceProblem['part'], string> = {
	interval: 'Interval',
	daysOfWeek: 'Days of Week',
	dayOfMonth: 'Day of Month',
	startDate: 'Start',
	endDate: 'End Date',
	numberOfOccurrences: 'Occurrences',
};

function capitalized(value: unknown): string {
	const text = String(value ?? '');
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function oneOf<T extends string>(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown, allowed: readonly string[]): T {
	const wanted = capitalized(value);
	if (!allowed.includes(wanted)) throw inputError(context, itemIndex, `"${LABEL} → ${label}" has an unknown value "${String(value)}"`);
	return wanted as T;
}

function wholeNumber(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown, fallback: number): number {
	const number = value === undefined || value === '' ? fallback : Number(value);
	if (!Number.isInteger(number)) throw inputError(context, itemIndex, `"${LABEL} → ${label}" must be a whole number, not "${String(value)}"`);
	return number;
}

function readPattern(context: IExecuteFunctions, itemIndex: number, rule: IDataObject, start: DateTime): RecurrencePattern {
	const frequency = String(rule.frequency ?? 'weekly');
	const interval = wholeNumber(context, itemIndex, 'Interval', rule.interval, 1);
	const byWeekday = rule.monthlyOn === 'weekdayOfMonth';
	const dayOfMonth = wholeNumber(context, itemIndex, 'Day of Month', rule.dayOfMonth, 0) || start.day;
	const relative = () => ({
		dayOfWeek: oneOf<DayOfWeek>(context, itemIndex, 'Weekday', rule.dayOfWeek ?? 'monday', [...DAYS_OF_WEEK, 'Day', 'Weekday', 'WeekendDay']),
		weekIndex: oneOf<WeekIndex>(context, itemIndex, 'Week of Month', rule.weekOfMonth ?? 'first', WEEK_INDEXES),
	});
	switch (frequency) {
		case 'daily':
			return { type: 'daily', interval };
		case 'weekly': {
			const days = Array.isArray(rule.daysOfWeek) ? rule.daysOfWeek : [];
			return { type: 'weekly', interval, daysOfWeek: days.map((day) => oneOf<DayOfWeek>(context, itemIndex, 'Days of Week', day, DAYS_OF_WEEK)) };
		}
		case 'monthly':
			return byWeekday ? { type: 'relativeMonthly', interval, ...relative() } : { type: 'absoluteMonthly', interval, dayOfMonth };
		case 'yearly': {
			if (interval !== 1) {
				throw inputError(context, itemIndex, `"${LABEL} → Interval" must be 1 for a yearly series (Exchange repeats those every year), not ${interval}`);
			}
			const month = rule.month === undefined || rule.month === 'start' ? MONTHS[start.month - 1] : oneOf<Month>(context, itemIndex, 'Month', rule.month, MONTHS);
			return byWeekday ? { type: 'relativeYearly', ...relative(), month } : { type: 'absoluteYearly', dayOfMonth, month };
		}
		default:
			throw inputError(context, itemIndex, `"${LABEL} → Repeat" has an unknown value "${frequency}"`);
	}
}

function readRange(context: IExecuteFunctions, itemIndex: number, rule: IDataObject, start: DateTime, zone: string): RecurrenceRange {
	// The series' days are those of its time zone, which Create sends as StartTimeZone.
	const startDate = start.toISODate() as string;
	switch (String(rule.end ?? 'never')) {
		case 'never':
			return { type: 'noEnd', startDate };
		case 'onDate': {
			let endDate: string;
			try {
				endDate = parseDateTimeInput(rule.endDate, `${LABEL} → End Date`, zone).toISODate() as string;
			} catch (error) {
				if (error instanceof DateTimeInputError) throw inputError(context, itemIndex, error.message);
				throw error;
			}
			return { type: 'endDate', startDate, endDate };
		}
		case 'afterCount':
			return { type: 'numbered', startDate, numberOfOccurrences: wholeNumber(context, itemIndex, 'Occurrences', rule.occurrences, 10) };
		default:
			throw inputError(context, itemIndex, `"${LABEL} → End" has an unknown value "${String(rule.end)}"`);
	}
}

/**
 * The item's Recurrence option as EWS's RecurrenceType, with `start` the first occurrence's start in the
 * series' time zone; undefined when the option is not set. A series that cannot be sent fails the item.
 */
export function readRecurrence(context: IExecuteFunctions, itemIndex: number, option: unknown, start: DateTime, zone: string): Recurrence | undefined {
	const rule = (option as { rule?: IDataObject } | undefined)?.rule;
	if (!rule) return undefined;
	const recurrence = { pattern: readPattern(context, itemIndex, rule, start), range: readRange(context, itemIndex, rule, start, zone) };
	const problem = recurrenceProblem(recurrence);
	if (problem) throw inputError(context, itemIndex, `"${LABEL} → ${PART_LABELS[problem.part]}" is not valid: ${problem.reason}`);
	return recurrence;
}
