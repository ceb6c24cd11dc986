import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { addBusy, setWorkingHours, WEEKDAYS } from '../helpers/availability';
import { NODE_NAME } from '../helpers/exchangeWorkflow';
import { GRAPH_APP, useGraphSandbox } from '../helpers/graphWorkflow';
import type { WorkflowRun } from '../helpers/workflowRunner';

/**
 * Free/Busy → Get and Find a Time over Microsoft Graph (getSchedule), beside the same workflows over EWS
 * (GetUserAvailability) against the same calendars and working hours in the sandbox's store.
 */

const env = useGraphSandbox();

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const ROOM_A = 'room-a@contoso.com';
const ROOM_B = 'room-b@contoso.com';
/** App-only access names the mailbox whose calendar getSchedule runs in; EWS impersonates the same one. */
const MAILBOX = 'svc-n8n@contoso.com';

const parameters = (operation: 'get' | 'findTime', more: INodeParameters): INodeParameters => ({ resource: 'freeBusy', operation, mailbox: MAILBOX, ...more });

function outputs(run: WorkflowRun): IDataObject[] {
	expect(run.error).toBeUndefined();
	return run.outputOf(NODE_NAME).map((item) => item.json);
}

async function bothApis(operation: 'get' | 'findTime', more: INodeParameters) {
	const graph = outputs(await env.run({ parameters: parameters(operation, more) }));
	const ews = outputs(await env.runEws({ parameters: parameters(operation, more) }));
	return { graph, ews };
}

const scheduleRequests = () => env.sandbox.requests.filter((request) => request.api === 'graph' && request.path.endsWith('/calendar/getSchedule'));

