import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { addBusy, setWorkingHours, WEEKDAYS } from '../helpers/availability';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const ROOM_A = 'room-a@contoso.com';

function getFreeBusy(parameters: INodeParameters, timezone?: string) {
	return env.run({ parameters: { resource: 'freeBusy', operation: 'get', ...parameters }, timezone });
}

function outputs(run: Awaited<ReturnType<typeof getFreeBusy>>): IDataObject[] {
	expect(run.error).toBeUndefined();
	return run.outputOf(NODE_NAME).map((item) => item.json);
}

function availabilityRequests() {
	return env.sandbox.requests.filter((request) => request.operation === 'GetUserAvailabilityRequest');
}

describe('Free/Busy → Get', () => {
	it('gives each mailbox its events and merged busy blocks in the chosen time zone, with working hours', async () => {
		addBusy(env.sandbox, BOB, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z');
		addBusy(env.sandbox, BOB, '2026-12-01T09:30:00Z', '2026-12-01T11:00:00Z', { showAs: 'Tentative' });
		addBusy(env.sandbox, BOB, '2026-12-01T14:00:00Z', '2026-12-01T15:00:00Z', { showAs: 'Free' });
		addBusy(env.sandbox, ROOM_A, '2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z', { showAs: 'OOF' });
		setWorkingHours(env.sandbox, BOB, 'W. Europe Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:30' }]);

		const [bob, room] = outputs(
			await getFreeBusy({
				mailboxes: `${BOB}, ${ROOM_A}`,
				windowStart: '2026-12-01T00:00:00',
				windowEnd: '2026-12-02T00:00:00',
				options: { timeZone: 'Europe/Berlin' },
			}),
		);

		expect(bob).toEqual({
			mailbox: BOB,
			timeZone: 'Europe/Berlin',
			events: [
				{ start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T11:00:00+01:00', showAs: 'busy' },
				{ start: '2026-12-01T10:30:00+01:00', end: '2026-12-01T12:00:00+01:00', showAs: 'tentative' },
				{ start: '2026-12-01T15:00:00+01:00', end: '2026-12-01T16:00:00+01:00', showAs: 'free' },
			],
			// Busy and Tentative overlap into one block; Free time is no block.
			busyBlocks: [{ start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T12:00:00+01:00' }],
			workingHours: {
				utcOffsetMinutes: 60,
				observesDaylightTime: true,
				periods: [{ days: WEEKDAYS, start: '09:00', end: '17:30' }],
			},
		});
		expect(room).toMatchObject({
			mailbox: ROOM_A,
			events: [{ start: '2026-12-01T13:00:00+01:00', end: '2026-12-01T14:00:00+01:00', showAs: 'outOfOffice' }],
			busyBlocks: [{ start: '2026-12-01T13:00:00+01:00', end: '2026-12-01T14:00:00+01:00' }],
		});
		// One request for both mailboxes, asked in UTC.
		expect(availabilityRequests()).toHaveLength(1);
	});

	it('names the error of a mailbox that does not exist and answers the others', async () => {
		addBusy(env.sandbox, ALICE, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z');
		const [alice, nobody, bob] = outputs(
			await getFreeBusy({
				mailboxes: `${ALICE}, nobody@contoso.com, ${BOB}`,
				windowStart: '2026-12-01T00:00:00Z',
				windowEnd: '2026-12-02T00:00:00Z',
				options: { timeZone: 'UTC' },
			}),
		);

		expect(alice).toMatchObject({ mailbox: ALICE, busyBlocks: [{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z' }] });
		expect(nobody).toEqual({
			mailbox: 'nobody@contoso.com',
			code: 'ErrorMailRecipientNotFound',
			error: expect.stringContaining('ErrorMailRecipientNotFound'),
		});
		expect(bob).toMatchObject({ mailbox: BOB, events: [], busyBlocks: [] });
	});

	it('splits a window longer than 42 days into several requests and keeps an event across a boundary once', async () => {
		// Exchange refuses a TimeWindow over 42 days (ErrorTimeIntervalTooBig): 91 days take three requests.
		addBusy(env.sandbox, BOB, '2026-11-02T09:00:00Z', '2026-11-02T10:00:00Z');
		// The first piece ends 42 days after 2026-11-01T00:00Z, at 2026-12-13T00:00Z: this block spans it.
		addBusy(env.sandbox, BOB, '2026-12-12T22:00:00Z', '2026-12-13T02:00:00Z', { showAs: 'OOF' });
		addBusy(env.sandbox, BOB, '2027-01-30T09:00:00Z', '2027-01-30T10:00:00Z');

		const [bob] = outputs(
			await getFreeBusy({ mailboxes: BOB, windowStart: '2026-11-01T00:00:00Z', windowEnd: '2027-01-31T00:00:00Z', options: { timeZone: 'UTC' } }),
		);

		expect(availabilityRequests()).toHaveLength(3);
		expect(bob.events).toEqual([
			{ start: '2026-11-02T09:00:00Z', end: '2026-11-02T10:00:00Z', showAs: 'busy' },
			{ start: '2026-12-12T22:00:00Z', end: '2026-12-13T02:00:00Z', showAs: 'outOfOffice' },
			{ start: '2027-01-30T09:00:00Z', end: '2027-01-30T10:00:00Z', showAs: 'busy' },
		]);
	});

	it('includes subject and location when asked, where the account may see them', async () => {
		addBusy(env.sandbox, BOB, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', { subject: 'Budget review', location: 'Room 101' });
		addBusy(env.sandbox, ROOM_A, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', { subject: 'Board meeting' });

		const [bob, room] = outputs(
			await getFreeBusy({ mailboxes: `${BOB}, ${ROOM_A}`, windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z', options: { includeDetails: true, timeZone: 'UTC' } }),
		);

		expect(bob.events).toEqual([{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', showAs: 'busy', subject: 'Budget review', location: 'Room 101' }]);
		// The service account has no access to Room A's calendar: Exchange gives times and status only.
		expect(room.events).toEqual([{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', showAs: 'busy' }]);
	});

	it('shows times on both sides of a DST change with the offset of each', async () => {
		// New York moves from -05:00 to -04:00 on 2026-03-08.
		addBusy(env.sandbox, BOB, '2026-03-06T14:00:00Z', '2026-03-06T15:00:00Z');
		addBusy(env.sandbox, BOB, '2026-03-09T13:00:00Z', '2026-03-09T14:00:00Z');

		const [bob] = outputs(await getFreeBusy({ mailboxes: BOB, windowStart: '2026-03-06T00:00:00', windowEnd: '2026-03-10T00:00:00' }, 'America/New_York'));

		expect(bob.busyBlocks).toEqual([
			{ start: '2026-03-06T09:00:00-05:00', end: '2026-03-06T10:00:00-05:00' },
			{ start: '2026-03-09T09:00:00-04:00', end: '2026-03-09T10:00:00-04:00' },
		]);
	});

	it('refuses a window whose end is not after its start, naming the fields, and sends nothing', async () => {
		const run = await getFreeBusy({ mailboxes: BOB, windowStart: '2026-12-02T00:00:00Z', windowEnd: '2026-12-01T00:00:00Z' });

		expect(run.error?.message).toContain('"Window End"');
		expect(run.error?.message).toContain('"Window Start"');
		expect(availabilityRequests()).toHaveLength(0);
	});
});
