import { validateBody } from '../../sandbox/schemaValidator';
import { buildCalendarItem, type CalendarItemFields } from '../../nodes/Exchange/ews/calendarItem';
import { buildCreateItem } from '../../nodes/Exchange/ews/createItem';
import { ItemFieldError } from '../../nodes/Exchange/ews/itemFields';
import { allDayRange, formatEwsDateTime, parseDateTimeInput, windowsZoneId } from '../../nodes/Exchange/helpers/dateTime';
import type { ExchangeVersion } from '../../nodes/Exchange/transport/settings';
import { serialize, type XmlElement } from '../../nodes/Exchange/transport/xml';
import { childObject, parseXml, textOf, type XmlObject } from '../helpers/xmlObjects';
import { bareBody, childNames } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';

const createRequest = (item: XmlElement) =>
	bareBody(buildCreateItem({ items: [item], sendMeetingInvitations: 'SendToAllAndSaveCopy', savedItemFolder: { id: 'calendar' } }));

const parsedItem = (item: XmlElement): XmlObject => childObject(parseXml(serialize(item)), 'CalendarItem') as XmlObject;

const everything: CalendarItemFields = {
	subject: 'Planning',
	sensitivity: 'Private',
	body: { type: 'Text', text: 'Agenda' },
	categories: ['Team'],
	importance: 'Low',
	reminderMinutes: 15,
	start: '2026-12-01T09:00:00+01:00',
	end: '2026-12-01T09:30:00+01:00',
	isAllDay: false,
	legacyFreeBusyStatus: 'Busy',
	location: 'Room 1',
	requiredAttendees: [{ address: 'ann@contoso.com', name: 'Ann' }],
	optionalAttendees: [{ address: 'bob@contoso.com' }],
	resources: [{ address: 'room1@contoso.com', name: 'Room 1' }],
	startTimeZoneId: 'W. Europe Standard Time',
	endTimeZoneId: 'W. Europe Standard Time',
};

const FULL_ORDER = [
	't:Subject',
	't:Sensitivity',
	't:Body',
	't:Categories',
	't:Importance',
	't:ReminderIsSet',
	't:ReminderMinutesBeforeStart',
	't:Start',
	't:End',
	't:IsAllDayEvent',
	't:LegacyFreeBusyStatus',
	't:Location',
	't:RequiredAttendees',
	't:OptionalAttendees',
	't:Resources',
	't:StartTimeZone',
	't:EndTimeZone',
];