describe('Free/Busy → Get over Microsoft Graph', () => {
	it('gives each mailbox its events, busy blocks and working hours, as over EWS', async () => {
		addBusy(env.sandbox, BOB, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z');
		addBusy(env.sandbox, BOB, '2026-12-01T09:30:00Z', '2026-12-01T11:00:00Z', { showAs: 'Tentative' });
		addBusy(env.sandbox, BOB, '2026-12-01T14:00:00Z', '2026-12-01T15:00:00Z', { showAs: 'Free' });
		addBusy(env.sandbox, ROOM_A, '2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z', { showAs: 'OOF' });
		setWorkingHours(env.sandbox, BOB, 'W. Europe Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:30' }]);

		const { graph, ews } = await bothApis('get', {
			mailboxes: `${BOB}, ${ROOM_A}, nobody@contoso.com`,
			windowStart: '2026-12-01T00:00:00',
			windowEnd: '2026-12-02T00:00:00',
			options: { timeZone: 'Europe/Berlin' },
		});

		expect(graph[0]).toEqual({
			mailbox: BOB,
			timeZone: 'Europe/Berlin',
			events: [
				{ start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T11:00:00+01:00', showAs: 'busy' },
				{ start: '2026-12-01T10:30:00+01:00', end: '2026-12-01T12:00:00+01:00', showAs: 'tentative' },
				{ start: '2026-12-01T15:00:00+01:00', end: '2026-12-01T16:00:00+01:00', showAs: 'free' },
			],
			busyBlocks: [{ start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T12:00:00+01:00' }],
			workingHours: { utcOffsetMinutes: 60, observesDaylightTime: true, periods: [{ days: WEEKDAYS, start: '09:00', end: '17:30' }] },
		});
		expect(graph[1]).toMatchObject({ mailbox: ROOM_A, events: [{ start: '2026-12-01T13:00:00+01:00', end: '2026-12-01T14:00:00+01:00', showAs: 'outOfOffice' }] });
		expect(graph[2]).toEqual({ mailbox: 'nobody@contoso.com', code: 'ErrorMailRecipientNotFound', error: expect.stringContaining('nobody@contoso.com') });
		expect(graph).toEqual(ews);
		// One getSchedule for the three, in the calendar of the Mailbox parameter, the window in UTC.
		const [request] = scheduleRequests();
		expect(scheduleRequests()).toHaveLength(1);
		expect(decodeURIComponent(request.path)).toBe(`/v1.0/users/${MAILBOX}/calendar/getSchedule`);
		expect(JSON.parse(request.body)).toEqual({
			schedules: [BOB, ROOM_A, 'nobody@contoso.com'],
			startTime: { dateTime: '2026-11-30T23:00:00', timeZone: 'UTC' },
			endTime: { dateTime: '2026-12-01T23:00:00', timeZone: 'UTC' },
			availabilityViewInterval: 30,
		});
	});

	it('asks for a window of 91 days in two pieces under Graph\'s 62 days and keeps an event across the boundary once, as over EWS', async () => {
		addBusy(env.sandbox, BOB, '2026-11-02T09:00:00Z', '2026-11-02T10:00:00Z');
		// The first piece ends 61 days after 2026-11-01T00:00Z, at 2027-01-01T00:00Z: this block spans it.
		addBusy(env.sandbox, BOB, '2026-12-31T22:00:00Z', '2027-01-01T02:00:00Z', { showAs: 'OOF' });
		addBusy(env.sandbox, BOB, '2027-01-30T09:00:00Z', '2027-01-30T10:00:00Z');

		const { graph, ews } = await bothApis('get', { mailboxes: BOB, windowStart: '2026-11-01T00:00:00Z', windowEnd: '2027-01-31T00:00:00Z', options: { timeZone: 'UTC' } });

		expect(scheduleRequests().map((request) => JSON.parse(request.body).endTime.dateTime)).toEqual(['2027-01-01T00:00:00', '2027-01-31T00:00:00']);
		expect(graph[0].events).toEqual([
			{ start: '2026-11-02T09:00:00Z', end: '2026-11-02T10:00:00Z', showAs: 'busy' },
			{ start: '2026-12-31T22:00:00Z', end: '2027-01-01T02:00:00Z', showAs: 'outOfOffice' },
			{ start: '2027-01-30T09:00:00Z', end: '2027-01-30T10:00:00Z', showAs: 'busy' },
		]);
		expect(graph).toEqual(ews);
	});

	it('asks for more than 20 mailboxes in several requests, each mailbox answered in order', async () => {
		addBusy(env.sandbox, BOB, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z');
		const unknown = Array.from({ length: 20 }, (_, index) => `nobody${index}@contoso.com`);

		const output = outputs(
			await env.run({ parameters: parameters('get', { mailboxes: [...unknown, BOB].join(', '), windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z', options: { timeZone: 'UTC' } }) }),
		);

		expect(scheduleRequests().map((request) => JSON.parse(request.body).schedules.length)).toEqual([20, 1]);
		expect(output.map((item) => item.mailbox)).toEqual([...unknown, BOB]);
		expect(output[20]).toMatchObject({ busyBlocks: [{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z' }] });
	});

	it('includes subject and location when asked, which an app with a calendar permission may see in every calendar', async () => {
		addBusy(env.sandbox, ROOM_A, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', { subject: 'Board meeting', location: 'Room A' });
		const more = { mailboxes: ROOM_A, windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z' };

		const [detailed] = outputs(await env.run({ parameters: parameters('get', { ...more, options: { includeDetails: true, timeZone: 'UTC' } }) }));
		const [plain] = outputs(await env.run({ parameters: parameters('get', { ...more, options: { timeZone: 'UTC' } }) }));

		expect(detailed.events).toEqual([{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', showAs: 'busy', subject: 'Board meeting', location: 'Room A' }]);
		expect(plain.events).toEqual([{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', showAs: 'busy' }]);
	});

	it('asks for the Mailbox with app-only access, and names Calendars.Read when the app lacks it', async () => {
		const window = { mailboxes: BOB, windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z' };
		const withoutMailbox = await env.run({ parameters: parameters('get', { ...window, mailbox: '' }) });
		expect(withoutMailbox.error?.message).toContain('"Mailbox"');

		const withoutPermission = await env.run({ parameters: parameters('get', window), credential: { accessToken: env.appToken(['Place.Read.All', 'User.Read.All']) } });
		expect(withoutPermission.error?.message).toContain('Access is denied');
		expect(withoutPermission.error?.description).toContain('Calendars.Read or Calendars.ReadBasic');
	});

	it('runs in the signed-in user\'s own calendar with a delegated token, details only where the user may see them', async () => {
		addBusy(env.sandbox, ALICE, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', { subject: 'Dentist' });
		addBusy(env.sandbox, BOB, '2026-12-01T11:00:00Z', '2026-12-01T12:00:00Z', { subject: 'Interview' });

		const [alice, bob] = outputs(
			await env.run({
				parameters: parameters('get', { mailbox: '', mailboxes: `${ALICE}, ${BOB}`, windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z', options: { includeDetails: true, timeZone: 'UTC' } }),
				credential: { accessToken: env.delegatedToken(ALICE, ['Calendars.Read']) },
			}),
		);

		expect(scheduleRequests().map((request) => request.path)).toEqual(['/v1.0/me/calendar/getSchedule']);
		expect(alice.events).toEqual([{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', showAs: 'busy', subject: 'Dentist', location: '' }]);
		expect(bob.events).toEqual([{ start: '2026-12-01T11:00:00Z', end: '2026-12-01T12:00:00Z', showAs: 'busy' }]);
	});

	it('explains an application access policy that keeps the app from the Mailbox, not a permission', async () => {
		env.identity.graphAccessPolicies = [{ appId: GRAPH_APP.clientId, accessRight: 'RestrictAccess', mailboxes: ['team@contoso.com'] }];

		const run = await env.run({ parameters: parameters('get', { mailboxes: BOB, windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z' }) });

		expect(run.error?.message).toContain('AccessPolicy');
		expect(run.error?.description).toContain('Test-ApplicationAccessPolicy');
		expect(run.error?.description).not.toContain('Calendars.Read or Calendars.ReadBasic');
	});
});

describe('Free/Busy → Find a Time over Microsoft Graph', () => {
	it('gives the same slots as over EWS: working hours, busy people, and the first free room', async () => {
		for (const mailbox of [ALICE, BOB]) setWorkingHours(env.sandbox, mailbox, 'W. Europe Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:00' }]);
		addBusy(env.sandbox, ALICE, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z');
		addBusy(env.sandbox, BOB, '2026-12-01T09:00:00Z', '2026-12-01T09:45:00Z');
		addBusy(env.sandbox, ROOM_A, '2026-12-01T09:45:00Z', '2026-12-01T11:00:00Z');

		const { graph, ews } = await bothApis('findTime', {
			mailboxes: `${ALICE}, ${BOB}`,
			windowStart: '2026-12-01T07:00:00',
			windowEnd: '2026-12-02T18:00:00',
			duration: 60,
			maxSlots: 3,
			options: { rooms: `${ROOM_A}, ${ROOM_B}`, timeZone: 'Europe/Berlin' },
		});

		expect(graph.map((slot) => [slot.start, slot.end, slot.room])).toEqual([
			['2026-12-01T10:45:00+01:00', '2026-12-01T11:45:00+01:00', ROOM_B],
			['2026-12-01T11:00:00+01:00', '2026-12-01T12:00:00+01:00', ROOM_B],
			['2026-12-01T11:15:00+01:00', '2026-12-01T12:15:00+01:00', ROOM_B],
		]);
		expect(graph).toEqual(ews);
	});

	it('keeps each person in their own published hours and zone across a DST change, as over EWS', async () => {
		setWorkingHours(env.sandbox, ALICE, 'W. Europe Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:00' }]);
		setWorkingHours(env.sandbox, BOB, 'Eastern Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:00' }]);

		// New York moves to daylight time on 2026-03-08, Berlin on 2026-03-29: the overlap is two hours, then three.
		const { graph, ews } = await bothApis('findTime', {
			mailboxes: `${ALICE}, ${BOB}`,
			windowStart: '2026-03-06T00:00:00',
			windowEnd: '2026-03-10T00:00:00',
			duration: 120,
			maxSlots: 2,
			options: { slotStepMinutes: 60, timeZone: 'Europe/Berlin', skipWeekends: true },
		});

		expect(graph.map((slot) => [slot.start, slot.end])).toEqual([
			['2026-03-06T15:00:00+01:00', '2026-03-06T17:00:00+01:00'],
			['2026-03-09T14:00:00+01:00', '2026-03-09T16:00:00+01:00'],
		]);
		expect(graph).toEqual(ews);
	});

	it('fails the item naming a mailbox Graph cannot resolve', async () => {
		const run = await env.run({
			parameters: parameters('findTime', { mailboxes: `${ALICE}, nobody@contoso.com`, windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z', duration: 30 }),
		});

		expect(run.error?.message).toContain('ErrorMailRecipientNotFound');
		expect(run.error?.message).toContain('(mailbox "nobody@contoso.com")');
	});
});
