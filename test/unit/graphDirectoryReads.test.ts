import { buildGetSchedule, readGetSchedule } from '../../nodes/Exchange/actions/freeBusy/graphSchedule';
import { graphContact, graphDirectoryMailbox } from '../../nodes/Exchange/actions/output/graphDirectory';
import { readGraphDateTime } from '../../nodes/Exchange/actions/output/graphDateTime';
import { ianaZoneOf } from '../../nodes/Exchange/helpers/dateTime';
import { localToInstant, serializableTimeZoneOf } from '../../nodes/Exchange/helpers/serializableTimeZone';
import { EwsError } from '../../nodes/Exchange/transport/errors';

const at = (iso: string) => Date.parse(iso);

describe('time zones for Graph working hours', () => {
	it('takes the yearly rules of an IANA zone as Windows writes them', () => {
		expect(serializableTimeZoneOf('Europe/Berlin', 2026)).toEqual({
			bias: -60,
			standard: { bias: 0, month: 10, dayOrder: 5, dayOfWeek: 0, timeMinutes: 180 },
			daylight: { bias: -60, month: 3, dayOrder: 5, dayOfWeek: 0, timeMinutes: 120 },
		});
		expect(serializableTimeZoneOf('America/Los_Angeles', 2026)).toEqual({
			bias: 480,
			standard: { bias: 0, month: 11, dayOrder: 1, dayOfWeek: 0, timeMinutes: 120 },
			daylight: { bias: -60, month: 3, dayOrder: 2, dayOfWeek: 0, timeMinutes: 120 },
		});
		// Daylight time across the new year.
		const sydney = serializableTimeZoneOf('Australia/Sydney', 2026);
		expect(sydney.bias).toBe(-600);
		expect(localToInstant(sydney, at('2026-01-15T09:00:00Z'))).toBe(at('2026-01-14T22:00:00Z'));
		expect(localToInstant(sydney, at('2026-07-15T09:00:00Z'))).toBe(at('2026-07-14T23:00:00Z'));
		expect(serializableTimeZoneOf('Asia/Tokyo', 2026)).toMatchObject({ bias: -540, standard: { month: 0 }, daylight: { month: 0 } });
	});

	it('reads Windows and IANA names, and knows when it is neither', () => {
		expect(ianaZoneOf('W. Europe Standard Time')).toBe('Europe/Berlin');
		expect(ianaZoneOf('UTC')).toBe('UTC');
		expect(ianaZoneOf('Asia/Tokyo')).toBe('Asia/Tokyo');
		expect(ianaZoneOf('Mars Standard Time')).toBeUndefined();
	});

	it('reads a dateTimeTimeZone with seven fractional digits in its zone', () => {
		expect(readGraphDateTime({ dateTime: '2026-12-01T09:00:00.0000000', timeZone: 'UTC' }, 'start')).toBe(at('2026-12-01T09:00:00Z'));
		expect(readGraphDateTime({ dateTime: '2026-12-01T09:00:00.0000000', timeZone: 'Pacific Standard Time' }, 'start')).toBe(at('2026-12-01T17:00:00Z'));
		expect(() => readGraphDateTime({ dateTime: 'soon', timeZone: 'UTC' }, 'start')).toThrow(EwsError);
	});
});

