import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runTestControl } from '../../sandbox/testControls';
import type { StoredCalendarItem, StoredRecurrence } from '../../sandbox/store';
import { NODE_NAME, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const SVC = 'svc-n8n@contoso.com';
const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const BERLIN = 'W. Europe Standard Time';

function run(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'appointment', ...parameters }, ...options });
}

async function outputs(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}): Promise<IDataObject[]> {
	const result = await run(parameters, options);
	expect(result.error).toBeUndefined();
	return result.outputOf(NODE_NAME).map((item) => item.json);
}

/** An appointment or series placed in a calendar as Outlook would have saved it, in Berlin time. */
function seed(
	subject: string,
	start: string,
	end: string,
	extra: { mailbox?: string; recurrence?: StoredRecurrence; categories?: string[]; showAs?: string } = {},
): StoredCalendarItem {
	const mailbox = extra.mailbox ?? SVC;
	const at = (text: string) => ({ raw: text, instant: new Date(text) });
	return env.sandbox.store.addItem(env.sandbox.store.mailbox(mailbox).folder('calendar'), {
		kind: 'calendarItem',
		subject,
		uid: `uid-${subject}`,
		start: at(start),
		end: at(end),
		startTimeZone: BERLIN,
		endTimeZone: BERLIN,
		legacyFreeBusyStatus: extra.showAs,
		categories: extra.categories ?? [],
		organizer: { address: mailbox },
		requiredAttendees: [],
		optionalAttendees: [],
		resources: [],
		invitationsSent: 'SendToNone',
		myResponseType: 'Organizer',
		isCancelled: false,
		recurrence: extra.recurrence,
	}) as StoredCalendarItem;
}

function daily(startDate: string, count?: number): StoredRecurrence {
	return {
		pattern: { kind: 'Daily', interval: 1, daysOfWeek: [] },
		range: count === undefined ? { kind: 'NoEnd', startDate } : { kind: 'Numbered', startDate, numberOfOccurrences: count },
	};
}

function control(name: string, body: object): void {
	const answer = runTestControl(env.sandbox.store, name, JSON.stringify(body));
	expect(answer?.status).toBe(200);
}

const getMany = (windowStart: string, windowEnd: string, extra: INodeParameters = {}): INodeParameters => ({
	operation: 'getMany',
	windowStart,
	windowEnd,
	returnAll: true,
	options: { timeZone: 'Europe/Berlin' },
	...extra,
});

const findItemCount = () => env.sandbox.requests.filter((request) => request.operation === 'FindItem').length;

