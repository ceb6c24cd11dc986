import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { StoredCalendarItem } from '../../sandbox/store';
import { NODE_NAME } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';
import { ALICE } from '../helpers/meetings';

const env = useGraphSandbox();

/** Appointment → Create with Recurrence → Rule, in Berlin time, starting Tuesday 1 December 2026 at 09:00. */
function parameters(rule: INodeParameters): INodeParameters {
	return {
		resource: 'appointment',
		operation: 'create',
		mailbox: ALICE,
		subject: 'Series',
		start: '2026-12-01T09:00:00',
		duration: 30,
		options: { timeZone: 'Europe/Berlin', recurrence: { rule } },
	};
}

function stored(): { start?: string; end?: string } & Pick<StoredCalendarItem, 'startTimeZone' | 'recurrence'> {
	const items = env.sandbox.store.mailbox(ALICE).folder('calendar').calendarItems();
	expect(items).toHaveLength(1);
	const [{ start, end, startTimeZone, recurrence }] = items;
	// The instants count, not the text each API carried them in. Graph always names the week's first day
	// (Sunday unless given); EWS leaves it out when not given.
	return {
		start: start?.instant.toISOString(),
		end: end?.instant.toISOString(),
		startTimeZone,
		recurrence: recurrence && { ...recurrence, pattern: { ...recurrence.pattern, firstDayOfWeek: undefined } },
	};
}

describe('Appointment → Create with a recurrence over Microsoft Graph', () => {
	it.each<[string, INodeParameters]>([
		['every second day, never ending', { frequency: 'daily', interval: 2, end: 'never' }],
		['weekly on Monday and Thursday, ending on a date', { frequency: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'], end: 'onDate', endDate: '2027-02-28' }],
		['monthly on the 31st, after 6 times', { frequency: 'monthly', interval: 1, monthlyOn: 'dayOfMonth', dayOfMonth: 31, end: 'afterCount', occurrences: 6 }],
		['every third month on the second Tuesday', { frequency: 'monthly', interval: 3, monthlyOn: 'weekdayOfMonth', weekOfMonth: 'second', dayOfWeek: 'tuesday' }],
		['monthly on the last weekend day', { frequency: 'monthly', interval: 1, monthlyOn: 'weekdayOfMonth', weekOfMonth: 'last', dayOfWeek: 'weekendDay', end: 'afterCount', occurrences: 4 }],
		['monthly on the first day', { frequency: 'monthly', interval: 1, monthlyOn: 'weekdayOfMonth', weekOfMonth: 'first', dayOfWeek: 'day', end: 'onDate', endDate: '2027-06-30' }],
		['yearly on 24 December', { frequency: 'yearly', monthlyOn: 'dayOfMonth', dayOfMonth: 24, month: 'december' }],
		['yearly on the last weekday of the month of Start', { frequency: 'yearly', monthlyOn: 'weekdayOfMonth', weekOfMonth: 'last', dayOfWeek: 'weekday', end: 'afterCount', occurrences: 3 }],
	])('stores a series %s as EWS does, and outputs the same recurrence', async (_case, rule) => {
		const overEws = await env.runEws({ parameters: parameters(rule) });
		expect(overEws.error).toBeUndefined();
		const ews = stored();
		env.sandbox.store.reset();

		const overGraph = await env.run({ parameters: parameters(rule) });
		expect(overGraph.error).toBeUndefined();
		expect(stored()).toEqual(ews);
		expect(ews.recurrence).toBeDefined();
		// Read back over Graph, the series' patternedRecurrence gives the recurrence Create was given.
		const read = await env.run({
			parameters: { resource: 'appointment', operation: 'get', mailbox: ALICE, appointmentId: String(overGraph.outputOf(NODE_NAME)[0].json.id), options: { timeZone: 'Europe/Berlin' } },
		});
		const { pattern, range } = read.outputOf(NODE_NAME)[0].json.recurrence as { pattern: IDataObject; range: IDataObject };
		expect({ pattern: { ...pattern, firstDayOfWeek: undefined }, range }).toEqual(overEws.outputOf(NODE_NAME)[0].json.recurrence);
	});
});
