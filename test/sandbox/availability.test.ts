import { el } from '../../nodes/Exchange/transport/xml';
import { validateEnvelope } from '../../sandbox/schemaValidator';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { runTestControl } from '../../sandbox/testControls';
import { ParsedElement, parseXml } from '../../sandbox/xml';
import { ALICE } from './client';
import { exchange, type Request } from './ewsExchange';

/**
 * GetUserAvailability, GetServerTimeZones, GetRoomLists and GetRooms through the HTTP endpoint. Every answer
 * is also checked against the EWS schema, as a client reading it would expect.
 */

const UTC_ZONE = el(
	't:TimeZone',
	undefined,
	el('t:Bias', undefined, '0'),
	el('t:StandardTime', undefined, ...transition('0', '1', '1', 'Sunday')),
	el('t:DaylightTime', undefined, ...transition('0', '5', '12', 'Saturday')),
);

// Pacific time as Microsoft's GetUserAvailability example writes it (Bias 480, DST from the second Sunday of March).
const PACIFIC_ZONE = el(
	't:TimeZone',
	undefined,
	el('t:Bias', undefined, '480'),
	el('t:StandardTime', undefined, ...transition('0', '1', '11', 'Sunday')),
	el('t:DaylightTime', undefined, ...transition('-60', '2', '3', 'Sunday')),
);

function transition(bias: string, dayOrder: string, month: string, day: string) {
	return [
		el('t:Bias', undefined, bias),
		el('t:Time', undefined, '02:00:00'),
		el('t:DayOrder', undefined, dayOrder),
		el('t:Month', undefined, month),
		el('t:DayOfWeek', undefined, day),
	];
}

function availability(mailboxes: string[], start: string, end: string, view = 'DetailedMerged', zone: Request = UTC_ZONE, interval = 60): Request {
	return el(
		'm:GetUserAvailabilityRequest',
		undefined,
		zone,
		el(
			'm:MailboxDataArray',
			undefined,
			mailboxes.map((address) =>
				el(
					't:MailboxData',
					undefined,
					el('t:Email', undefined, el('t:Address', undefined, address)),
					el('t:AttendeeType', undefined, 'Required'),
					el('t:ExcludeConflicts', undefined, 'false'),
				),
			),
		),
		el(
			't:FreeBusyViewOptions',
			undefined,
			el('t:TimeWindow', undefined, el('t:StartTime', undefined, start), el('t:EndTime', undefined, end)),
			el('t:MergedFreeBusyIntervalInMinutes', undefined, String(interval)),
			el('t:RequestedView', undefined, view),
		),
	);
}

