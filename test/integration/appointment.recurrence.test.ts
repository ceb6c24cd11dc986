import type { INodeParameters } from 'n8n-workflow';

import type { StoredCalendarItem, StoredRecurrence } from '../../sandbox/store';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const SVC = 'svc-n8n@contoso.com';

/** Appointment → Create with Recurrence → Rule, in Berlin time, starting Tuesday 1 December 2026 at 09:00. */
function createSeries(rule: INodeParameters, parameters: INodeParameters = {}) {
	return env.run({
		parameters: {
			resource: 'appointment',
			operation: 'create',
			subject: 'Series',
			start: '2026-12-01T09:00:00',
			duration: 30,
			options: { timeZone: 'Europe/Berlin', recurrence: { rule } },
			...parameters,
		},
	});
}

function storedSeries(): StoredCalendarItem[] {
	return env.sandbox.store.mailbox(SVC).folder('calendar').calendarItems();
}

const GOOD_RULE = { frequency: 'daily', interval: 1, daysOfWeek: ['monday'], dayOfMonth: 1, end: 'afterCount', endDate: '2027-01-01', occurrences: 2 };

describe('Appointment → Create with a recurrence', () => {
	it.each<[string, INodeParameters, StoredRecurrence]>([
		[
			'every second day, never ending',
			{ frequency: 'daily', interval: 2, end: 'never' },
			{ pattern: { kind: 'Daily', interval: 2, daysOfWeek: [] }, range: { kind: 'NoEnd', startDate: '2026-12-01' } },
		],
		[
			'weekly on Monday and Thursday, ending on a date',
			{ frequency: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'], end: 'onDate', endDate: '2027-02-28' },
			{ pattern: { kind: 'Weekly', interval: 1, daysOfWeek: ['Monday', 'Thursday'] }, range: { kind: 'EndDate', startDate: '2026-12-01', endDate: '2027-02-28' } },
		],
		[
			'monthly on the day of Start, after 6 times',
			{ frequency: 'monthly', interval: 1, monthlyOn: 'dayOfMonth', dayOfMonth: 0, end: 'afterCount', occurrences: 6 },
			{ pattern: { kind: 'AbsoluteMonthly', interval: 1, daysOfWeek: [], dayOfMonth: 1 }, range: { kind: 'Numbered', startDate: '2026-12-01', numberOfOccurrences: 6 } },
		],
		[
			'every third month on the second Tuesday',
			{ frequency: 'monthly', interval: 3, monthlyOn: 'weekdayOfMonth', weekOfMonth: 'second', dayOfWeek: 'tuesday' },
			{ pattern: { kind: 'RelativeMonthly', interval: 3, daysOfWeek: ['Tuesday'], dayOfWeekIndex: 'Second' }, range: { kind: 'NoEnd', startDate: '2026-12-01' } },
		],
		[
			'yearly on 24 December',
			{ frequency: 'yearly', monthlyOn: 'dayOfMonth', dayOfMonth: 24, month: 'december' },
			{ pattern: { kind: 'AbsoluteYearly', interval: 1, daysOfWeek: [], dayOfMonth: 24, month: 12 }, range: { kind: 'NoEnd', startDate: '2026-12-01' } },
		],
		[
			'yearly on the last weekday of the month of Start',
			{ frequency: 'yearly', monthlyOn: 'weekdayOfMonth', weekOfMonth: 'last', dayOfWeek: 'weekday', end: 'afterCount', occurrences: 3 },
			{ pattern: { kind: 'RelativeYearly', interval: 1, daysOfWeek: ['Weekday'], dayOfWeekIndex: 'Last', month: 12 }, range: { kind: 'Numbered', startDate: '2026-12-01', numberOfOccurrences: 3 } },
		],
	])('stores a series %s as its Recurrence', async (_case, rule, expected) => {
		const run = await createSeries(rule);

		expect(run.error).toBeUndefined();
		const [master] = storedSeries();
		expect(storedSeries()).toHaveLength(1);
		expect(master.recurrence).toMatchObject(expected);
		expect(master.startTimeZone).toBe('W. Europe Standard Time');
		expect(run.outputOf(NODE_NAME)[0].json.recurrence).toMatchObject({ range: { startDate: '2026-12-01' } });
	});

	it('creates a weekly series whose occurrences a calendar view then lists on the chosen days', async () => {
		const created = await createSeries({ frequency: 'weekly', daysOfWeek: ['wednesday', 'friday'], end: 'afterCount', occurrences: 3 });
		expect(created.error).toBeUndefined();

		const view = await env.run({
			parameters: {
				resource: 'appointment',
				operation: 'getMany',
				windowStart: '2026-11-30T00:00:00',
				windowEnd: '2026-12-31T00:00:00',
				returnAll: true,
				options: { timeZone: 'Europe/Berlin' },
			},
		});
		expect(view.error).toBeUndefined();
		expect(view.outputOf(NODE_NAME).map((item) => item.json.start)).toEqual([
			'2026-12-02T09:00:00+01:00',
			'2026-12-04T09:00:00+01:00',
			'2026-12-09T09:00:00+01:00',
		]);
	});

	it.each<[string, INodeParameters, RegExp]>([
		['a zero interval', { frequency: 'daily', interval: 0 }, /"Recurrence → Interval" is not valid: the interval must be a whole number of 1 or more, not 0/],
		['a weekly series without days', { frequency: 'weekly', daysOfWeek: [] }, /"Recurrence → Days of Week" is not valid: a weekly series needs at least one day of the week/],
		[
			'an end date before the start',
			{ frequency: 'daily', end: 'onDate', endDate: '2026-11-15' },
			/"Recurrence → End Date" is not valid: the end date 2026-11-15 is before the start date 2026-12-01/,
		],
		['zero occurrences', { frequency: 'daily', end: 'afterCount', occurrences: 0 }, /"Recurrence → Occurrences" is not valid/],
		['a day of month 32', { frequency: 'monthly', dayOfMonth: 32 }, /"Recurrence → Day of Month" is not valid: the day of the month must be 1 to 31, not 32/],
		['a yearly interval other than 1', { frequency: 'yearly', interval: 2 }, /"Recurrence → Interval" must be 1 for a yearly series/],
	])('refuses %s for that item only, naming the field, and sends nothing for it', async (_case, rule, message) => {
		// Each field of the rule comes from the item, so one run has a bad and a good series.
		const fromItem = Object.fromEntries(Object.keys(GOOD_RULE).map((key) => [key, `={{ $json.rule.${key} }}`]));
		const run = await env.run({
			parameters: {
				resource: 'appointment',
				operation: 'create',
				subject: '={{ $json.subject }}',
				start: '2026-12-01T09:00:00',
				options: { timeZone: 'Europe/Berlin', recurrence: { rule: fromItem } },
			},
			items: [{ json: { subject: 'Bad', rule: { ...GOOD_RULE, ...rule } } }, { json: { subject: 'Good', rule: GOOD_RULE } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(run.error).toBeUndefined();
		const [bad, good] = run.outputOf(NODE_NAME);
		expect(String(bad.json.error)).toMatch(message);
		expect(String(bad.json.error)).toContain('[item 0]');
		expect(good.json).toMatchObject({ subject: 'Good', recurrence: { pattern: { type: 'daily', interval: 1 } } });
		expect(storedSeries().map((item) => item.subject)).toEqual(['Good']);
	});
});