describe('Appointment → Get', () => {
	it('gives a meeting with Create\'s fields in the chosen zone, organizer, attendees with responses, show-as, categories and the body when asked', async () => {
		const [created] = await outputs({
			operation: 'create',
			subject: 'Planning',
			start: '2026-12-01T09:00:00+01:00',
			duration: 45,
			location: 'Room 2',
			options: { requiredAttendees: ALICE, optionalAttendees: BOB, categories: 'Projects', showAs: 'tentative', body: 'Agenda', timeZone: 'Europe/Berlin' },
		});

		const [plain] = await outputs({ operation: 'get', appointmentId: String(created.id), options: { timeZone: 'America/New_York' } });
		expect(plain).toMatchObject({
			id: created.id,
			subject: 'Planning',
			start: '2026-12-01T03:00:00-05:00',
			end: '2026-12-01T03:45:00-05:00',
			timeZone: 'America/New_York',
			location: 'Room 2',
			requiredAttendees: [ALICE],
			optionalAttendees: [BOB],
			organizer: { address: SVC },
			attendees: [
				{ address: ALICE, type: 'required', response: 'unknown' },
				{ address: BOB, type: 'optional', response: 'unknown' },
			],
			showAs: 'tentative',
			categories: ['Projects'],
			isMeeting: true,
			isCancelled: false,
			isRecurring: false,
			type: 'single',
			recurrence: null,
		});
		expect(plain).not.toHaveProperty('body');

		const [withBody] = await outputs({ operation: 'get', appointmentId: String(created.id), options: { bodyFormat: 'text' } }, { timezone: 'America/New_York' });
		expect(withBody).toMatchObject({ body: 'Agenda', bodyType: 'text' });
		// The workflow's time zone when none is chosen.
		expect(withBody.timeZone).toBe('America/New_York');
	});

	it('gives a series master with its recurrence, and one occurrence with its original start', async () => {
		const master = seed('Stand-up', '2026-12-07T08:00:00Z', '2026-12-07T08:15:00Z', { recurrence: daily('2026-12-07', 5) });
		control('calendar/modifyOccurrence', { itemId: master.id, originalStart: '2026-12-08T08:00:00Z', start: '2026-12-08T10:00:00Z', end: '2026-12-08T10:15:00Z' });

		const [series] = await outputs({ operation: 'get', appointmentId: master.id, options: { timeZone: 'Europe/Berlin' } });
		expect(series).toMatchObject({
			type: 'recurringMaster',
			isRecurring: true,
			start: '2026-12-07T09:00:00+01:00',
			recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-12-07', numberOfOccurrences: 5 } },
		});

		const view = await outputs(getMany('2026-12-08T00:00:00', '2026-12-09T00:00:00'));
		expect(view).toHaveLength(1);
		const [occurrence] = await outputs({ operation: 'get', appointmentId: String(view[0].id), options: { timeZone: 'Europe/Berlin' } });
		expect(occurrence).toMatchObject({
			type: 'exception',
			isRecurring: true,
			start: '2026-12-08T11:00:00+01:00',
			originalStart: '2026-12-08T09:00:00+01:00',
			recurrence: null,
		});
	});

	it('refuses an id that is no calendar item, one that names nothing and text that is no id, per item', async () => {
		const [message] = env.sandbox.store.deliverIncoming({ from: { address: BOB }, toRecipients: [{ address: SVC }], subject: 'Not a meeting' });
		const gone = seed('Gone', '2026-12-07T08:00:00Z', '2026-12-07T09:00:00Z');
		env.sandbox.store.deleteItem(gone.id, 'HardDelete');
		const result = await run(
			{ operation: 'get', appointmentId: '={{ $json.id }}' },
			{ items: [{ json: { id: message.id } }, { json: { id: gone.id } }, { json: { id: 'Planning' } }], settings: { onError: 'continueRegularOutput' } },
		);

		expect(result.error).toBeUndefined();
		const errors = result.outputOf(NODE_NAME).map((item) => String(item.json.error));
		expect(errors[0]).toMatch(/"Appointment ID" .* names a Message, not a calendar item.*\[item 0\]/);
		expect(errors[1]).toMatch(/ErrorItemNotFound|not found/i);
		expect(errors[1]).toContain(`"Appointment ID" ${gone.id}`);
		expect(errors[2]).toMatch(/"Appointment ID" "Planning" is not an EWS item id.*\[item 2\]/);
	});
});