describe('getSchedule', () => {
	it('asks for the window in UTC', () => {
		expect(buildGetSchedule(['alice@contoso.com'], { start: at('2026-12-01T08:00:00Z'), end: at('2026-12-02T08:00:00Z') })).toEqual({
			method: 'POST',
			path: '/calendar/getSchedule',
			body: {
				schedules: ['alice@contoso.com'],
				startTime: { dateTime: '2026-12-01T08:00:00', timeZone: 'UTC' },
				endTime: { dateTime: '2026-12-02T08:00:00', timeZone: 'UTC' },
				availabilityViewInterval: 30,
			},
		});
	});

	it('reads Microsoft\'s documented answer: statuses, a named and a custom working-hours zone, and an unknown address', () => {
		const body = {
			value: [
				{
					scheduleId: 'meganb@contoso.com',
					availabilityView: '200220010',
					scheduleItems: [
						{ status: 'busy', start: { dateTime: '2019-03-15T08:30:00.0000000', timeZone: 'Pacific Standard Time' }, end: { dateTime: '2019-03-15T09:30:00.0000000', timeZone: 'Pacific Standard Time' } },
						{ status: 'tentative', subject: 'Plan', location: 'Here', start: { dateTime: '2019-03-15T16:00:00.0000000', timeZone: 'Pacific Standard Time' }, end: { dateTime: '2019-03-15T17:00:00.0000000', timeZone: 'Pacific Standard Time' } },
					],
					workingHours: {
						daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
						startTime: '08:00:00.0000000',
						endTime: '17:00:00.0000000',
						timeZone: {
							'@odata.type': '#microsoft.graph.customTimeZone',
							bias: 480,
							name: 'Customized Time Zone',
							standardOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 11, year: 0 },
							daylightOffset: { daylightBias: -60, time: '02:00:00.0000000', dayOccurrence: 2, dayOfWeek: 'sunday', month: 3, year: 0 },
						},
					},
				},
				{ scheduleId: 'nobody@contoso.com', error: { message: 'Unable to resolve e-mail address', responseCode: '5009' } },
				{
					scheduleId: 'adelev@contoso.com',
					scheduleItems: [],
					workingHours: { daysOfWeek: ['monday'], startTime: '09:00:00.0000000', endTime: '12:30:00.0000000', timeZone: { name: 'W. Europe Standard Time' } },
				},
			],
		};
		const [megan, nobody, adele] = readGetSchedule(body, ['MeganB@contoso.com', 'nobody@contoso.com', 'adelev@contoso.com'], { start: at('2019-03-15T00:00:00Z') }, true);
		expect(megan).toEqual({
			value: {
				events: [
					{ start: at('2019-03-15T15:30:00Z'), end: at('2019-03-15T16:30:00Z'), busyType: 'Busy' },
					{ start: at('2019-03-15T23:00:00Z'), end: at('2019-03-16T00:00:00Z'), busyType: 'Tentative', subject: 'Plan', location: 'Here' },
				],
				workingHours: {
					timeZone: {
						bias: 480,
						standard: { bias: 0, month: 11, dayOrder: 1, dayOfWeek: 0, timeMinutes: 120 },
						daylight: { bias: -60, month: 3, dayOrder: 2, dayOfWeek: 0, timeMinutes: 120 },
					},
					periods: [{ days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], startMinutes: 480, endMinutes: 1020 }],
				},
			},
		});
		expect('error' in nobody && nobody.error.code).toBe('ErrorMailRecipientNotFound');
		expect('value' in adele && adele.value.workingHours).toMatchObject({ timeZone: { bias: -60 }, periods: [{ days: ['Monday'], startMinutes: 540, endMinutes: 750 }] });
	});

	it('refuses an answer that leaves a mailbox out', () => {
		expect(() => readGetSchedule({ value: [] }, ['alice@contoso.com'], { start: 0 }, false)).toThrow('no schedule for alice@contoso.com');
	});
});

describe('directory objects', () => {
	it('reads users, groups and mail contacts as EWS directory entries', () => {
		expect(graphDirectoryMailbox({ '@odata.type': '#microsoft.graph.group', displayName: 'Team', mail: 'team@contoso.com' })).toEqual({
			name: 'Team',
			address: 'team@contoso.com',
			routingType: 'SMTP',
			mailboxType: 'PublicDL',
		});
		expect(graphDirectoryMailbox({ displayName: 'Alice', mail: 'alice@contoso.com' }, '#microsoft.graph.user').mailboxType).toBe('Mailbox');
		expect(graphDirectoryMailbox({ '@odata.type': '#microsoft.graph.orgContact', displayName: 'Ext', mail: 'x@fabrikam.com' }).mailboxType).toBe('Contact');
	});

	it('gives a user\'s details as a resolved contact, the primary address first', () => {
		expect(
			graphContact({
				displayName: 'Alice Anders',
				givenName: 'Alice',
				surname: 'Anders',
				mail: 'alice@contoso.com',
				jobTitle: 'Accountant',
				department: null,
				businessPhones: ['+1 425 555 0101'],
				mobilePhone: '+1 425 555 0199',
				proxyAddresses: ['smtp:a.anders@contoso.com', 'SMTP:alice@contoso.com', 'X500:/o=Contoso'],
			}),
		).toEqual({
			displayName: 'Alice Anders',
			givenName: 'Alice',
			surname: 'Anders',
			companyName: undefined,
			department: undefined,
			jobTitle: 'Accountant',
			officeLocation: undefined,
			emailAddresses: ['alice@contoso.com', 'a.anders@contoso.com'],
			phoneNumbers: { BusinessPhone: '+1 425 555 0101', MobilePhone: '+1 425 555 0199' },
			contactSource: 'ActiveDirectory',
		});
	});
});
