import { buildCalendarItem } from '../../nodes/Exchange/ews/calendarItem';
import { ItemFieldError, readItem } from '../../nodes/Exchange/ews/itemFields';
import { recurrenceProblem, type Recurrence } from '../../nodes/Exchange/ews/recurrence';
import { el, parseXmlTree, serialize } from '../../nodes/Exchange/transport/xml';
import { validateBody } from '../../sandbox/schemaValidator';
import { bareBody } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';

const TIMES = { start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T09:30:00+01:00', startTimeZoneId: 'W. Europe Standard Time' };

const EVERY_KIND: Array<[string, Recurrence]> = [
	['daily', { pattern: { type: 'daily', interval: 2 }, range: { type: 'noEnd', startDate: '2026-12-01' } }],
	[
		'weekly',
		{
			pattern: { type: 'weekly', interval: 1, daysOfWeek: ['Monday', 'Wednesday'], firstDayOfWeek: 'Monday' },
			range: { type: 'endDate', startDate: '2026-12-01', endDate: '2027-03-01' },
		},
	],
	['absolute monthly', { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, range: { type: 'numbered', startDate: '2026-12-01', numberOfOccurrences: 6 } }],
	[
		'relative monthly',
		{ pattern: { type: 'relativeMonthly', interval: 3, dayOfWeek: 'Tuesday', weekIndex: 'Second' }, range: { type: 'noEnd', startDate: '2026-12-01' } },
	],
	['absolute yearly', { pattern: { type: 'absoluteYearly', dayOfMonth: 29, month: 'February' }, range: { type: 'noEnd', startDate: '2026-12-01' } }],
	[
		'relative yearly',
		{ pattern: { type: 'relativeYearly', dayOfWeek: 'Weekday', weekIndex: 'Last', month: 'December' }, range: { type: 'noEnd', startDate: '2026-12-01' } },
	],
];

describe('the Recurrence field', () => {
	schemaIt.each(EVERY_KIND)('writes a %s series schema-valid, between Resources and StartTimeZone, and reads it back', async (_, recurrence) => {
		const item = buildCalendarItem({ ...TIMES, recurrence }, 'Exchange2016');
		const xml = serialize(item);
		expect(xml.indexOf('<t:Recurrence>')).toBeGreaterThan(xml.indexOf('</t:End>'));
		expect(xml.indexOf('<t:Recurrence>')).toBeLessThan(xml.indexOf('<t:StartTimeZone'));
		const request = el('m:CreateItem', { SendMeetingInvitations: 'SendToNone' }, el('m:Items', undefined, item));
		expect(await validateBody(bareBody(request))).toEqual({ valid: true, errors: [] });
		expect(readItem(parseXmlTree(serialize({ ...item, attrs: { xmlns: 'x' } }))).fields.recurrence).toEqual(recurrence);
	});

	it('writes the days of a weekly series as one space-separated list', () => {
		expect(serialize(buildCalendarItem({ ...TIMES, recurrence: EVERY_KIND[1][1] }, 'Exchange2016'))).toContain(
			'<t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek><t:FirstDayOfWeek>Monday</t:FirstDayOfWeek></t:WeeklyRecurrence>',
		);
	});

	it('refuses a zero interval, a weekly series without days, an end before the start and zero occurrences', () => {
		const daily = (interval: number): Recurrence => ({ pattern: { type: 'daily', interval }, range: { type: 'noEnd', startDate: '2026-12-01' } });
		expect(recurrenceProblem(daily(0))?.reason).toMatch(/interval must be a whole number of 1 or more, not 0/);
		expect(recurrenceProblem({ pattern: { type: 'weekly', interval: 1, daysOfWeek: [] }, range: { type: 'noEnd', startDate: '2026-12-01' } })?.reason).toMatch(
			/at least one day of the week/,
		);
		expect(recurrenceProblem({ pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: '2026-12-01', endDate: '2026-11-30' } })?.reason).toMatch(
			/end date 2026-11-30 is before the start date 2026-12-01/,
		);
		expect(recurrenceProblem({ pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-12-01', numberOfOccurrences: 0 } })?.reason).toMatch(
			/number of occurrences/,
		);
		expect(recurrenceProblem({ pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 32 }, range: { type: 'noEnd', startDate: '2026-12-01' } })?.reason).toMatch(
			/day of the month must be 1 to 31/,
		);
		expect(recurrenceProblem(daily(1))).toBeUndefined();
		expect(() => buildCalendarItem({ ...TIMES, recurrence: daily(0) }, 'Exchange2016')).toThrow(ItemFieldError);
	});

	it('reads attendees with their responses', () => {
		const xml =
			'<CalendarItem xmlns="x"><RequiredAttendees><Attendee><Mailbox><Name>Bob</Name><EmailAddress>bob@contoso.com</EmailAddress></Mailbox>' +
			'<ResponseType>Accept</ResponseType></Attendee><Attendee><Mailbox><EmailAddress>carol@contoso.com</EmailAddress></Mailbox></Attendee></RequiredAttendees></CalendarItem>';
		expect(readItem(parseXmlTree(xml)).fields.requiredAttendees).toEqual([
			{ name: 'Bob', address: 'bob@contoso.com', response: 'Accept' },
			{ name: '', address: 'carol@contoso.com' },
		]);
	});
});