describe('Appointment → Get Many', () => {
	it('lists single appointments and expanded occurrences in start order, with a deleted occurrence left out and a moved one where it now is', async () => {
		const master = seed('Stand-up', '2026-12-07T08:00:00Z', '2026-12-07T08:15:00Z', { recurrence: daily('2026-12-07') });
		seed('Review', '2026-12-08T13:00:00Z', '2026-12-08T14:00:00Z');
		control('calendar/deleteOccurrence', { itemId: master.id, originalStart: '2026-12-09T08:00:00Z' });
		control('calendar/modifyOccurrence', { itemId: master.id, originalStart: '2026-12-10T08:00:00Z', start: '2026-12-10T15:00:00Z', end: '2026-12-10T15:30:00Z', subject: 'Stand-up (late)' });

		const view = await outputs(getMany('2026-12-07T00:00:00', '2026-12-11T00:00:00'));
		expect(view.map((item) => [item.subject, item.start, item.type])).toEqual([
			['Stand-up', '2026-12-07T09:00:00+01:00', 'occurrence'],
			['Stand-up', '2026-12-08T09:00:00+01:00', 'occurrence'],
			['Review', '2026-12-08T14:00:00+01:00', 'single'],
			['Stand-up (late)', '2026-12-10T16:00:00+01:00', 'exception'],
		]);
		expect(new Set(view.map((item) => item.id)).size).toBe(4);
	});

	it('pages past MaxEntriesReturned without losing or repeating an occurrence, and stops at the limit', async () => {
		seed('Daily', '2026-01-01T08:00:00Z', '2026-01-01T08:30:00Z', { recurrence: daily('2026-01-01', 150) });

		const all = await outputs(getMany('2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'));
		expect(all).toHaveLength(150);
		expect(new Set(all.map((item) => item.id)).size).toBe(150);
		// The 150th day is in summer time: still 09:00 in Berlin, the series' zone.
		expect(all[149].start).toBe('2026-05-30T09:00:00+02:00');
		// 150 occurrences need a second calendar view after the first stops at 100.
		expect(findItemCount()).toBe(2);

		env.sandbox.requests.length = 0;
		const limited = await outputs(getMany('2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z', { returnAll: false, limit: 3 }));
		expect(limited.map((item) => item.start)).toEqual(['2026-01-01T09:00:00+01:00', '2026-01-02T09:00:00+01:00', '2026-01-03T09:00:00+01:00']);
		expect(findItemCount()).toBe(1);
	});

	it('keeps a series at 09:00 Berlin time across the DST change and splits a window over Exchange\'s two-year limit', async () => {
		seed('Weekly', '2027-03-22T08:00:00Z', '2027-03-22T09:00:00Z', {
			recurrence: { pattern: { kind: 'Weekly', interval: 1, daysOfWeek: ['Monday'] }, range: { kind: 'Numbered', startDate: '2027-03-22', numberOfOccurrences: 2 } },
		});
		seed('Anniversary', '2026-06-01T10:00:00Z', '2026-06-01T11:00:00Z', {
			recurrence: { pattern: { kind: 'AbsoluteYearly', interval: 1, daysOfWeek: [], dayOfMonth: 1, month: 6 }, range: { kind: 'NoEnd', startDate: '2026-06-01' } },
		});

		const dst = await outputs(getMany('2027-03-20T00:00:00', '2027-04-01T00:00:00'));
		expect(dst.map((item) => item.start)).toEqual(['2027-03-22T09:00:00+01:00', '2027-03-29T09:00:00+02:00']);
		const inNewYork = await outputs(getMany('2027-03-20T00:00:00Z', '2027-04-01T00:00:00Z', { options: { timeZone: 'America/New_York' } }));
		expect(inNewYork.map((item) => item.start)).toEqual(['2027-03-22T04:00:00-04:00', '2027-03-29T03:00:00-04:00']);

		env.sandbox.requests.length = 0;
		const years = await outputs(getMany('2026-01-01T00:00:00Z', '2029-12-31T00:00:00Z', { filters: { subjectContains: 'anniv' } }));
		expect(years.map((item) => item.start)).toEqual(['2026-06-01T12:00:00+02:00', '2027-06-01T12:00:00+02:00', '2028-06-01T12:00:00+02:00', '2029-06-01T12:00:00+02:00']);
		// Four years read as four views of at most a year each: every one within the limit the sandbox enforces.
		expect(findItemCount()).toBe(4);
	});

	it('filters by subject, categories and show-as after reading, as a calendar view takes no restriction', async () => {
		seed('Budget review', '2026-12-07T08:00:00Z', '2026-12-07T09:00:00Z', { categories: ['Finance'], showAs: 'Busy' });
		seed('Lunch', '2026-12-07T11:00:00Z', '2026-12-07T12:00:00Z', { categories: ['Personal'], showAs: 'Free' });
		seed('Budget lunch', '2026-12-07T12:00:00Z', '2026-12-07T13:00:00Z', { categories: ['Finance'], showAs: 'Tentative' });
		const subjects = async (filters: INodeParameters) => (await outputs(getMany('2026-12-07T00:00:00', '2026-12-08T00:00:00', { filters }))).map((item) => item.subject);

		expect(await subjects({ subjectContains: 'BUDGET' })).toEqual(['Budget review', 'Budget lunch']);
		expect(await subjects({ categories: 'personal, Travel' })).toEqual(['Lunch']);
		expect(await subjects({ showAs: ['busy', 'tentative'] })).toEqual(['Budget review', 'Budget lunch']);
		expect(await subjects({ subjectContains: 'lunch', showAs: ['free'] })).toEqual(['Lunch']);
		// No restriction travelled with the view.
		expect(env.sandbox.requests.filter((request) => request.operation === 'FindItem').every((request) => !request.body.includes('Restriction'))).toBe(true);
	});

	it('reads another mailbox\'s calendar', async () => {
		seed('Alice only', '2026-12-07T08:00:00Z', '2026-12-07T09:00:00Z', { mailbox: ALICE });
		seed('Mine', '2026-12-07T10:00:00Z', '2026-12-07T11:00:00Z');

		const view = await outputs(getMany('2026-12-07T00:00:00', '2026-12-08T00:00:00', { mailbox: ALICE }));
		expect(view.map((item) => [item.subject, item.mailbox])).toEqual([['Alice only', ALICE]]);
	});

	it('refuses a window that ends before it starts and an unknown time zone, naming the field', async () => {
		const backwards = await run(getMany('2026-12-08T00:00:00', '2026-12-07T00:00:00'));
		expect(backwards.error?.message).toMatch(/"Window End" \(2026-12-07T00:00:00\+01:00\) must be after "Window Start"/);
		const zone = await run(getMany('2026-12-07T00:00:00', '2026-12-08T00:00:00', { options: { timeZone: 'Mars/Olympus' } }));
		expect(zone.error?.message).toMatch(/"Time Zone": Unknown time zone "Mars\/Olympus"/);
		expect(findItemCount()).toBe(0);
	});
});
