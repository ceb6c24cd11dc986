import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';
import { ALICE, BOB, CAROL, SVC, attendeeCopy, contents, plainMessage, sentMeeting } from '../helpers/meetings';

const env = useExchangeSandbox();

const CONTINUE = { onError: 'continueRegularOutput' as const };

function update(appointmentId: string, updateFields: INodeParameters, parameters: INodeParameters = {}) {
	return env.run({
		parameters: { resource: 'appointment', operation: 'update', mailbox: ALICE, appointmentId, updateFields, ...parameters },
	});
}

function outputJson(run: Awaited<ReturnType<typeof update>>): IDataObject {
	expect(run.error).toBeUndefined();
	return run.outputOf(NODE_NAME)[0].json;
}

function requestTypes(mailbox: string): string[] {
	return env.sandbox.store
		.mailbox(mailbox)
		.folder('inbox')
		.meetingRequests()
		.map((request) => request.meetingRequestType ?? 'NewMeetingRequest');
}

describe('Appointment → Update', () => {
	it('moves a meeting keeping its length, tells every attendee and outputs the updated meeting', async () => {
		const meeting = sentMeeting(env.sandbox);
		const json = outputJson(
			await update(meeting.id, { start: '2026-12-01T14:00:00', location: 'Room 7' }, { options: { timeZone: 'Europe/Berlin' } }),
		);

		expect(meeting.start?.instant.toISOString()).toBe('2026-12-01T13:00:00.000Z');
		expect(meeting.end?.instant.toISOString()).toBe('2026-12-01T14:00:00.000Z');
		expect(meeting.startTimeZone).toBe('W. Europe Standard Time');
		expect(meeting.location).toBe('Room 7');
		for (const attendee of [BOB, CAROL]) {
			expect(requestTypes(attendee)).toEqual(['NewMeetingRequest', 'FullUpdate']);
			expect(attendeeCopy(env.sandbox, attendee, meeting)?.start?.instant.toISOString()).toBe('2026-12-01T13:00:00.000Z');
		}
		expect(env.sandbox.store.deliveries.map((d) => d.recipient)).toEqual([BOB, CAROL]);
		expect(json).toMatchObject({
			id: meeting.id,
			changeKey: meeting.changeKey,
			subject: 'Review',
			start: '2026-12-01T14:00:00+01:00',
			end: '2026-12-01T15:00:00+01:00',
			timeZone: 'Europe/Berlin',
			location: 'Room 7',
			organizer: { address: ALICE },
			requiredAttendees: [BOB],
			optionalAttendees: [CAROL],
		});
	});

	it('sets subject, body, reminder, show-as and categories, and with None tells nobody', async () => {
		const meeting = sentMeeting(env.sandbox);
		const json = outputJson(
			await update(
				meeting.id,
				{ subject: 'Budget review', body: 'New agenda', reminderMinutes: 0, showAs: 'outOfOffice', categories: 'Finance, Q4', duration: 90 },
				{ options: { sendUpdates: 'none', timeZone: 'UTC' } },
			),
		);

		expect(meeting).toMatchObject({
			subject: 'Budget review',
			body: { type: 'Text', text: 'New agenda' },
			reminderIsSet: false,
			legacyFreeBusyStatus: 'OOF',
			categories: ['Finance', 'Q4'],
		});
		expect(meeting.end?.instant.toISOString()).toBe('2026-12-01T10:30:00.000Z');
		expect(env.sandbox.store.deliveries).toEqual([]);
		expect(json).toMatchObject({ subject: 'Budget review', showAs: 'outOfOffice', categories: ['Finance', 'Q4'], reminderMinutes: null, end: '2026-12-01T10:30:00Z' });
	});

	it('adds an attendee and removes another, inviting and cancelling only those with Changed Attendees Only', async () => {
		const meeting = sentMeeting(env.sandbox);
		outputJson(await update(meeting.id, { attendeesAction: 'add', requiredAttendees: `${SVC}, ${BOB}` }, { options: { sendUpdates: 'changed' } }));

		expect(meeting.requiredAttendees.map((a) => a.address)).toEqual([BOB, SVC]);
		expect(requestTypes(SVC)).toEqual(['FullUpdate']);
		expect(requestTypes(BOB)).toEqual(['NewMeetingRequest']);

		const json = outputJson(await update(meeting.id, { attendeesAction: 'remove', requiredAttendees: CAROL }, { options: { sendUpdates: 'changed' } }));

		expect(meeting.optionalAttendees).toEqual([]);
		expect(contents(env.sandbox, CAROL, 'inbox')).toEqual(['meetingRequest: Review', 'meetingCancellation: Canceled: Review']);
		expect(attendeeCopy(env.sandbox, CAROL, meeting)?.isCancelled).toBe(true);
		expect(contents(env.sandbox, BOB, 'inbox')).toEqual(['meetingRequest: Review']);
		expect(json.attendees).toEqual([
			expect.objectContaining({ address: BOB, type: 'required', response: 'unknown' }),
			expect.objectContaining({ address: SVC, type: 'required', response: 'unknown' }),
		]);
	});

	it('changes one occurrence of a series by the series\' id and the occurrence\'s number, leaving the others', async () => {
		const series = sentMeeting(env.sandbox, {
			subject: 'Stand-up',
			required: [],
			optional: [],
			recurrence: { pattern: { kind: 'Daily', interval: 1, daysOfWeek: [] }, range: { kind: 'Numbered', startDate: '2026-12-01', numberOfOccurrences: 5 } },
		});
		const json = outputJson(
			await update(series.id, { start: '2026-12-03T14:00:00Z', subject: 'Stand-up (moved)' }, { options: { occurrence: 3, timeZone: 'UTC', sendUpdates: 'none' } }),
		);

		// OccurrenceItemId: RecurringMasterId and the 1-based InstanceIndex name the third occurrence.
		expect(series.modifiedOccurrences).toEqual([
			expect.objectContaining({
				originalStart: new Date('2026-12-03T09:00:00Z'),
				start: expect.objectContaining({ instant: new Date('2026-12-03T14:00:00Z') }),
				end: expect.objectContaining({ instant: new Date('2026-12-03T15:00:00Z') }),
				subject: 'Stand-up (moved)',
			}),
		]);
		expect(series.subject).toBe('Stand-up');
		expect(json).toMatchObject({ subject: 'Stand-up (moved)', start: '2026-12-03T14:00:00Z', end: '2026-12-03T15:00:00Z', originalStart: '2026-12-03T09:00:00Z' });
	});

	it('refuses a stale change key with ErrorIrresolvableConflict and changes nothing', async () => {
		const meeting = sentMeeting(env.sandbox);
		const stale = meeting.changeKey;
		env.sandbox.store.updateItem(meeting.id, { location: 'Changed in Outlook' });
		const run = await env.run({
			parameters: { resource: 'appointment', operation: 'update', mailbox: ALICE, appointmentId: meeting.id, changeKey: stale, updateFields: { subject: 'Mine' } },
			settings: CONTINUE,
		});

		const [item] = run.outputOf(NODE_NAME);
		expect(item.json).toMatchObject({ code: 'ErrorIrresolvableConflict' });
		expect(String(item.json.error)).toContain(`changed since "Change Key" ${stale}; nothing was updated`);
		expect(meeting).toMatchObject({ subject: 'Review', location: 'Changed in Outlook' });
		expect(env.sandbox.store.deliveries).toEqual([]);
	});

	it('refuses an end before the start, changing nothing', async () => {
		const meeting = sentMeeting(env.sandbox);
		const run = await update(meeting.id, { end: '2026-12-01T08:00:00Z' });

		expect(run.error).toMatchObject({ name: 'NodeOperationError' });
		expect(run.error?.message).toMatch(/"End" \(2026-12-01T08:00:00Z\) must be after "Start" \(2026-12-01T09:00:00Z\) \[item 0\]/);
		expect(meeting.end?.instant.toISOString()).toBe('2026-12-01T10:00:00.000Z');
		expect(env.sandbox.requests.filter((request) => request.operation === 'UpdateItem')).toEqual([]);
	});

	it('refuses a message\'s id, a gone appointment and a text that is no id, each naming the item', async () => {
		const meeting = sentMeeting(env.sandbox);
		const message = plainMessage(env.sandbox, ALICE);
		const gone = sentMeeting(env.sandbox, { subject: 'Gone' });
		env.sandbox.store.deleteItem(gone.id, 'HardDelete');
		const run = await env.run({
			parameters: { resource: 'appointment', operation: 'update', mailbox: ALICE, appointmentId: '={{ $json.id }}', updateFields: { subject: 'X' } },
			items: [
				{ json: { id: message.id } },
				{ json: { id: gone.id } },
				{ json: { id: 'Team meeting' } },
			],
			settings: CONTINUE,
		});

		const errors = run.outputOf(NODE_NAME).map((item) => String(item.json.error));
		expect(errors[0]).toMatch(/"Appointment ID" .* names a Message, not a calendar item/);
		expect(errors[1]).toMatch(/ErrorItemNotFound|not found/i);
		expect(errors[1]).toContain(`"Appointment ID" ${gone.id} in ${ALICE}`);
		expect(errors[2]).toMatch(/"Appointment ID" "Team meeting" is not an EWS item id/);
		errors.forEach((error, index) => expect(error).toContain(`[item ${index}]`));
		expect(message.subject).toBe('Not a meeting');
		expect(meeting.subject).toBe('Review');
		expect(env.sandbox.requests.filter((request) => request.operation === 'UpdateItem')).toEqual([]);
	});
});
