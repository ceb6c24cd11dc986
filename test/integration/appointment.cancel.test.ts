import type { INodeParameters } from 'n8n-workflow';

import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';
import { ALICE, BOB, CAROL, attendeeCopy, contents, plainMessage, sentMeeting } from '../helpers/meetings';

const env = useExchangeSandbox();

const CONTINUE = { onError: 'continueRegularOutput' as const };

function run(operation: 'cancel' | 'delete', parameters: INodeParameters) {
	return env.run({ parameters: { resource: 'appointment', operation, mailbox: ALICE, ...parameters }, settings: CONTINUE });
}

describe('Appointment → Cancel', () => {
	it('sends each attendee a cancellation with the message, marks their copies cancelled and moves the meeting to Deleted Items', async () => {
		const meeting = sentMeeting(env.sandbox);
		const result = await run('cancel', { appointmentId: meeting.id, options: { body: 'Postponed to January' } });

		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual([{ id: meeting.id, mailbox: ALICE, cancelled: true }]);
		for (const attendee of [BOB, CAROL]) {
			const cancellation = env.sandbox.store
				.mailbox(attendee)
				.folder('inbox')
				.items.find((item) => item.kind === 'meetingCancellation');
			expect(cancellation).toMatchObject({ subject: 'Canceled: Review', body: { text: 'Postponed to January' } });
			expect(attendeeCopy(env.sandbox, attendee, meeting)).toMatchObject({ isCancelled: true });
		}
		expect(env.sandbox.store.deliveries.map((d) => [d.kind, d.recipient])).toEqual([
			['meetingCancellation', BOB],
			['meetingCancellation', CAROL],
		]);
		expect(contents(env.sandbox, ALICE, 'calendar')).toEqual([]);
		expect(contents(env.sandbox, ALICE, 'deleteditems')).toEqual(['calendarItem: Review']);
		expect(contents(env.sandbox, ALICE, 'sentitems')).toContain('meetingCancellation: Canceled: Review');
	});

	it('says clearly that a mailbox cannot cancel a meeting it does not organize, and that a message is no meeting', async () => {
		const meeting = sentMeeting(env.sandbox);
		const bobs = attendeeCopy(env.sandbox, BOB, meeting)!;
		const message = plainMessage(env.sandbox, BOB);
		const result = await env.run({
			parameters: { resource: 'appointment', operation: 'cancel', mailbox: BOB, appointmentId: '={{ $json.id }}' },
			items: [{ json: { id: bobs.id } }, { json: { id: message.id } }],
			settings: CONTINUE,
		});

		const [notOrganizer, notMeeting] = result.outputOf(NODE_NAME).map((item) => item.json);
		expect(notOrganizer.code).toBe('ErrorCalendarIsNotOrganizer');
		expect(String(notOrganizer.error)).toContain('the mailbox does not organize this meeting, and only its organizer can cancel it');
		expect(notMeeting.code).toBe('ErrorInvalidItemForOperationCancelItem');
		expect(String(notMeeting.error)).toContain('it is not a calendar item');
		expect(bobs.isCancelled).toBe(false);
		expect(meeting.isCancelled).toBe(false);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});
});

describe('Appointment → Delete', () => {
	it('deletes a meeting the mailbox organizes, cancelling it for the attendees', async () => {
		const meeting = sentMeeting(env.sandbox);
		const result = await run('delete', { appointmentId: meeting.id, deleteType: 'hardDelete' });

		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
			{ id: meeting.id, deleted: true, deleteType: 'hardDelete', sendCancellations: true },
		]);
		expect(env.sandbox.store.findItem(meeting.id)).toBeUndefined();
		expect(contents(env.sandbox, ALICE, 'deleteditems')).toEqual([]);
		expect(env.sandbox.store.deliveries.map((d) => [d.kind, d.recipient])).toEqual([
			['meetingCancellation', BOB],
			['meetingCancellation', CAROL],
		]);
	});

	it('moves an appointment to Deleted Items without telling anyone when asked not to', async () => {
		const meeting = sentMeeting(env.sandbox);
		await run('delete', { appointmentId: meeting.id, options: { sendCancellations: false } });

		expect(contents(env.sandbox, ALICE, 'calendar')).toEqual([]);
		expect(contents(env.sandbox, ALICE, 'deleteditems')).toEqual(['calendarItem: Review']);
		expect(env.sandbox.store.deliveries).toEqual([]);
		expect(attendeeCopy(env.sandbox, BOB, meeting)?.isCancelled).toBe(false);
	});

	it('refuses a message\'s id and leaves the message alone', async () => {
		const message = plainMessage(env.sandbox, ALICE);
		const result = await run('delete', { appointmentId: message.id });

		expect(String(result.outputOf(NODE_NAME)[0].json.error)).toMatch(/"Appointment ID" .* names a Message, not a calendar item.*\[item 0\]/);
		expect(contents(env.sandbox, ALICE, 'inbox')).toEqual(['message: Not a meeting']);
		expect(env.sandbox.requests.filter((request) => request.operation === 'DeleteItem')).toEqual([]);
	});
});