describe('buildCalendarItem', () => {
	it('writes every field in CalendarItemType schema order, time zones last', () => {
		expect(childNames(buildCalendarItem(everything, 'Exchange2016'))).toEqual(FULL_ORDER);
	});

	schemaIt.each<ExchangeVersion>(['Exchange2010_SP2', 'Exchange2013', 'Exchange2013_SP1', 'Exchange2016'])(
		'passes the %s schema with every field set',
		async (version) => {
			const result = await validateBody(createRequest(buildCalendarItem(everything, version)), version);
			expect(result).toEqual({ valid: true, errors: [] });
		},
	);

	it('writes attendees as Attendee/Mailbox and time zones as an Id attribute', () => {
		const parsed = parsedItem(buildCalendarItem(everything, 'Exchange2016'));
		const mailbox = childObject(childObject(childObject(parsed, 'RequiredAttendees'), 'Attendee'), 'Mailbox');
		expect(textOf(mailbox?.Name)).toBe('Ann');
		expect(textOf(mailbox?.EmailAddress)).toBe('ann@contoso.com');
		expect(childObject(parsed, 'StartTimeZone')?.['@Id']).toBe('W. Europe Standard Time');
		expect(childObject(parsed, 'EndTimeZone')?.['@Id']).toBe('W. Europe Standard Time');
	});

	schemaIt('sends WorkingElsewhere from Exchange2013 on, and refuses it for Exchange2010_SP2 whose schema lacks it', async () => {
		const item = { ...everything, legacyFreeBusyStatus: 'WorkingElsewhere' as const };
		expect(await validateBody(createRequest(buildCalendarItem(item, 'Exchange2013')), 'Exchange2013')).toEqual({ valid: true, errors: [] });
		expect(() => buildCalendarItem(item, 'Exchange2010_SP2')).toThrow(ItemFieldError);
		expect(() => buildCalendarItem(item, 'Exchange2010_SP2')).toThrow(
			'LegacyFreeBusyStatus "WorkingElsewhere" cannot be sent: it needs Exchange2013 or later',
		);
	});

	schemaIt('proves the 2010 SP2 check is needed: that schema rejects WorkingElsewhere', async () => {
		const item = buildCalendarItem({ ...everything, legacyFreeBusyStatus: 'WorkingElsewhere' }, 'Exchange2013');
		const result = await validateBody(createRequest(item), 'Exchange2010_SP2');
		expect(result.valid).toBe(false);
		expect(result.errors.join('\n')).toMatch(/WorkingElsewhere/);
	});

	it('turns a reminder of 0 minutes into ReminderIsSet false', () => {
		const item = buildCalendarItem({ ...everything, reminderMinutes: 0 }, 'Exchange2016');
		expect(childNames(item)).not.toContain('t:ReminderMinutesBeforeStart');
		expect(textOf(parsedItem(item).ReminderIsSet)).toBe('false');
		const withReminder = parsedItem(buildCalendarItem(everything, 'Exchange2016'));
		expect(textOf(withReminder.ReminderIsSet)).toBe('true');
		expect(textOf(withReminder.ReminderMinutesBeforeStart)).toBe('15');
	});

	it.each([-1, 1.5, 2629801])('refuses a reminder of %d minutes', (minutes) => {
		expect(() => buildCalendarItem({ ...everything, reminderMinutes: minutes }, 'Exchange2016')).toThrow(
			`ReminderMinutesBeforeStart "${minutes}" cannot be sent: must be whole minutes from 0 to 2629800`,
		);
	});

	schemaIt('leaves out empty attendee lists, which the schema does not allow', async () => {
		const item = buildCalendarItem(
			{ start: everything.start, end: everything.end, requiredAttendees: [], optionalAttendees: [], resources: [] },
			'Exchange2016',
		);
		expect(childNames(item)).toEqual(['t:Start', 't:End']);
		expect(await validateBody(createRequest(item))).toEqual({ valid: true, errors: [] });
	});

	schemaIt('carries an all-day event in Pacific/Auckland with its zone, built from the date helpers', async () => {
		const zone = 'Pacific/Auckland';
		const range = allDayRange(
			parseDateTimeInput('2026-12-24', 'Start', zone),
			parseDateTimeInput('2026-12-26', 'End', zone),
			zone,
		);
		const item = buildCalendarItem(
			{
				subject: 'Christmas',
				start: formatEwsDateTime(range.start),
				end: formatEwsDateTime(range.end),
				isAllDay: true,
				legacyFreeBusyStatus: 'OOF',
				startTimeZoneId: windowsZoneId(zone),
				endTimeZoneId: windowsZoneId(zone),
			},
			'Exchange2010_SP2',
		);
		const parsed = parsedItem(item);
		expect(textOf(parsed.Start)).toBe('2026-12-24T00:00:00+13:00');
		expect(textOf(parsed.End)).toBe('2026-12-26T00:00:00+13:00');
		expect(childObject(parsed, 'StartTimeZone')?.['@Id']).toBe('New Zealand Standard Time');
		expect(await validateBody(createRequest(item), 'Exchange2010_SP2')).toEqual({ valid: true, errors: [] });
	});

	schemaIt('carries awkward text in subject, location and body intact', async () => {
		const text = 'R&D <lab> ]]> "A" \'B\' 📅 اجتماع פגישה';
		const item = buildCalendarItem(
			{ ...everything, subject: text, location: text, body: { type: 'Text', text: `${text}\r\n${text}` } },
			'Exchange2016',
		);
		const parsed = parsedItem(item);
		expect(textOf(parsed.Subject)).toBe(text);
		expect(textOf(parsed.Location)).toBe(text);
		expect(textOf(parsed.Body)).toBe(`${text}\r\n${text}`);
		expect(await validateBody(createRequest(item))).toEqual({ valid: true, errors: [] });
	});
});
