import { el } from '../../nodes/Exchange/transport/xml';
import { deleteOccurrence, modifyOccurrence, occurrenceId } from '../../sandbox/mailbox/recurrence';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredCalendarItem } from '../../sandbox/store';
import { ParsedElement } from '../../sandbox/xml';
import { Request, codes, distinguished, exchange, fieldUris } from './ewsExchange';

/**
 * Recurring series in the sandbox: CreateItem with Recurrence, FindItem with CalendarView expanding series
 * server-side (per the CalendarView reference: items ending after StartDate and starting before EndDate;
 * occurrences, not masters), GetItem by an occurrence's ItemId, OccurrenceItemId and RecurringMasterItemId,
 * and Exchange's rules where MS-OXOCAL differs from iCalendar.
 */

const SVC_MAILBOX = 'svc-n8n@contoso.com';
const BERLIN = 'W. Europe Standard Time';

describe('sandbox calendar view and recurrence', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const calendar = () => sandbox.store.mailbox(SVC_MAILBOX).folder('calendar');

	function pattern(name: string, ...children: Array<[string, string | number]>): Request {
		return el(`t:${name}`, undefined, children.map(([child, value]) => el(`t:${child}`, undefined, String(value))));
	}

	/** Creates a series starting at `start` (with offset) lasting `minutes`, in W. Europe time, and returns its master. */
	async function createSeries(start: string, minutes: number, patternElement: Request, range: Request, subject = 'Series'): Promise<StoredCalendarItem> {
		const end = new Date(new Date(start).getTime() + minutes * 60_000).toISOString().replace('.000Z', 'Z');
		const answer = await exchange(
			sandbox,
			el(
				'm:CreateItem',
				{ SendMeetingInvitations: 'SendToNone' },
				el(
					'm:Items',
					undefined,
					el(
						't:CalendarItem',
						undefined,
						el('t:Subject', undefined, subject),
						el('t:Start', undefined, start),
						el('t:End', undefined, end),
						el('t:Recurrence', undefined, patternElement, range),
						el('t:StartTimeZone', { Id: BERLIN }),
						el('t:EndTimeZone', { Id: BERLIN }),
					),
				),
			),
		);
		expect(codes(answer.messages)).toEqual(['NoError']);
		const id = answer.messages[0].path('m:Items', 't:CalendarItem', 't:ItemId')?.attr('Id');
		return calendar().calendarItems().find((item) => item.id === id) as StoredCalendarItem;
	}

	const noEnd = (startDate: string) => pattern('NoEndRecurrence', ['StartDate', startDate]);

	function view(from: string, to: string, max?: number, uris: string[] = ['item:Subject', 'calendar:Start', 'calendar:End', 'calendar:CalendarItemType']): Request {
		return el(
			'm:FindItem',
			{ Traversal: 'Shallow' },
			el('m:ItemShape', undefined, el('t:BaseShape', undefined, 'IdOnly'), fieldUris(...uris)),
			el('m:CalendarView', { StartDate: from, EndDate: to, MaxEntriesReturned: max }),
			el('m:ParentFolderIds', undefined, distinguished('calendar')),
		);
	}

	async function viewItems(from: string, to: string, max?: number): Promise<{ root: ParsedElement | undefined; items: ParsedElement[] }> {
		const answer = await exchange(sandbox, view(from, to, max));
		expect(codes(answer.messages)).toEqual(['NoError']);
		const root = answer.messages[0].child('m:RootFolder');
		return { root, items: root?.child('t:Items')?.children() ?? [] };
	}

	const starts = (items: ParsedElement[]) => items.map((item) => item.childText('t:Start'));

	it('stores the Recurrence and moves the master to the first occurrence the pattern gives', async () => {
		// 2026-12-01 is a Tuesday; a Monday/Wednesday series starts on Wednesday the 2nd.
		const master = await createSeries(
			'2026-12-01T09:00:00+01:00',
			30,
			pattern('WeeklyRecurrence', ['Interval', 1], ['DaysOfWeek', 'Monday Wednesday']),
			pattern('NumberedRecurrence', ['StartDate', '2026-12-01'], ['NumberOfOccurrences', 4]),
		);
		expect(master.recurrence).toEqual({
			pattern: { kind: 'Weekly', interval: 1, daysOfWeek: ['Monday', 'Wednesday'], firstDayOfWeek: undefined, dayOfMonth: undefined, dayOfWeekIndex: undefined, month: undefined },
			range: { kind: 'Numbered', startDate: '2026-12-01', endDate: undefined, numberOfOccurrences: 4 },
		});
		expect(master.start?.instant.toISOString()).toBe('2026-12-02T08:00:00.000Z');
		const { items, root } = await viewItems('2026-11-30T00:00:00Z', '2027-01-31T00:00:00Z');
		expect(starts(items)).toEqual(['2026-12-02T08:00:00Z', '2026-12-07T08:00:00Z', '2026-12-09T08:00:00Z', '2026-12-14T08:00:00Z']);
		expect(items.map((item) => item.childText('t:CalendarItemType'))).toEqual(['Occurrence', 'Occurrence', 'Occurrence', 'Occurrence']);
		expect(root?.attr('TotalItemsInView')).toBe('4');
	});

	it('answers the master with its Recurrence, CalendarItemType RecurringMaster and IsRecurring false for the organizer', async () => {
		const master = await createSeries('2026-12-01T09:00:00+01:00', 30, pattern('DailyRecurrence', ['Interval', 2]), noEnd('2026-12-01'));
		const answer = await exchange(
			sandbox,
			el(
				'm:GetItem',
				undefined,
				el('m:ItemShape', undefined, el('t:BaseShape', undefined, 'IdOnly'), fieldUris('calendar:Recurrence', 'calendar:CalendarItemType', 'calendar:IsRecurring')),
				el('m:ItemIds', undefined, el('t:ItemId', { Id: master.id })),
			),
		);
		const item = answer.messages[0].path('m:Items', 't:CalendarItem');
		expect(item?.childText('t:CalendarItemType')).toBe('RecurringMaster');
		// The IsRecurring reference: the organizer's master says false (a documented defect clients live with).
		expect(item?.childText('t:IsRecurring')).toBe('false');
		expect(item?.path('t:Recurrence', 't:DailyRecurrence', 't:Interval')?.text()).toBe('2');
		expect(item?.path('t:Recurrence', 't:NoEndRecurrence', 't:StartDate')?.text()).toBe('2026-12-01');
	});

	it('keeps the wall-clock time across a DST change (MS-OXOCAL: occurrences in the series time zone)', async () => {
		await createSeries('2027-03-26T09:00:00+01:00', 60, pattern('DailyRecurrence', ['Interval', 1]), pattern('NumberedRecurrence', ['StartDate', '2027-03-26'], ['NumberOfOccurrences', 4]));
		const { items } = await viewItems('2027-03-01T00:00:00Z', '2027-04-30T00:00:00Z');
		// Berlin moves to summer time on 28 March 2027: 09:00 local is 08:00Z before, 07:00Z after.
		expect(starts(items)).toEqual(['2027-03-26T08:00:00Z', '2027-03-27T08:00:00Z', '2027-03-28T07:00:00Z', '2027-03-29T07:00:00Z']);
	});

	it('puts a monthly series on day 31 on the last day of shorter months (MS-OXOCAL), where iCalendar skips them', async () => {
		await createSeries(
			'2027-01-31T10:00:00+01:00',
			30,
			pattern('AbsoluteMonthlyRecurrence', ['Interval', 1], ['DayOfMonth', 31]),
			pattern('NumberedRecurrence', ['StartDate', '2027-01-31'], ['NumberOfOccurrences', 4]),
		);
		const { items } = await viewItems('2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z');
		expect(starts(items)).toEqual(['2027-01-31T09:00:00Z', '2027-02-28T09:00:00Z', '2027-03-31T08:00:00Z', '2027-04-30T08:00:00Z']);
	});

	it('expands relative monthly (second Tuesday), yearly on a day and relative yearly (last weekday) series', async () => {
		await createSeries(
			'2026-12-08T09:00:00+01:00',
			30,
			pattern('RelativeMonthlyRecurrence', ['Interval', 1], ['DaysOfWeek', 'Tuesday'], ['DayOfWeekIndex', 'Second']),
			pattern('EndDateRecurrence', ['StartDate', '2026-12-01'], ['EndDate', '2027-03-01']),
			'Second Tuesday',
		);
		await createSeries(
			'2028-02-29T12:00:00+01:00',
			30,
			pattern('AbsoluteYearlyRecurrence', ['DayOfMonth', 29], ['Month', 'February']),
			pattern('NumberedRecurrence', ['StartDate', '2028-02-29'], ['NumberOfOccurrences', 2]),
			'Leap day',
		);
		await createSeries(
			'2026-12-31T15:00:00+01:00',
			30,
			pattern('RelativeYearlyRecurrence', ['DaysOfWeek', 'Weekday'], ['DayOfWeekIndex', 'Last'], ['Month', 'December']),
			pattern('NumberedRecurrence', ['StartDate', '2026-12-01'], ['NumberOfOccurrences', 2]),
			'Year end',
		);
		const second = await viewItems('2026-12-01T00:00:00Z', '2027-03-31T00:00:00Z');
		const tuesdays = second.items.filter((item) => item.childText('t:Subject') === 'Second Tuesday');
		expect(starts(tuesdays)).toEqual(['2026-12-08T08:00:00Z', '2027-01-12T08:00:00Z', '2027-02-09T08:00:00Z']);
		// 29 February in a common year falls on the 28th (MS-OXOCAL), not skipped.
		const leap = await viewItems('2028-01-01T00:00:00Z', '2029-12-31T00:00:00Z');
		expect(starts(leap.items.filter((item) => item.childText('t:Subject') === 'Leap day'))).toEqual(['2028-02-29T11:00:00Z', '2029-02-28T11:00:00Z']);
		// The last weekday of December 2027 is Friday the 31st.
		const yearEnd = await viewItems('2026-12-01T00:00:00Z', '2028-01-31T00:00:00Z');
		expect(starts(yearEnd.items.filter((item) => item.childText('t:Subject') === 'Year end'))).toEqual(['2026-12-31T14:00:00Z', '2027-12-31T14:00:00Z']);
	});

	it('shows a modified occurrence where it moved, as an Exception, and leaves a deleted one out', async () => {
		const master = await createSeries('2026-12-07T09:00:00+01:00', 60, pattern('DailyRecurrence', ['Interval', 1]), pattern('NumberedRecurrence', ['StartDate', '2026-12-07'], ['NumberOfOccurrences', 3]));
		modifyOccurrence(master, new Date('2026-12-08T08:00:00Z'), { start: new Date('2026-12-08T13:00:00Z'), end: new Date('2026-12-08T14:00:00Z'), subject: 'Moved' });
		deleteOccurrence(master, new Date('2026-12-09T08:00:00Z'));
		const { items } = await viewItems('2026-12-01T00:00:00Z', '2026-12-31T00:00:00Z');
		expect(items.map((item) => [item.childText('t:Subject'), item.childText('t:Start'), item.childText('t:CalendarItemType')])).toEqual([
			['Series', '2026-12-07T08:00:00Z', 'Occurrence'],
			['Moved', '2026-12-08T13:00:00Z', 'Exception'],
		]);
		// The deleted occurrence still counts towards the Numbered range: no fourth day appears.
		expect(items).toHaveLength(2);
	});

	it('reads an occurrence by its ItemId, by OccurrenceItemId and its master by RecurringMasterItemId', async () => {
		const master = await createSeries('2026-12-07T09:00:00+01:00', 60, pattern('DailyRecurrence', ['Interval', 1]), noEnd('2026-12-07'));
		deleteOccurrence(master, new Date('2026-12-09T08:00:00Z'));
		const second = occurrenceId(master.id, new Date('2026-12-08T08:00:00Z'));
		const shape = el('m:ItemShape', undefined, el('t:BaseShape', undefined, 'IdOnly'), fieldUris('calendar:Start', 'calendar:OriginalStart', 'calendar:CalendarItemType', 'calendar:IsRecurring'));
		const answer = await exchange(
			sandbox,
			el(
				'm:GetItem',
				undefined,
				shape,
				el(
					'm:ItemIds',
					undefined,
					el('t:ItemId', { Id: second }),
					el('t:OccurrenceItemId', { RecurringMasterId: master.id, InstanceIndex: 1 }),
					el('t:RecurringMasterItemId', { OccurrenceId: second }),
					el('t:OccurrenceItemId', { RecurringMasterId: master.id, InstanceIndex: 3 }),
					el('t:RecurringMasterItemId', { OccurrenceId: master.id }),
				),
			),
		);
		expect(codes(answer.messages)).toEqual([
			'NoError',
			'NoError',
			'NoError',
			'ErrorCalendarOccurrenceIsDeletedFromRecurrence',
			'ErrorCalendarCannotUseIdForRecurringMasterId',
		]);
		const items = answer.messages.map((message) => message.path('m:Items', 't:CalendarItem'));
		expect([items[0]?.childText('t:CalendarItemType'), items[0]?.childText('t:OriginalStart'), items[0]?.childText('t:IsRecurring')]).toEqual([
			'Occurrence',
			'2026-12-08T08:00:00Z',
			'true',
		]);
		expect(items[0]?.child('t:ItemId')?.attr('Id')).toBe(second);
		expect(items[1]?.childText('t:Start')).toBe('2026-12-07T08:00:00Z');
		expect([items[2]?.child('t:ItemId')?.attr('Id'), items[2]?.childText('t:CalendarItemType')]).toEqual([master.id, 'RecurringMaster']);
	});

	it('returns single items overlapping the window with occurrences, in start order, truncated at MaxEntriesReturned', async () => {
		await createSeries('2026-12-07T09:00:00+01:00', 60, pattern('DailyRecurrence', ['Interval', 1]), noEnd('2026-12-07'));
		const single = await exchange(
			sandbox,
			el(
				'm:CreateItem',
				{ SendMeetingInvitations: 'SendToNone' },
				el(
					'm:Items',
					undefined,
					el('t:CalendarItem', undefined, el('t:Subject', undefined, 'Single'), el('t:Start', undefined, '2026-12-08T07:30:00Z'), el('t:End', undefined, '2026-12-08T08:30:00Z')),
				),
			),
		);
		expect(codes(single.messages)).toEqual(['NoError']);
		// Items ending exactly at StartDate are not in the view; the one ending after it is.
		const all = await viewItems('2026-12-07T09:00:00Z', '2026-12-10T00:00:00Z');
		expect(all.items.map((item) => item.childText('t:Subject'))).toEqual(['Single', 'Series', 'Series']);
		const first = await viewItems('2026-12-07T09:00:00Z', '2026-12-10T00:00:00Z', 2);
		expect(first.items).toHaveLength(2);
		expect([first.root?.attr('IncludesLastItemInRange'), first.root?.attr('TotalItemsInView')]).toEqual(['false', '3']);
	});

	it('refuses a range over two years, an end before the start, a restriction and a folder that is no calendar', async () => {
		const tooBig = await exchange(sandbox, view('2026-01-01T00:00:00Z', '2028-01-02T00:00:00Z'));
		const backwards = await exchange(sandbox, view('2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z'));
		const restricted = await exchange(
			sandbox,
			el(
				'm:FindItem',
				{ Traversal: 'Shallow' },
				el('m:ItemShape', undefined, el('t:BaseShape', undefined, 'IdOnly')),
				el('m:CalendarView', { StartDate: '2026-01-01T00:00:00Z', EndDate: '2026-02-01T00:00:00Z' }),
				el('m:Restriction', undefined, el('t:Exists', undefined, el('t:FieldURI', { FieldURI: 'item:Subject' }))),
				el('m:ParentFolderIds', undefined, distinguished('calendar')),
			),
		);
		const inbox = await exchange(
			sandbox,
			el(
				'm:FindItem',
				{ Traversal: 'Shallow' },
				el('m:ItemShape', undefined, el('t:BaseShape', undefined, 'IdOnly')),
				el('m:CalendarView', { StartDate: '2026-01-01T00:00:00Z', EndDate: '2026-02-01T00:00:00Z' }),
				el('m:ParentFolderIds', undefined, distinguished('inbox')),
			),
		);
		expect([...codes(tooBig.messages), ...codes(backwards.messages), ...codes(restricted.messages), ...codes(inbox.messages)]).toEqual([
			'ErrorCalendarViewRangeTooBig',
			'ErrorCalendarEndDateIsEarlierThanStartDate',
			'ErrorInvalidRestriction',
			'ErrorCalendarFolderIsInvalidForCalendarView',
		]);
	});

	it('refuses a series with a zero interval, a weekly one without days and one ending before it starts', async () => {
		const create = (patternElement: Request, range: Request) =>
			exchange(
				sandbox,
				el(
					'm:CreateItem',
					{ SendMeetingInvitations: 'SendToNone' },
					el(
						'm:Items',
						undefined,
						el(
							't:CalendarItem',
							undefined,
							el('t:Start', undefined, '2026-12-07T08:00:00Z'),
							el('t:End', undefined, '2026-12-07T09:00:00Z'),
							el('t:Recurrence', undefined, patternElement, range),
						),
					),
				),
			);
		const answers = [
			await create(pattern('DailyRecurrence', ['Interval', 0]), noEnd('2026-12-07')),
			await create(pattern('WeeklyRecurrence', ['Interval', 1], ['DaysOfWeek', '']), noEnd('2026-12-07')),
			await create(pattern('DailyRecurrence', ['Interval', 1]), pattern('EndDateRecurrence', ['StartDate', '2026-12-07'], ['EndDate', '2026-12-01'])),
		];
		expect(answers.flatMap((answer) => codes(answer.messages))).toEqual([
			'ErrorCalendarInvalidRecurrence',
			'ErrorCalendarInvalidDayForWeeklyRecurrence',
			'ErrorRecurrenceHasNoOccurrence',
		]);
		expect(calendar().calendarItems()).toHaveLength(0);
	});
});
