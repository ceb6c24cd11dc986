import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { addBusy, setWorkingHours, WEEKDAYS } from '../helpers/availability';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const ROOM_A = 'room-a@contoso.com';
const ROOM_B = 'room-b@contoso.com';

function findTime(parameters: INodeParameters, timezone?: string) {
	return env.run({ parameters: { resource: 'freeBusy', operation: 'findTime', ...parameters }, timezone });
}

function slots(run: Awaited<ReturnType<typeof findTime>>): IDataObject[] {
	expect(run.error).toBeUndefined();
	return run.outputOf(NODE_NAME).map((item) => item.json);
}

const times = (found: IDataObject[]) => found.map((slot) => [slot.start, slot.end, slot.room]);

/** Alice and Bob both work 09:00-17:00 on weekdays in Central European time. */
function officeHoursInBerlin(): void {
	for (const mailbox of [ALICE, BOB]) setWorkingHours(env.sandbox, mailbox, 'W. Europe Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:00' }]);
}

describe('Free/Busy → Find a Time', () => {
	it('gives the first slots inside everyone\'s working hours where all are free and a room is, on a 15-minute grid', async () => {
		officeHoursInBerlin();
		// Tuesday 2026-12-01 in Berlin (UTC+1): Alice busy 09:00-10:00, Bob 10:00-10:45; Room A taken 10:45-12:00.
		addBusy(env.sandbox, ALICE, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z');
		addBusy(env.sandbox, BOB, '2026-12-01T09:00:00Z', '2026-12-01T09:45:00Z');
		addBusy(env.sandbox, ROOM_A, '2026-12-01T09:45:00Z', '2026-12-01T11:00:00Z');

		const found = slots(
			await findTime({
				mailboxes: `${ALICE}, ${BOB}`,
				windowStart: '2026-12-01T07:00:00',
				windowEnd: '2026-12-01T18:00:00',
				duration: 60,
				maxSlots: 3,
				options: { rooms: `${ROOM_A}, ${ROOM_B}`, timeZone: 'Europe/Berlin' },
			}),
		);

		// 10:45 is the first time both are free; Room A is busy then, Room B is free. Slots overlap on the grid.
		expect(times(found)).toEqual([
			['2026-12-01T10:45:00+01:00', '2026-12-01T11:45:00+01:00', ROOM_B],
			['2026-12-01T11:00:00+01:00', '2026-12-01T12:00:00+01:00', ROOM_B],
			['2026-12-01T11:15:00+01:00', '2026-12-01T12:15:00+01:00', ROOM_B],
		]);
		expect(found[0]).toMatchObject({ timeZone: 'Europe/Berlin', freeRooms: [ROOM_B], attendees: [ALICE, BOB] });
	});

	it('skips a day-long block and the weekend, and keeps working hours in local time across a DST change', async () => {
		officeHoursInBerlin();
		// Berlin moves to UTC+2 on Sunday 2026-03-29. Friday 27th is fully booked for Bob.
		addBusy(env.sandbox, BOB, '2026-03-27T08:00:00Z', '2026-03-27T16:00:00Z');

		const found = slots(
			await findTime({
				mailboxes: `${ALICE}, ${BOB}`,
				windowStart: '2026-03-27T00:00:00',
				windowEnd: '2026-04-01T00:00:00',
				duration: 60,
				maxSlots: 1,
				options: { skipWeekends: true, slotStepMinutes: 30 },
			}, 'Europe/Berlin'),
		);

		// Monday 09:00 in Berlin is now 07:00 UTC: working hours follow the clock, not a fixed offset.
		expect(times(found)).toEqual([['2026-03-30T09:00:00+02:00', '2026-03-30T10:00:00+02:00', null]]);
	});

	it('counts each person in their own published hours and time zone', async () => {
		// Alice works 09:00-17:00 in Berlin, Bob 09:00-17:00 in New York (15:00-23:00 Berlin): they overlap 15:00-17:00 Berlin.
		setWorkingHours(env.sandbox, ALICE, 'W. Europe Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:00' }]);
		setWorkingHours(env.sandbox, BOB, 'Eastern Standard Time', [{ days: WEEKDAYS, start: '09:00', end: '17:00' }]);

		const found = slots(
			await findTime({
				mailboxes: `${ALICE}, ${BOB}`,
				windowStart: '2026-12-01T00:00:00',
				windowEnd: '2026-12-02T00:00:00',
				duration: 60,
				maxSlots: 10,
				options: { slotStepMinutes: 30, timeZone: 'Europe/Berlin' },
			}),
		);

		expect(times(found)).toEqual([
			['2026-12-01T15:00:00+01:00', '2026-12-01T16:00:00+01:00', null],
			['2026-12-01T15:30:00+01:00', '2026-12-01T16:30:00+01:00', null],
			['2026-12-01T16:00:00+01:00', '2026-12-01T17:00:00+01:00', null],
		]);
	});

	it('lets tentative time count as free only when asked, and a daily window replace working hours', async () => {
		addBusy(env.sandbox, ALICE, '2026-12-01T07:00:00Z', '2026-12-01T08:00:00Z', { showAs: 'Tentative' });
		addBusy(env.sandbox, BOB, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', { showAs: 'WorkingElsewhere' });
		addBusy(env.sandbox, BOB, '2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z', { showAs: 'Free' });
		const base = {
			mailboxes: `${ALICE}, ${BOB}`,
			windowStart: '2026-12-01T00:00:00Z',
			windowEnd: '2026-12-02T00:00:00Z',
			duration: 30,
			maxSlots: 1,
		};

		// The sandbox's default working hours are 08:00-17:00 UTC; the daily window 07:00-12:00 replaces them.
		const strict = slots(await findTime({ ...base, options: { timeZone: 'UTC', dailyStart: '07:00', dailyEnd: '12:00' } }));
		expect(times(strict)).toEqual([['2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z', null]]);

		const lenient = slots(await findTime({ ...base, options: { timeZone: 'UTC', dailyStart: '07:00', dailyEnd: '12:00', tentativeIsFree: true } }));
		expect(times(lenient)).toEqual([['2026-12-01T07:00:00Z', '2026-12-01T07:30:00Z', null]]);
	});

	it('gives no slot when no listed room is ever free', async () => {
		addBusy(env.sandbox, ROOM_A, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z');
		const run = await findTime({
			mailboxes: ALICE,
			windowStart: '2026-12-01T00:00:00Z',
			windowEnd: '2026-12-02T00:00:00Z',
			options: { rooms: ROOM_A, timeZone: 'UTC' },
		});
		expect(slots(run)).toEqual([]);
	});

	it('fails the item naming a mailbox that does not exist, and refuses bad input before sending', async () => {
		const missing = await findTime({ mailboxes: `${ALICE}, nobody@contoso.com`, windowStart: '2026-12-01T00:00:00Z', windowEnd: '2026-12-02T00:00:00Z' });
		expect(missing.error?.message).toContain('ErrorMailRecipientNotFound');
		expect(missing.error?.message).toContain('nobody@contoso.com');

		env.sandbox.requests.length = 0;
		const halfWindow = await findTime({
			mailboxes: ALICE,
			windowStart: '2026-12-01T00:00:00Z',
			windowEnd: '2026-12-02T00:00:00Z',
			options: { dailyStart: '09:00' },
		});
		expect(halfWindow.error?.message).toContain('"Daily Window End"');
		const badStep = await findTime({
			mailboxes: ALICE,
			windowStart: '2026-12-01T00:00:00Z',
			windowEnd: '2026-12-02T00:00:00Z',
			options: { slotStepMinutes: 0 },
		});
		expect(badStep.error?.message).toContain('"Slot Step (Minutes)"');
		expect(env.sandbox.requests).toHaveLength(0);
	});
});
