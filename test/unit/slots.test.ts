import { dailyIntervals, findSlots, intersectIntervals, mergeIntervals, workingHoursIntervals, type Interval, type SlotSearch } from '../../nodes/Exchange/actions/freeBusy/slots';
import { buildGetUserAvailability, readGetUserAvailability } from '../../nodes/Exchange/ews/getUserAvailability';
import { localToInstant, type SerializableTimeZone } from '../../nodes/Exchange/helpers/serializableTimeZone';
import { validateBody } from '../../sandbox/schemaValidator';
import { bareBody } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';
import { soapAnswer } from '../helpers/soapAnswer';

const at = (iso: string) => Date.parse(iso);
const span = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });
const iso = (milliseconds: number) => new Date(milliseconds).toISOString().replace('.000', '');

function search(overrides: Partial<SlotSearch>): SlotSearch {
	const window = span('2026-12-01T08:00:00Z', '2026-12-01T12:00:00Z');
	return { window, durationMinutes: 60, stepMinutes: 15, gridOrigin: at('2026-12-01T00:00:00Z'), limit: 10, allowed: [window], people: [], rooms: [], ...overrides };
}

const starts = (found: ReturnType<typeof findSlots>) => found.map((slot) => iso(slot.start));

// W. Europe Standard Time as Exchange publishes it: Bias -60, DST from the last Sunday of March 02:00 to the last
// Sunday of October 03:00.
const BERLIN: SerializableTimeZone = {
	bias: -60,
	standard: { bias: 0, month: 10, dayOrder: 5, dayOfWeek: 0, timeMinutes: 180 },
	daylight: { bias: -60, month: 3, dayOrder: 5, dayOfWeek: 0, timeMinutes: 120 },
};
// Sydney: daylight time across the new year (first Sunday of October to the first Sunday of April).
const SYDNEY: SerializableTimeZone = {
	bias: -600,
	standard: { bias: 0, month: 4, dayOrder: 1, dayOfWeek: 0, timeMinutes: 180 },
	daylight: { bias: -60, month: 10, dayOrder: 1, dayOfWeek: 0, timeMinutes: 120 },
};
const NO_DST: SerializableTimeZone = {
	bias: 0,
	standard: { bias: 0, month: 1, dayOrder: 1, dayOfWeek: 0, timeMinutes: 0 },
	daylight: { bias: 0, month: 1, dayOrder: 1, dayOfWeek: 0, timeMinutes: 0 },
};

