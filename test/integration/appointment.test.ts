import { DateTime } from 'luxon';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { childObject } from '../helpers/xmlObjects';
import type { StoredCalendarItem } from '../../sandbox/store';
import { NODE_NAME, soapParts, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';
import { schemaIt } from '../helpers/schemaIt';

const env = useExchangeSandbox();

const SVC = 'svc-n8n@contoso.com';
const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const ROOM = 'room-101@contoso.com';

function create(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({
		parameters: { resource: 'appointment', operation: 'create', subject: 'Planning', start: '2026-12-01T09:00:00+01:00', ...parameters },
		...options,
	});
}

/** The one appointment the run stored, in the calendar of `mailbox`. */
function onlyCalendarItem(mailbox = SVC): StoredCalendarItem {
	const items = env.sandbox.store.mailbox(mailbox).folder('calendar').calendarItems();
	expect(items).toHaveLength(1);
	return items[0];
}

function instants(item: StoredCalendarItem): { start?: string; end?: string } {
	return { start: item.start?.instant.toISOString(), end: item.end?.instant.toISOString() };
}

function meetingRequestsIn(mailbox: string): string[] {
	return env.sandbox.store
		.mailbox(mailbox)
		.folder('inbox')
		.meetingRequests()
		.map((request) => request.subject ?? '');
}

function outputJson(run: Awaited<ReturnType<typeof create>>): IDataObject {
	expect(run.error).toBeUndefined();
	return run.outputOf(NODE_NAME)[0].json;
}

describe('Appointment → Create times', () => {
	it('stores a start with offset and its duration as the right instants, with the zone as a Windows id', async () => {
		const json = outputJson(await create({ duration: 45, options: { timeZone: 'Europe/Berlin' } }));

		const item = onlyCalendarItem();
		expect(instants(item)).toEqual({ start: '2026-12-01T08:00:00.000Z', end: '2026-12-01T08:45:00.000Z' });
		expect([item.startTimeZone, item.endTimeZone]).toEqual(['W. Europe Standard Time', 'W. Europe Standard Time']);
		// Explicit offsets, so no server reads the times in a zone of its own choosing.
		expect([item.start?.raw, item.end?.raw]).toEqual(['2026-12-01T09:00:00+01:00', '2026-12-01T09:45:00+01:00']);
		expect(json).toMatchObject({ start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T09:45:00+01:00', timeZone: 'Europe/Berlin' });
	});

	it('expresses a start given in another offset in the chosen zone', async () => {
		const json = outputJson(await create({ start: '2026-07-01T09:00:00Z', options: { timeZone: 'Europe/Berlin' } }));

		expect(instants(onlyCalendarItem())).toEqual({ start: '2026-07-01T09:00:00.000Z', end: '2026-07-01T09:30:00.000Z' });
		expect(json).toMatchObject({ start: '2026-07-01T11:00:00+02:00', end: '2026-07-01T11:30:00+02:00' });
	});

	it('reads a start without offset in the Time Zone option', async () => {
		const json = outputJson(await create({ start: '2026-07-01T09:00:00', options: { timeZone: 'America/New_York' } }));

		const item = onlyCalendarItem();
		expect(instants(item)).toEqual({ start: '2026-07-01T13:00:00.000Z', end: '2026-07-01T13:30:00.000Z' });
		expect(item.startTimeZone).toBe('Eastern Standard Time');
		expect(json).toMatchObject({ start: '2026-07-01T09:00:00-04:00', timeZone: 'America/New_York' });
	});

	it('reads a start without offset in the workflow time zone when no Time Zone is set', async () => {
		const json = outputJson(await create({ start: '2026-07-01T09:00:00' }, { timezone: 'Asia/Tokyo' }));

		const item = onlyCalendarItem();
		expect(instants(item)).toEqual({ start: '2026-07-01T00:00:00.000Z', end: '2026-07-01T00:30:00.000Z' });
		expect(item.startTimeZone).toBe('Tokyo Standard Time');
		expect(json).toMatchObject({ start: '2026-07-01T09:00:00+09:00', timeZone: 'Asia/Tokyo' });
	});

	it('takes an n8n DateTime from an expression as its instant', async () => {
		const json = outputJson(
			await create(
				{ start: '={{ DateTime.fromISO("2026-12-01T09:00:00", { zone: "America/Chicago" }) }}', options: { timeZone: 'Europe/Berlin' } },
			),
		);

		expect(instants(onlyCalendarItem())).toEqual({ start: '2026-12-01T15:00:00.000Z', end: '2026-12-01T15:30:00.000Z' });
		expect(json).toMatchObject({ start: '2026-12-01T16:00:00+01:00', timeZone: 'Europe/Berlin' });
	});

	it('takes the End option instead of the duration', async () => {
		const json = outputJson(
			await create({ start: '2026-03-28T10:00:00', duration: 15, options: { end: '2026-03-29T10:00:00', timeZone: 'Europe/Berlin' } }),
		);

		// The night to 29 March 2026 switches Berlin to summer time: the span is 23 hours, not 24.
		expect(instants(onlyCalendarItem())).toEqual({ start: '2026-03-28T09:00:00.000Z', end: '2026-03-29T08:00:00.000Z' });
		expect(json).toMatchObject({ start: '2026-03-28T10:00:00+01:00', end: '2026-03-29T10:00:00+02:00' });
	});
});

describe('Appointment → Create all-day events', () => {
	/** The stored span as local dates in `zone`, checking that both ends fall on midnight there. */
	function localDays(item: StoredCalendarItem, zone: string): string[] {
		const start = DateTime.fromJSDate(item.start!.instant, { zone });
		const end = DateTime.fromJSDate(item.end!.instant, { zone });
		expect(start.equals(start.startOf('day'))).toBe(true);
		expect(end.equals(end.startOf('day'))).toBe(true);
		const days: string[] = [];
		for (let day = start; day < end; day = day.plus({ days: 1 })) days.push(day.toISODate()!);
		return days;
	}

	it('lands on the right day in America/Los_Angeles', async () => {
		const json = outputJson(
			await create({ start: '2026-03-09T08:00:00', options: { isAllDay: true, timeZone: 'America/Los_Angeles' } }),
		);

		const item = onlyCalendarItem();
		expect(item.isAllDayEvent).toBe(true);
		expect(item.startTimeZone).toBe('Pacific Standard Time');
		expect(localDays(item, 'America/Los_Angeles')).toEqual(['2026-03-09']);
		expect(json).toMatchObject({ start: '2026-03-09T00:00:00-07:00', end: '2026-03-10T00:00:00-07:00' });
	});

	it('spans the right days in Pacific/Auckland across the end of daylight saving time', async () => {
		outputJson(
			await create({
				start: '2026-04-04',
				options: { isAllDay: true, end: '2026-04-06', timeZone: 'Pacific/Auckland' },
			}),
		);

		const item = onlyCalendarItem();
		expect(item.startTimeZone).toBe('New Zealand Standard Time');
		expect(localDays(item, 'Pacific/Auckland')).toEqual(['2026-04-04', '2026-04-05']);
		// 5 April 2026 has 25 hours in Auckland.
		expect(instants(item)).toEqual({ start: '2026-04-03T11:00:00.000Z', end: '2026-04-05T12:00:00.000Z' });
	});
});

describe('Appointment → Create invitations', () => {
	const invited = { requiredAttendees: `${ALICE}, ${BOB}`, optionalAttendees: CAROL, resources: ROOM };

	it('sends nothing by default when there is no one to invite', async () => {
		const json = outputJson(await create({}));

		expect(onlyCalendarItem().invitationsSent).toBe('SendToNone');
		expect(env.sandbox.store.deliveries).toEqual([]);
		expect(json.invitationsSent).toBe(false);
	});

	it('by default sends invitations to attendees and the room and keeps a copy', async () => {
		const withAttendees = outputJson(await create({ subject: 'Kick-off', location: 'Room 101', options: invited }));

		const item = onlyCalendarItem();
		expect(item.invitationsSent).toBe('SendToAllAndSaveCopy');
		expect(item.requiredAttendees.map((a) => a.address)).toEqual([ALICE, BOB]);
		expect(item.optionalAttendees.map((a) => a.address)).toEqual([CAROL]);
		expect(item.resources.map((a) => a.address)).toEqual([ROOM]);
		for (const mailbox of [ALICE, BOB, CAROL, ROOM]) expect(meetingRequestsIn(mailbox)).toEqual(['Kick-off']);
		expect(env.sandbox.store.deliveries.map((d) => d.recipient)).toEqual([ALICE, BOB, CAROL, ROOM]);
		expect(env.sandbox.store.mailbox(SVC).folder('sentitems').meetingRequests()).toHaveLength(1);
		expect(withAttendees).toMatchObject({ requiredAttendees: [ALICE, BOB], optionalAttendees: [CAROL], invitationsSent: true });
	});

	it('sends no invitations when told not to, but keeps the attendees on the appointment', async () => {
		const json = outputJson(await create({ options: { ...invited, sendInvitations: 'none' } }));

		const item = onlyCalendarItem();
		expect(item.invitationsSent).toBe('SendToNone');
		expect(item.requiredAttendees.map((a) => a.address)).toEqual([ALICE, BOB]);
		expect(env.sandbox.store.deliveries).toEqual([]);
		for (const mailbox of [ALICE, BOB, CAROL, ROOM]) expect(meetingRequestsIn(mailbox)).toEqual([]);
		expect(json.invitationsSent).toBe(false);
	});

	it('sends to all without a copy when asked', async () => {
		const json = outputJson(await create({ options: { requiredAttendees: ALICE, sendInvitations: 'toAll' } }));

		expect(onlyCalendarItem().invitationsSent).toBe('SendOnlyToAll');
		expect(meetingRequestsIn(ALICE)).toEqual(['Planning']);
		expect(env.sandbox.store.mailbox(SVC).folder('sentitems').items).toEqual([]);
		expect(json.invitationsSent).toBe(true);
	});
});

describe('Appointment → Create properties', () => {
	it('turns a reminder of 0 into no reminder', async () => {
		outputJson(await create({ options: { reminderMinutes: 0 } }));

		expect(onlyCalendarItem().reminderIsSet).toBe(false);
	});

	it('sets a reminder of some minutes', async () => {
		outputJson(await create({ options: { reminderMinutes: 10 } }));

		const item = onlyCalendarItem();
		expect(item.reminderIsSet).toBe(true);
		expect(item.reminderMinutesBeforeStart).toBe(10);
	});

	it.each([
		['tentative', 'Tentative'],
		['outOfOffice', 'OOF'],
		['free', 'Free'],
		['workingElsewhere', 'WorkingElsewhere'],
	])('stores Show As %s as %s', async (showAs, stored) => {
		outputJson(await create({ options: { showAs } }));

		expect(onlyCalendarItem().legacyFreeBusyStatus).toBe(stored);
	});

	it('stores sensitivity, categories, location and an HTML body', async () => {
		const json = outputJson(
			await create({
				location: 'Room 101 <north wing> & "annex"',
				options: { sensitivity: 'private', categories: 'Planning, Q4', body: '<p>Agenda &amp; notes</p>', bodyType: 'html' },
			}),
		);

		const item = onlyCalendarItem();
		expect(item.sensitivity).toBe('Private');
		expect(item.categories).toEqual(['Planning', 'Q4']);
		expect(item.location).toBe('Room 101 <north wing> & "annex"');
		expect(item.body).toEqual({ type: 'HTML', text: '<p>Agenda &amp; notes</p>' });
		expect(json.location).toBe('Room 101 <north wing> & "annex"');
	});

	it('returns the id and change key Exchange stored, with times, zone and attendees, paired to the input', async () => {
		const run = await create(
			{ subject: '={{ $json.subject }}', options: { requiredAttendees: '={{ $json.who }}', timeZone: 'Europe/Berlin' } },
			{ items: [{ json: { subject: 'First', who: ALICE } }, { json: { subject: 'Second', who: BOB } }] },
		);

		expect(run.error).toBeUndefined();
		const items = env.sandbox.store.mailbox(SVC).folder('calendar').calendarItems();
		expect(run.outputOf(NODE_NAME)).toEqual(
			items.map((item, index) => ({
				json: {
					id: item.id,
					changeKey: item.changeKey,
					mailbox: SVC,
					subject: ['First', 'Second'][index],
					start: '2026-12-01T09:00:00+01:00',
					end: '2026-12-01T09:30:00+01:00',
					timeZone: 'Europe/Berlin',
					location: '',
					requiredAttendees: [[ALICE], [BOB]][index],
					optionalAttendees: [],
					invitationsSent: true,
				},
				pairedItem: { item: index },
			})),
		);
		expect(items).toHaveLength(2);
	});
});

describe('Appointment → Create in other mailboxes and versions', () => {
	it('creates the appointment in a delegate calendar without impersonation', async () => {
		const json = outputJson(await create({ mailbox: BOB }, { credential: { impersonation: false } }));

		const item = onlyCalendarItem(BOB);
		expect(item.organizer.address).toBe(BOB);
		expect(env.sandbox.store.mailbox(SVC).folder('calendar').items).toEqual([]);
		const [request] = env.createItemRequests();
		expect(request.impersonatedMailbox).toBeUndefined();
		expect(childObject(soapParts(request).header, 'ExchangeImpersonation')).toBeUndefined();
		expect(request.anchorMailbox).toBe(BOB);
		expect(json).toMatchObject({ mailbox: BOB, id: item.id });
	});

	it('creates the appointment in an impersonated mailbox', async () => {
		outputJson(await create({ mailbox: ALICE, options: { requiredAttendees: BOB } }, { credential: { impersonation: true } }));

		expect(onlyCalendarItem(ALICE).organizer.address).toBe(ALICE);
		expect(env.createItemRequests()[0].impersonatedMailbox).toBe(ALICE);
		expect(env.sandbox.store.deliveries.map((d) => [d.sender, d.recipient])).toEqual([[ALICE, BOB]]);
	});

	schemaIt('creates an appointment with Exchange2010_SP2, validated against the 2010 SP2 schema', async () => {
		outputJson(await create({ options: { showAs: 'outOfOffice' } }, { credential: { version: 'Exchange2010_SP2' } }));

		expect(onlyCalendarItem().legacyFreeBusyStatus).toBe('OOF');
		expect(env.createItemRequests().map((r) => [r.requestedVersion, r.schema])).toEqual([
			['Exchange2010_SP2', { valid: true, errors: [] }],
		]);
	});
});
