import type { INodeParameters } from 'n8n-workflow';

import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';
import { ALICE, BOB, CAROL, attendeeCopy, contents, plainMessage, sentMeeting } from '../helpers/meetings';

const env = useExchangeSandbox();

const CONTINUE = { onError: 'continueRegularOutput' as const };

function respond(mailbox: string, parameters: INodeParameters) {
	return env.run({ parameters: { resource: 'appointment', operation: 'respond', mailbox, ...parameters }, settings: CONTINUE });
}

describe('Appointment → Respond', () => {
	it('accepts a meeting request: the response with its message reaches the organizer and her meeting records the answer', async () => {
		const meeting = sentMeeting(env.sandbox);
		const [request] = env.sandbox.store.mailbox(BOB).folder('inbox').meetingRequests();
		const result = await respond(BOB, { appointmentId: request.id, response: 'accept', options: { body: 'I will bring the figures' } });

		const bobs = attendeeCopy(env.sandbox, BOB, meeting)!;
		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
			{ id: request.id, mailbox: BOB, response: 'accept', responseSent: true, calendarItemId: bobs.id },
		]);
		const response = env.sandbox.store
			.mailbox(ALICE)
			.folder('inbox')
			.items.find((item) => item.kind === 'meetingResponse');
		expect(response).toMatchObject({ subject: 'Accepted: Review', response: 'Accept', body: { text: 'I will bring the figures' }, responder: { address: BOB } });
		expect(meeting.requiredAttendees).toEqual([expect.objectContaining({ address: BOB, responseType: 'Accept' })]);
		expect(meeting.optionalAttendees[0].responseType).toBeUndefined();
		expect(bobs).toMatchObject({ myResponseType: 'Accept', legacyFreeBusyStatus: 'Busy' });
		expect(contents(env.sandbox, BOB, 'sentitems')).toEqual(['meetingResponse: Accepted: Review']);
		expect(env.sandbox.store.deliveries.map((d) => [d.kind, d.sender, d.recipient])).toEqual([['meetingResponse', BOB, ALICE]]);
	});

	it('tentatively accepts from the calendar item; the organizer sees the attendee as tentative', async () => {
		const meeting = sentMeeting(env.sandbox);
		const carols = attendeeCopy(env.sandbox, CAROL, meeting)!;
		await respond(CAROL, { appointmentId: carols.id, response: 'tentative' });

		expect(meeting.optionalAttendees).toEqual([expect.objectContaining({ address: CAROL, responseType: 'Tentative' })]);
		expect(contents(env.sandbox, ALICE, 'inbox')).toEqual(['meetingResponse: Tentative: Review']);
		expect(carols.myResponseType).toBe('Tentative');
	});

	it('declines without sending: the meeting leaves the calendar, the response stays in Drafts and the organizer hears nothing', async () => {
		const meeting = sentMeeting(env.sandbox);
		const [request] = env.sandbox.store.mailbox(CAROL).folder('inbox').meetingRequests();
		const result = await respond(CAROL, { appointmentId: request.id, response: 'decline', options: { sendResponse: false } });

		expect(result.outputOf(NODE_NAME)[0].json).toMatchObject({ response: 'decline', responseSent: false, calendarItemId: null });
		expect(contents(env.sandbox, CAROL, 'calendar')).toEqual([]);
		expect(contents(env.sandbox, CAROL, 'drafts')).toEqual(['meetingResponse: Declined: Review']);
		expect(contents(env.sandbox, ALICE, 'inbox')).toEqual([]);
		expect(meeting.optionalAttendees[0].responseType).toBeUndefined();
		expect(env.sandbox.store.deliveries).toEqual([]);
	});

	it('refuses the organizer\'s own answer and a message\'s id, saying why, and sends nothing', async () => {
		const meeting = sentMeeting(env.sandbox);
		const message = plainMessage(env.sandbox, ALICE);
		const result = await env.run({
			parameters: { resource: 'appointment', operation: 'respond', mailbox: ALICE, appointmentId: '={{ $json.id }}', response: 'decline' },
			items: [{ json: { id: meeting.id } }, { json: { id: message.id } }],
			settings: CONTINUE,
		});

		const [organizer, notMeeting] = result.outputOf(NODE_NAME).map((item) => item.json);
		expect(organizer.code).toBe('ErrorCalendarIsOrganizerForDecline');
		expect(String(organizer.error)).toContain('the mailbox organizes this meeting, and an organizer does not respond to it');
		expect(notMeeting.code).toBe('ErrorInvalidItemForOperationDeclineItem');
		expect(String(notMeeting.error)).toContain('it is neither a meeting request nor a meeting in a calendar');
		expect(contents(env.sandbox, ALICE, 'calendar')).toEqual(['calendarItem: Review']);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});
});
