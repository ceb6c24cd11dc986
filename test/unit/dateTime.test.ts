import { DateTime } from 'luxon';
import {
	allDayRange,
	DateTimeInputError,
	formatEwsDateTime,
	parseDateTimeInput,
	TimeZoneError,
	windowsZoneId,
} from '../../nodes/Exchange/helpers/dateTime';

const BERLIN = 'Europe/Berlin';

function errorOf(value: unknown, zone = BERLIN): DateTimeInputError {
	try {
		parseDateTimeInput(value, 'Start', zone);
	} catch (error) {
		if (error instanceof DateTimeInputError) return error;
		throw error;
	}
	throw new Error(`no error for ${String(value)}`);
}

const ews = (value: unknown, zone = BERLIN) => formatEwsDateTime(parseDateTimeInput(value, 'Start', zone));

describe('parseDateTimeInput', () => {
	it('reads an ISO string without offset as wall-clock time in the zone', () => {
		expect(ews('2026-12-01T09:00')).toBe('2026-12-01T09:00:00+01:00');
		expect(ews('2026-07-01T09:00:00')).toBe('2026-07-01T09:00:00+02:00');
		expect(ews('2026-12-01T09:00', 'America/Los_Angeles')).toBe('2026-12-01T09:00:00-08:00');
		expect(ews('2026-12-01 09:30', 'Asia/Kolkata')).toBe('2026-12-01T09:30:00+05:30');
	});

	it('takes an explicit offset literally and expresses the instant in the zone', () => {
		expect(ews('2026-12-01T09:00:00Z')).toBe('2026-12-01T10:00:00+01:00');
		expect(ews('2026-12-01T09:00:00-05:00')).toBe('2026-12-01T15:00:00+01:00');
		expect(ews('2026-12-01T23:30:00+00:00', 'Pacific/Auckland')).toBe('2026-12-02T12:30:00+13:00');
	});

	it('reads a date alone as the start of that day in the zone', () => {
		expect(ews('2026-12-01', 'Pacific/Auckland')).toBe('2026-12-01T00:00:00+13:00');
		// Chile moves its clocks at midnight: that day begins at 01:00.
		expect(ews('2026-09-06', 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
		expect(errorOf('2026-09-06T00:30', 'America/Santiago').reason).toMatch(/does not exist/);
	});

	it('reads luxon DateTimes (also from another luxon copy), JS Dates and epoch milliseconds', () => {
		const instant = '2026-12-01T08:00:00.000Z';
		expect(ews(DateTime.fromISO('2026-12-01T17:00', { zone: 'Asia/Tokyo' }))).toBe('2026-12-01T09:00:00+01:00');
		const foreign = { isValid: true, toMillis: () => Date.parse(instant), toISO: () => instant };
		expect(ews(foreign)).toBe('2026-12-01T09:00:00+01:00');
		expect(ews(new Date(instant))).toBe('2026-12-01T09:00:00+01:00');
		expect(ews(Date.parse(instant))).toBe('2026-12-01T09:00:00+01:00');
	});

	it('returns a DateTime in the zone', () => {
		const result = parseDateTimeInput('2026-12-01T09:00:00Z', 'Start', 'America/New_York');
		expect(result.zoneName).toBe('America/New_York');
		expect(result.toMillis()).toBe(Date.parse('2026-12-01T09:00:00Z'));
	});

	it.each([
		['2026-02-30', 'no such date or time (a value is out of range)'],
		['2026-02-29T10:00', 'no such date or time (a value is out of range)'],
		['2026-12-01T25:00', 'no such date or time (a value is out of range)'],
		['2026-12-01T10:60', 'no such date or time (a value is out of range)'],
		['tomorrow', 'expected an ISO 8601 date-time such as 2026-12-01T09:00:00'],
		['01/12/2026 09:00', 'expected an ISO 8601 date-time such as 2026-12-01T09:00:00'],
		['', 'no date-time given'],
		['1500-01-01T00:00', 'the year must be between 1601 and 4500'],
		['9999-01-01T00:00', 'the year must be between 1601 and 4500'],
	])('refuses %j: %s', (value, reason) => {
		const error = errorOf(value);
		expect(error.reason).toBe(reason);
		expect(error.message).toBe(`Invalid date-time "${value}" in "Start": ${reason}`);
	});

	it('refuses wall-clock times skipped by a DST change instead of moving them', () => {
		expect(errorOf('2026-03-29T02:30').reason).toBe(
			'this local time does not exist in Europe/Berlin (clocks skip it for daylight saving time); use a time outside the gap',
		);
		expect(errorOf('2026-03-08T02:15', 'America/Los_Angeles').reason).toMatch(/does not exist in America\/Los_Angeles/);
		expect(errorOf('2026-09-27T02:00', 'Pacific/Auckland').reason).toMatch(/does not exist in Pacific\/Auckland/);
	});

	it('accepts the times just around a DST gap, and a gap time given with an offset', () => {
		expect(ews('2026-03-29T01:59')).toBe('2026-03-29T01:59:00+01:00');
		expect(ews('2026-03-29T03:00')).toBe('2026-03-29T03:00:00+02:00');
		expect(ews('2026-03-29T02:30:00+01:00')).toBe('2026-03-29T03:30:00+02:00');
	});

	it('accepts a time repeated by a DST change', () => {
		expect(ews('2026-10-25T02:30')).toMatch(/^2026-10-25T02:30:00\+0[12]:00$/);
	});

	it('refuses invalid DateTimes, Dates, numbers and other types', () => {
		expect(errorOf(DateTime.invalid('broken input')).reason).toBe('the DateTime is invalid (broken input)');
		expect(errorOf(new Date('nope')).reason).toBe('the Date object is invalid');
		expect(errorOf(Number.NaN).reason).toBe('a number must be finite milliseconds since 1970-01-01T00:00:00Z');
		expect(errorOf(undefined).reason).toBe('no date-time given');
		expect(errorOf({ when: 'now' }).reason).toBe('expected an ISO 8601 date-time such as 2026-12-01T09:00:00');
	});

	it('refuses an unknown zone with a TimeZoneError', () => {
		expect(() => parseDateTimeInput('2026-12-01T09:00', 'Start', 'Mars/Olympus')).toThrow(TimeZoneError);
	});
});

describe('windowsZoneId', () => {
	it.each([
		['Europe/Berlin', 'W. Europe Standard Time'],
		['America/Los_Angeles', 'Pacific Standard Time'],
		['Pacific/Auckland', 'New Zealand Standard Time'],
		['Asia/Kolkata', 'India Standard Time'],
		['Asia/Calcutta', 'India Standard Time'],
		['Europe/London', 'GMT Standard Time'],
		['America/New_York', 'Eastern Standard Time'],
		['UTC', 'UTC'],
		['Etc/UTC', 'UTC'],
		['europe/berlin', 'W. Europe Standard Time'],
	])('%s → %s', (iana, windows) => {
		expect(windowsZoneId(iana)).toBe(windows);
	});

	it('refuses unknown zones clearly', () => {
		expect(() => windowsZoneId('Mars/Olympus')).toThrow(
			'Unknown time zone "Mars/Olympus": use an IANA time zone name such as Europe/Berlin',
		);
		expect(() => windowsZoneId('')).toThrow(TimeZoneError);
	});
});

describe('formatEwsDateTime', () => {
	it('writes whole seconds with an explicit offset', () => {
		const dt = DateTime.fromISO('2026-12-01T09:00:00.999', { zone: BERLIN });
		expect(formatEwsDateTime(dt)).toBe('2026-12-01T09:00:00+01:00');
		expect(formatEwsDateTime(DateTime.fromISO('2026-12-01T09:00:00', { zone: 'UTC' }))).toMatch(/^2026-12-01T09:00:00(Z|\+00:00)$/);
		expect(formatEwsDateTime(DateTime.fromISO('2026-12-01T09:00:00', { zone: 'Asia/Kathmandu' }))).toBe(
			'2026-12-01T09:00:00+05:45',
		);
	});
});

describe('allDayRange', () => {
	const range = (start: string, end: string, zone: string) => {
		const result = allDayRange(
			parseDateTimeInput(start, 'Start', zone),
			parseDateTimeInput(end, 'End', zone),
			zone,
		);
		return [formatEwsDateTime(result.start), formatEwsDateTime(result.end)];
	};

	it('spans from the start day’s midnight to the midnight after the last day, in the zone', () => {
		expect(range('2026-12-01T09:00', '2026-12-01T09:30', 'Pacific/Auckland')).toEqual([
			'2026-12-01T00:00:00+13:00',
			'2026-12-02T00:00:00+13:00',
		]);
		expect(range('2026-12-01', '2026-12-03T10:00', 'America/Los_Angeles')).toEqual([
			'2026-12-01T00:00:00-08:00',
			'2026-12-04T00:00:00-08:00',
		]);
	});

	it('treats an end at exactly midnight as the end of the previous day', () => {
		expect(range('2026-12-01', '2026-12-03', 'Pacific/Auckland')).toEqual([
			'2026-12-01T00:00:00+13:00',
			'2026-12-03T00:00:00+13:00',
		]);
	});

	it('lasts at least one day', () => {
		expect(range('2026-12-01', '2026-12-01', 'America/Los_Angeles')).toEqual([
			'2026-12-01T00:00:00-08:00',
			'2026-12-02T00:00:00-08:00',
		]);
	});

	it('lands on the day of the zone, not of UTC, for instants given in UTC', () => {
		// 2026-12-01T20:00Z is already 2 December in Auckland and still 1 December in Los Angeles.
		expect(range('2026-12-01T20:00:00Z', '2026-12-01T20:30:00Z', 'Pacific/Auckland')).toEqual([
			'2026-12-02T00:00:00+13:00',
			'2026-12-03T00:00:00+13:00',
		]);
		expect(range('2026-12-01T20:00:00Z', '2026-12-01T20:30:00Z', 'America/Los_Angeles')).toEqual([
			'2026-12-01T00:00:00-08:00',
			'2026-12-02T00:00:00-08:00',
		]);
	});

	it('keeps local midnights across a DST change, with each end’s own offset', () => {
		expect(range('2026-03-28', '2026-03-30', BERLIN)).toEqual(['2026-03-28T00:00:00+01:00', '2026-03-30T00:00:00+02:00']);
		expect(range('2026-04-04', '2026-04-05T12:00', 'Pacific/Auckland')).toEqual([
			'2026-04-04T00:00:00+13:00',
			'2026-04-06T00:00:00+12:00',
		]);
	});
});