describe('intervals', () => {
	it('merges overlapping and touching spans, and intersects two lists', () => {
		expect(mergeIntervals([span('2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'), span('2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'), span('2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z')])).toEqual([
			span('2026-12-01T09:00:00Z', '2026-12-01T11:00:00Z'),
			span('2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z'),
		]);
		expect(intersectIntervals([span('2026-12-01T09:00:00Z', '2026-12-01T12:00:00Z')], [span('2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z'), span('2026-12-01T11:00:00Z', '2026-12-01T13:00:00Z')])).toEqual([
			span('2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
			span('2026-12-01T11:00:00Z', '2026-12-01T12:00:00Z'),
		]);
	});
});

describe('findSlots', () => {
	it('starts slots on the grid, overlapping, and stops at the limit', () => {
		const found = findSlots(search({ window: span('2026-12-01T08:07:00Z', '2026-12-01T12:00:00Z'), limit: 3 }));
		expect(starts(found)).toEqual(['2026-12-01T08:15:00Z', '2026-12-01T08:30:00Z', '2026-12-01T08:45:00Z']);
		expect(iso(found[0].end)).toBe('2026-12-01T09:15:00Z');
	});

	it('skips slots that touch anyone\'s busy time but allows one that starts when a block ends', () => {
		const people = [[span('2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z')], [span('2026-12-01T09:30:00Z', '2026-12-01T10:00:00Z')]];
		expect(starts(findSlots(search({ people, limit: 2 })))).toEqual(['2026-12-01T10:00:00Z', '2026-12-01T10:15:00Z']);
	});

	it('keeps a slot inside one allowed span; a slot across two touching spans counts as inside', () => {
		const allowed = [span('2026-12-01T08:00:00Z', '2026-12-01T08:45:00Z'), span('2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z'), span('2026-12-01T10:30:00Z', '2026-12-01T11:30:00Z')];
		expect(starts(findSlots(search({ allowed })))).toEqual(['2026-12-01T10:00:00Z', '2026-12-01T10:15:00Z', '2026-12-01T10:30:00Z']);
	});

	it('needs one listed room free and gives the first free one in the order listed', () => {
		const rooms = [
			{ address: 'a@x', busy: [span('2026-12-01T08:00:00Z', '2026-12-01T09:30:00Z')] },
			{ address: 'b@x', busy: [span('2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z')] },
		];
		const found = findSlots(search({ rooms, limit: 3 }));
		expect(found.map((slot) => [iso(slot.start), slot.room, slot.freeRooms])).toEqual([
			['2026-12-01T09:00:00Z', 'b@x', ['b@x']],
			['2026-12-01T09:15:00Z', 'b@x', ['b@x']],
			['2026-12-01T09:30:00Z', 'a@x', ['a@x', 'b@x']],
		]);
	});

	it('finds nothing when the duration does not fit the window', () => {
		expect(findSlots(search({ durationMinutes: 300 }))).toEqual([]);
	});
});

describe('working hours from a SerializableTimeZone', () => {
	it('reads local times in standard and daylight time, south of the equator too', () => {
		expect(iso(localToInstant(BERLIN, at('2026-03-27T09:00:00Z')))).toBe('2026-03-27T08:00:00Z');
		expect(iso(localToInstant(BERLIN, at('2026-03-30T09:00:00Z')))).toBe('2026-03-30T07:00:00Z');
		expect(iso(localToInstant(BERLIN, at('2026-10-26T09:00:00Z')))).toBe('2026-10-26T08:00:00Z');
		expect(iso(localToInstant(SYDNEY, at('2026-01-15T09:00:00Z')))).toBe('2026-01-14T22:00:00Z');
		expect(iso(localToInstant(SYDNEY, at('2026-06-15T09:00:00Z')))).toBe('2026-06-14T23:00:00Z');
		expect(iso(localToInstant(NO_DST, at('2026-06-15T09:00:00Z')))).toBe('2026-06-15T09:00:00Z');
	});

	it('gives each published day its hours in the mailbox zone, across the DST change', () => {
		const hours = { timeZone: BERLIN, periods: [{ days: ['Friday', 'Monday'], startMinutes: 540, endMinutes: 1020 }] };
		const intervals = workingHoursIntervals(hours, span('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'));
		expect(intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([
			['2026-03-27T08:00:00Z', '2026-03-27T16:00:00Z'],
			['2026-03-30T07:00:00Z', '2026-03-30T15:00:00Z'],
		]);
	});

	it('understands Weekday, WeekendDay and Day', () => {
		const window = span('2026-12-05T00:00:00Z', '2026-12-08T00:00:00Z'); // Saturday to Monday
		const daysOf = (days: string[]) =>
			workingHoursIntervals({ timeZone: NO_DST, periods: [{ days, startMinutes: 600, endMinutes: 660 }] }, window).map((i) => iso(i.start).slice(0, 10));
		expect(daysOf(['Weekday'])).toEqual(['2026-12-07']);
		expect(daysOf(['WeekendDay'])).toEqual(['2026-12-05', '2026-12-06']);
		expect(daysOf(['Day'])).toEqual(['2026-12-05', '2026-12-06', '2026-12-07']);
	});
});

describe('daily windows in an IANA zone', () => {
	it('keeps the clock hours across a DST change and leaves out weekend days when asked', () => {
		const window = span('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z');
		const weekdays = dailyIntervals('Europe/Berlin', window, 9 * 60, 17 * 60, (weekday) => weekday <= 5);
		expect(weekdays.map((i) => [iso(i.start), iso(i.end)])).toEqual([
			['2026-03-27T08:00:00Z', '2026-03-27T16:00:00Z'],
			['2026-03-30T07:00:00Z', '2026-03-30T15:00:00Z'],
		]);
		// Whole days: the Sunday of the change is 23 hours long.
		const sunday = dailyIntervals('Europe/Berlin', span('2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'), 0, 24 * 60);
		expect(sunday.map((i) => (i.end - i.start) / 3_600_000)).toEqual([23]);
	});
});

describe('GetUserAvailabilityRequest', () => {
	schemaIt('asks in UTC for each mailbox and the window, schema-valid on 2010 SP2 and 2016', async () => {
		const request = buildGetUserAvailability({
			mailboxes: [
				{ address: 'alice@contoso.com', attendeeType: 'Required' },
				{ address: 'room-a@contoso.com', attendeeType: 'Room' },
			],
			start: at('2026-12-01T08:00:00Z'),
			end: at('2026-12-02T08:00:00Z'),
			detailed: false,
		});
		const xml = bareBody(request);
		expect(xml).toContain('<t:TimeWindow><t:StartTime>2026-12-01T08:00:00</t:StartTime><t:EndTime>2026-12-02T08:00:00</t:EndTime></t:TimeWindow>');
		expect(xml).toContain('<t:AttendeeType>Room</t:AttendeeType>');
		expect(xml).toContain('<t:RequestedView>FreeBusy</t:RequestedView>');
		expect(await validateBody(xml)).toEqual({ valid: true, errors: [] });
		expect(await validateBody(xml, 'Exchange2010_SP2')).toEqual({ valid: true, errors: [] });
	});
});

describe('GetUserAvailabilityResponse', () => {
	it('reads times with an offset as written (Exchange 2007) and without one as UTC, working hours, and a mailbox\'s own error', () => {
		const answer = soapAnswer(
			'<m:GetUserAvailabilityResponse><m:FreeBusyResponseArray>' +
				'<m:FreeBusyResponse><m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>' +
				'<m:FreeBusyView><t:FreeBusyViewType>FreeBusy</t:FreeBusyViewType><t:CalendarEventArray>' +
				'<t:CalendarEvent><t:StartTime>2006-10-16T06:00:00-07:00</t:StartTime><t:EndTime>2006-10-16T06:30:00-07:00</t:EndTime><t:BusyType>Busy</t:BusyType></t:CalendarEvent>' +
				'<t:CalendarEvent><t:StartTime>2026-12-01T09:00:00</t:StartTime><t:EndTime>2026-12-01T10:00:00</t:EndTime><t:BusyType>OOF</t:BusyType></t:CalendarEvent>' +
				'</t:CalendarEventArray><t:WorkingHours><t:TimeZone><t:Bias>480</t:Bias>' +
				'<t:StandardTime><t:Bias>0</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>1</t:DayOrder><t:Month>11</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>' +
				'<t:DaylightTime><t:Bias>-60</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>2</t:DayOrder><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime>' +
				'</t:TimeZone><t:WorkingPeriodArray><t:WorkingPeriod><t:DayOfWeek>Monday Tuesday Wednesday Thursday Friday</t:DayOfWeek>' +
				'<t:StartTimeInMinutes>480</t:StartTimeInMinutes><t:EndTimeInMinutes>1020</t:EndTimeInMinutes></t:WorkingPeriod></t:WorkingPeriodArray></t:WorkingHours>' +
				'</m:FreeBusyView></m:FreeBusyResponse>' +
				'<m:FreeBusyResponse><m:ResponseMessage ResponseClass="Error"><m:MessageText>Unable to resolve e-mail address</m:MessageText>' +
				'<m:ResponseCode>ErrorMailRecipientNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:ResponseMessage>' +
				'<m:FreeBusyView><t:FreeBusyViewType>None</t:FreeBusyViewType></m:FreeBusyView></m:FreeBusyResponse>' +
				'</m:FreeBusyResponseArray></m:GetUserAvailabilityResponse>',
		);
		const [found, missing] = readGetUserAvailability(answer, 2);
		if (!('value' in found)) throw new Error('expected a value');
		expect(found.value.events.map((event) => [iso(event.start), iso(event.end), event.busyType])).toEqual([
			['2006-10-16T13:00:00Z', '2006-10-16T13:30:00Z', 'Busy'],
			['2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', 'OOF'],
		]);
		expect(found.value.workingHours?.periods).toEqual([{ days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], startMinutes: 480, endMinutes: 1020 }]);
		// Pacific time: 08:00 is 16:00 UTC in winter and 15:00 UTC in summer.
		const pacific = found.value.workingHours!.timeZone;
		expect(iso(localToInstant(pacific, at('2026-12-01T08:00:00Z')))).toBe('2026-12-01T16:00:00Z');
		expect(iso(localToInstant(pacific, at('2026-07-01T08:00:00Z')))).toBe('2026-07-01T15:00:00Z');
		expect('error' in missing && missing.error.code).toBe('ErrorMailRecipientNotFound');
		expect(() => readGetUserAvailability(answer, 3)).toThrow('for 2 mailboxes instead of 3');
	});
});