describe('sandbox availability and rooms', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	function control(name: string, body: object) {
		const answer = runTestControl(sandbox.store, name, JSON.stringify(body));
		expect(answer?.status).toBe(200);
		return answer?.body;
	}

	/** Sends the request and returns the operation's response element, after checking the answer against the schema. */
	async function send(request: Request, as?: typeof ALICE): Promise<{ status: number; response: ParsedElement }> {
		const answer = await exchange(sandbox, request, as);
		const valid = await validateEnvelope(answer.body);
		expect(valid.errors).toEqual([]);
		const response = parseXml(answer.body).path('s:Body')?.children()[0];
		if (!response) throw new Error(`no response element: ${answer.body}`);
		return { status: answer.status, response };
	}

	const views = (response: ParsedElement) => response.path('m:FreeBusyResponseArray')?.children('m:FreeBusyResponse') ?? [];
	const events = (view: ParsedElement | undefined) =>
		(view?.path('m:FreeBusyView', 't:CalendarEventArray')?.children('t:CalendarEvent') ?? []).map((event) => [
			event.childText('t:StartTime'),
			event.childText('t:EndTime'),
			event.childText('t:BusyType'),
			event.path('t:CalendarEventDetails', 't:Subject')?.text(),
		]);

	it('answers each mailbox in request order, a missing one with ErrorMailRecipientNotFound alone', async () => {
		// GetUserAvailability: one FreeBusyResponse per MailboxData in request order; "If the target mailbox ... cannot
		// be found, a MailRecipientNotFoundException" (ErrorMailRecipientNotFound) for that mailbox only.
		control('availability/busy', { mailbox: 'bob@contoso.com', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', subject: 'Standup' });
		control('availability/busy', { mailbox: 'bob@contoso.com', start: '2026-12-01T13:30:00Z', end: '2026-12-01T14:00:00Z', showAs: 'Tentative' });
		control('availability/busy', { mailbox: 'bob@contoso.com', start: '2026-12-03T09:00:00Z', end: '2026-12-03T10:00:00Z' });
		const { response } = await send(availability(['bob@contoso.com', 'nobody@contoso.com', 'alice@contoso.com'], '2026-12-01T08:00:00', '2026-12-01T16:00:00'));

		const [bob, nobody, alice] = views(response);
		expect(bob.path('m:ResponseMessage')?.attr('ResponseClass')).toBe('Success');
		expect(events(bob)).toEqual([
			['2026-12-01T09:00:00', '2026-12-01T10:00:00', 'Busy', 'Standup'],
			['2026-12-01T13:30:00', '2026-12-01T14:00:00', 'Tentative', ''],
		]);
		// Hourly digits from 08:00: 09-10 Busy (2), 13-14 Tentative (1).
		expect(bob.path('m:FreeBusyView', 't:MergedFreeBusy')?.text()).toBe('02000100');
		expect(nobody.path('m:ResponseMessage')?.attr('ResponseClass')).toBe('Error');
		expect(nobody.path('m:ResponseMessage', 'm:ResponseCode')?.text()).toBe('ErrorMailRecipientNotFound');
		expect(nobody.path('m:FreeBusyView', 't:FreeBusyViewType')?.text()).toBe('None');
		expect(alice.path('m:ResponseMessage', 'm:ResponseCode')?.text()).toBe('NoError');
		expect(events(alice)).toEqual([]);
	});

	it('reads the window and writes the times in the request time zone, on either side of a DST change', async () => {
		// TimeZone (Availability): the request's DateTime values are in this zone and "The DateTime values returned by
		// the Availability service are also in this time zone". US DST began on 2026-03-08.
		control('availability/busy', { mailbox: 'bob@contoso.com', start: '2026-03-06T17:00:00Z', end: '2026-03-06T18:00:00Z' });
		control('availability/busy', { mailbox: 'bob@contoso.com', start: '2026-03-09T16:00:00Z', end: '2026-03-09T17:00:00Z' });
		const { response } = await send(availability(['bob@contoso.com'], '2026-03-06T00:00:00', '2026-03-10T00:00:00', 'FreeBusy', PACIFIC_ZONE));

		expect(events(views(response)[0])).toEqual([
			['2026-03-06T09:00:00', '2026-03-06T10:00:00', 'Busy', undefined],
			['2026-03-09T09:00:00', '2026-03-09T10:00:00', 'Busy', undefined],
		]);
	});

	it('publishes working hours in the mailbox time zone, as set by the test control', async () => {
		control('availability/workingHours', {
			mailbox: 'carol@contoso.com',
			timeZone: 'W. Europe Standard Time',
			periods: [{ days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday'], start: '09:30', end: '16:00' }],
		});
		const { response } = await send(availability(['carol@contoso.com'], '2026-12-01T00:00:00', '2026-12-02T00:00:00', 'FreeBusy'));

		const hours = views(response)[0].path('m:FreeBusyView', 't:WorkingHours');
		expect(hours?.path('t:TimeZone', 't:Bias')?.text()).toBe('-60');
		expect(hours?.path('t:TimeZone', 't:DaylightTime', 't:Month')?.text()).toBe('3');
		expect(hours?.path('t:TimeZone', 't:DaylightTime', 't:DayOrder')?.text()).toBe('5');
		const period = hours?.path('t:WorkingPeriodArray', 't:WorkingPeriod');
		expect([period?.childText('t:DayOfWeek'), period?.childText('t:StartTimeInMinutes'), period?.childText('t:EndTimeInMinutes')]).toEqual([
			'Monday Tuesday Wednesday Thursday',
			'570',
			'960',
		]);
	});

	it('gives details only to who may open the calendar; others get the free/busy view', async () => {
		// Exchange's default calendar permission for other users is AvailabilityOnly: times and status, no subject.
		control('availability/busy', { mailbox: 'bob@contoso.com', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', subject: 'Private talk' });
		const { response } = await send(availability(['bob@contoso.com'], '2026-12-01T00:00:00', '2026-12-02T00:00:00', 'Detailed'), ALICE);

		const [bob] = views(response);
		expect(bob.path('m:FreeBusyView', 't:FreeBusyViewType')?.text()).toBe('FreeBusy');
		expect(events(bob)).toEqual([['2026-12-01T09:00:00', '2026-12-01T10:00:00', 'Busy', undefined]]);
	});

	it('refuses a window longer than 42 days with ErrorTimeIntervalTooBig', async () => {
		// TimeWindow: "The maximum value for this time period is 42 days ... requests ... beyond the maximum value will
		// return an error"; Exchange names it ErrorTimeIntervalTooBig.
		const answer = await exchange(sandbox, availability(['bob@contoso.com'], '2026-12-01T00:00:00', '2027-01-12T00:00:01'));
		expect(answer.status).toBe(500);
		expect(answer.body).toContain('ErrorTimeIntervalTooBig');
		const exactly42 = await exchange(sandbox, availability(['bob@contoso.com'], '2026-12-01T00:00:00', '2027-01-12T00:00:00', 'FreeBusy'));
		expect(exactly42.status).toBe(200);
	});

	it('lists server time zones, with full definitions when asked', async () => {
		const ids = el('m:Ids', undefined, el('t:Id', undefined, 'W. Europe Standard Time'), el('t:Id', undefined, 'UTC'));
		const { response } = await send(el('m:GetServerTimeZones', { ReturnFullTimeZoneData: true }, ids));

		const definitions = response.path('m:ResponseMessages', 'm:GetServerTimeZonesResponseMessage', 'm:TimeZoneDefinitions')?.children() ?? [];
		expect(definitions.map((d) => d.attr('Id'))).toEqual(['UTC', 'W. Europe Standard Time']);
		const europe = definitions[1];
		expect(europe.path('t:Periods')?.children().map((p) => [p.attr('Name'), p.attr('Bias')])).toEqual([
			['Standard', '-PT60M'],
			['Daylight', '-PT120M'],
		]);
		const toDaylight = europe.path('t:TransitionsGroups', 't:TransitionsGroup')?.children()[0];
		expect([toDaylight?.childText('t:Month'), toDaylight?.childText('t:Occurrence'), toDaylight?.childText('t:TimeOffset')]).toEqual(['3', '-1', 'PT120M']);

		const { response: short } = await send(el('m:GetServerTimeZones', undefined));
		const all = short.path('m:ResponseMessages', 'm:GetServerTimeZonesResponseMessage', 'm:TimeZoneDefinitions')?.children() ?? [];
		expect(all.length).toBeGreaterThan(2);
		expect(all.every((d) => d.children().length === 0)).toBe(true);
	});

	it('lists room lists and the rooms of one; an address that is no room list is ErrorNameResolutionNoResults', async () => {
		// GetRoomLists / GetRooms: the response element is itself the response message (ResponseClass, ResponseCode).
		const { response: lists } = await send(el('m:GetRoomLists', undefined));
		expect(lists.attr('ResponseClass')).toBe('Success');
		expect(lists.path('m:RoomLists')?.children('t:Address').map((a) => [a.childText('t:Name'), a.childText('t:EmailAddress')])).toEqual([
			['Headquarters Rooms', 'rooms@contoso.com'],
		]);

		const getRooms = (address: string) => send(el('m:GetRooms', undefined, el('m:RoomList', undefined, el('t:EmailAddress', undefined, address))));
		const { response: rooms } = await getRooms('ROOMS@contoso.com');
		expect(rooms.path('m:Rooms')?.children('t:Room').map((r) => r.path('t:Id', 't:EmailAddress')?.text())).toEqual(['room-a@contoso.com', 'room-b@contoso.com']);

		const { response: team } = await getRooms('team@contoso.com');
		expect([team.attr('ResponseClass'), team.childText('m:ResponseCode')]).toEqual(['Error', 'ErrorNameResolutionNoResults']);
	});
});
