import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredCalendarItem, StoredItem } from '../../sandbox/store';
import { mailbox as mailboxElement } from './client';
import { Request, codes, exchange } from './ewsExchange';

/**
 * Meetings after they are sent, through the HTTP endpoint: UpdateItem and DeleteItem on calendar items,
 * CancelCalendarItem and the AcceptItem / TentativelyAcceptItem / DeclineItem responses, checked in the
 * store. Each test names the EWS reference rule (learn.microsoft.com) it checks.
 */

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';

describe('sandbox meetings', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const folder = (address: string, name: 'inbox' | 'calendar' | 'sentitems' | 'drafts' | 'deleteditems'): StoredItem[] =>
		sandbox.store.mailbox(address).folder(name).items;
	const kinds = (items: StoredItem[]) => items.map((item) => `${item.kind}:${item.subject}`);

	const attendee = (address: string) => el('t:Attendee', undefined, mailboxElement(address));

	/** Alice's meeting with Bob (required) and Carol (optional), invitations sent; her calendar item. */
	async function meeting(): Promise<StoredCalendarItem> {
		const answer = await exchange(
			sandbox,
			el(
				'm:CreateItem',
				{ SendMeetingInvitations: 'SendToAllAndSaveCopy' },
				el(
					'm:Items',
					undefined,
					el(
						't:CalendarItem',
						undefined,
						el('t:Subject', undefined, 'Review'),
						el('t:Start', undefined, '2026-12-01T09:00:00Z'),
						el('t:End', undefined, '2026-12-01T10:00:00Z'),
						el('t:RequiredAttendees', undefined, attendee(BOB)),
						el('t:OptionalAttendees', undefined, attendee(CAROL)),
					),
				),
			),
			undefined,
			ALICE,
		);
		expect(codes(answer.messages)).toEqual(['NoError']);
		return sandbox.store.mailbox(ALICE).folder('calendar').calendarItems()[0];
	}

	/** Body goes before ReferenceItemId, NewBodyContent after it (the response types' sequences). */
	function respond(kind: string, item: StoredItem, disposition: string | undefined, body?: Request): Request {
		const before = body?.name === 't:Body' ? body : undefined;
		const after = body?.name === 't:NewBodyContent' ? body : undefined;
		return el(
			'm:CreateItem',
			{ MessageDisposition: disposition },
			el('m:Items', undefined, el(`t:${kind}`, undefined, before, el('t:ReferenceItemId', { Id: item.id, ChangeKey: item.changeKey }), after)),
		);
	}

	function update(item: StoredItem, mode: string | undefined, ...updates: Request[]): Request {
		return el(
			'm:UpdateItem',
			{ ConflictResolution: 'AlwaysOverwrite', SendMeetingInvitationsOrCancellations: mode },
			el('m:ItemChanges', undefined, el('t:ItemChange', undefined, el('t:ItemId', { Id: item.id }), el('t:Updates', undefined, ...updates))),
		);
	}

	const setField = (uri: string, value: Request) => el('t:SetItemField', undefined, el('t:FieldURI', { FieldURI: uri }), el('t:CalendarItem', undefined, value));

	it('accepting a meeting request sends the response to the organizer and records it on her meeting', async () => {
		// AcceptItem on a meeting request: the response goes to the organizer; the attendee's calendar item takes
		// the answer; the organizer's meeting tracks each attendee's ResponseType.
		const organizers = await meeting();
		const [request] = sandbox.store.mailbox(BOB).folder('inbox').meetingRequests();
		const answer = await exchange(sandbox, respond('AcceptItem', request, 'SendAndSaveCopy', el('t:Body', { BodyType: 'Text' }, 'See you')), undefined, BOB);

		expect(codes(answer.messages)).toEqual(['NoError']);
		const response = folder(ALICE, 'inbox')[0];
		expect(response).toMatchObject({ kind: 'meetingResponse', subject: 'Accepted: Review', response: 'Accept', body: { text: 'See you' } });
		expect(response.itemClass).toBe('IPM.Schedule.Meeting.Resp.Pos');
		expect(kinds(folder(BOB, 'sentitems'))).toEqual(['meetingResponse:Accepted: Review']);
		expect(organizers.requiredAttendees).toEqual([expect.objectContaining({ address: BOB, responseType: 'Accept' })]);
		expect(organizers.optionalAttendees[0].responseType).toBeUndefined();
		const bobs = sandbox.store.mailbox(BOB).folder('calendar').calendarItems()[0];
		expect(bobs).toMatchObject({ myResponseType: 'Accept', legacyFreeBusyStatus: 'Busy' });
		expect(answer.messages[0].path('m:Items', 't:CalendarItem', 't:ItemId')?.attr('Id')).toBe(bobs.id);
		// The request has served its purpose: it leaves the Inbox.
		expect(kinds(folder(BOB, 'inbox'))).toEqual([]);
		expect(kinds(folder(BOB, 'deleteditems'))).toEqual(['meetingRequest:Review']);
	});

	it('a decline saved only stays in Drafts, tells the organizer nothing and removes the meeting from the calendar', async () => {
		// MessageDisposition SaveOnly saves the response object without sending it.
		const organizers = await meeting();
		const carols = sandbox.store.mailbox(CAROL).folder('calendar').calendarItems()[0];
		const answer = await exchange(sandbox, respond('DeclineItem', carols, 'SaveOnly'), undefined, CAROL);

		expect(codes(answer.messages)).toEqual(['NoError']);
		expect(kinds(folder(CAROL, 'drafts'))).toEqual(['meetingResponse:Declined: Review']);
		expect(answer.messages[0].path('m:Items', 't:MeetingResponse', 't:ItemId')?.attr('Id')).toBe(folder(CAROL, 'drafts')[0].id);
		expect(folder(ALICE, 'inbox')).toEqual([]);
		expect(organizers.optionalAttendees[0].responseType).toBeUndefined();
		expect(sandbox.store.mailbox(CAROL).folder('calendar').calendarItems()).toEqual([]);
		expect(kinds(folder(CAROL, 'deleteditems')).sort()).toEqual(['calendarItem:Review', 'meetingRequest:Review']);
	});

	it('refuses answers the organizer gives herself, answers to plain messages and answers without a disposition', async () => {
		// AcceptItemType: "A user cannot accept a meeting request or calendar item for which the user is the
		// organizer"; MessageDisposition is required (ErrorMessageDispositionRequired).
		const organizers = await meeting();
		const [sent] = folder(ALICE, 'sentitems');
		await sandbox.store.deliverIncoming({ from: { address: 'dana@fabrikam.example' }, toRecipients: [{ address: BOB }], subject: 'Hello' });
		const message = folder(BOB, 'inbox').find((item) => item.kind === 'message') as StoredItem;
		const [request] = sandbox.store.mailbox(BOB).folder('inbox').meetingRequests();

		expect(codes((await exchange(sandbox, respond('AcceptItem', organizers, 'SendAndSaveCopy'), undefined, ALICE)).messages)).toEqual([
			'ErrorCalendarIsOrganizerForAccept',
		]);
		expect(codes((await exchange(sandbox, respond('TentativelyAcceptItem', sent, 'SendAndSaveCopy'), undefined, ALICE)).messages)).toEqual([
			'ErrorCalendarIsOrganizerForTentative',
		]);
		expect(codes((await exchange(sandbox, respond('DeclineItem', message, 'SendAndSaveCopy'), undefined, BOB)).messages)).toEqual([
			'ErrorInvalidItemForOperationDeclineItem',
		]);
		expect(codes((await exchange(sandbox, respond('AcceptItem', request, undefined), undefined, BOB)).messages)).toEqual(['ErrorMessageDispositionRequired']);
		expect(sandbox.store.deliveries.filter((d) => d.kind === 'meetingResponse')).toEqual([]);
	});

	it('cancelling sends a cancellation with the note to every attendee and moves the meeting to Deleted Items', async () => {
		// CancelCalendarItem applies to the organizer's calendar item; NewBodyContent is the cancellation's body.
		const organizers = await meeting();
		const answer = await exchange(
			sandbox,
			respond('CancelCalendarItem', organizers, 'SendAndSaveCopy', el('t:NewBodyContent', { BodyType: 'Text' }, 'Postponed')),
			undefined,
			ALICE,
		);

		expect(codes(answer.messages)).toEqual(['NoError']);
		for (const invitee of [BOB, CAROL]) {
			const cancellation = folder(invitee, 'inbox').find((item) => item.kind === 'meetingCancellation');
			expect(cancellation).toMatchObject({ subject: 'Canceled: Review', body: { text: 'Postponed' }, itemClass: 'IPM.Schedule.Meeting.Canceled' });
			expect(sandbox.store.mailbox(invitee).folder('calendar').calendarItems()[0]).toMatchObject({ isCancelled: true, subject: 'Canceled: Review' });
		}
		expect(sandbox.store.mailbox(ALICE).folder('calendar').calendarItems()).toEqual([]);
		expect(kinds(folder(ALICE, 'deleteditems'))).toEqual(['calendarItem:Review']);
		expect(kinds(folder(ALICE, 'sentitems'))).toEqual(['meetingRequest:Review', 'meetingCancellation:Canceled: Review']);
	});

	it('refuses a cancellation by an attendee and of something not a calendar item; a cancelled meeting takes no answers', async () => {
		const organizers = await meeting();
		const bobs = sandbox.store.mailbox(BOB).folder('calendar').calendarItems()[0];
		const [request] = sandbox.store.mailbox(BOB).folder('inbox').meetingRequests();

		expect(codes((await exchange(sandbox, respond('CancelCalendarItem', bobs, 'SendAndSaveCopy'), undefined, BOB)).messages)).toEqual([
			'ErrorCalendarIsNotOrganizer',
		]);
		expect(codes((await exchange(sandbox, respond('CancelCalendarItem', request, 'SendAndSaveCopy'), undefined, BOB)).messages)).toEqual([
			'ErrorInvalidItemForOperationCancelItem',
		]);
		await exchange(sandbox, respond('CancelCalendarItem', organizers, 'SendOnly'), undefined, ALICE);
		expect(codes((await exchange(sandbox, respond('AcceptItem', bobs, 'SendAndSaveCopy'), undefined, BOB)).messages)).toEqual([
			'ErrorCalendarIsCancelledForAccept',
		]);
	});

	it('an update moving the meeting goes to all attendees and moves their copies; a calendar item needs the sending mode', async () => {
		// UpdateItem: SendMeetingInvitationsOrCancellations "is required for calendar items"; SendToAllAndSaveCopy
		// sends the update to all attendees and saves a copy in Sent Items.
		const organizers = await meeting();
		const start = setField('calendar:Start', el('t:Start', undefined, '2026-12-01T11:00:00Z'));
		const end = setField('calendar:End', el('t:End', undefined, '2026-12-01T12:00:00Z'));

		expect(codes((await exchange(sandbox, update(organizers, undefined, start, end), undefined, ALICE)).messages)).toEqual([
			'ErrorSendMeetingInvitationsOrCancellationsRequired',
		]);
		const answer = await exchange(sandbox, update(organizers, 'SendToAllAndSaveCopy', start, end), undefined, ALICE);

		expect(codes(answer.messages)).toEqual(['NoError']);
		expect(organizers.start?.instant.toISOString()).toBe('2026-12-01T11:00:00.000Z');
		for (const invitee of [BOB, CAROL]) {
			const requests = sandbox.store.mailbox(invitee).folder('inbox').meetingRequests();
			expect(requests.map((r) => r.meetingRequestType ?? 'NewMeetingRequest')).toEqual(['NewMeetingRequest', 'FullUpdate']);
			const copies = sandbox.store.mailbox(invitee).folder('calendar').calendarItems();
			expect(copies.map((c) => c.start?.instant.toISOString())).toEqual(['2026-12-01T11:00:00.000Z']);
		}
		expect(kinds(folder(ALICE, 'sentitems'))).toEqual(['meetingRequest:Review', 'meetingRequest:Review']);
	});

	it('changing the attendees with SendToChangedAndSaveCopy invites the added and cancels for the removed only', async () => {
		const organizers = await meeting();
		const attendees = setField('calendar:RequiredAttendees', el('t:RequiredAttendees', undefined, attendee(BOB), attendee('svc-n8n@contoso.com')));
		const noOptional = el('t:DeleteItemField', undefined, el('t:FieldURI', { FieldURI: 'calendar:OptionalAttendees' }));
		const answer = await exchange(sandbox, update(organizers, 'SendToChangedAndSaveCopy', attendees, noOptional), undefined, ALICE);

		expect(codes(answer.messages)).toEqual(['NoError']);
		expect(kinds(folder('svc-n8n@contoso.com', 'inbox'))).toEqual(['meetingRequest:Review']);
		expect(kinds(folder(BOB, 'inbox'))).toEqual(['meetingRequest:Review']);
		expect(kinds(folder(CAROL, 'inbox'))).toEqual(['meetingRequest:Review', 'meetingCancellation:Canceled: Review']);
		expect(organizers.optionalAttendees).toEqual([]);
	});

	it('deleting a meeting cancels it for the attendees when asked, and needs SendMeetingCancellations', async () => {
		// DeleteItem: SendMeetingCancellations "is required for calendar items".
		const organizers = await meeting();
		const remove = (mode: string | undefined) =>
			el('m:DeleteItem', { DeleteType: 'HardDelete', SendMeetingCancellations: mode }, el('m:ItemIds', undefined, el('t:ItemId', { Id: organizers.id })));

		expect(codes((await exchange(sandbox, remove(undefined), undefined, ALICE)).messages)).toEqual(['ErrorSendMeetingCancellationsRequired']);
		expect(codes((await exchange(sandbox, remove('SendOnlyToAll'), undefined, ALICE)).messages)).toEqual(['NoError']);
		expect(sandbox.store.mailbox(ALICE).folder('calendar').calendarItems()).toEqual([]);
		for (const invitee of [BOB, CAROL]) expect(kinds(folder(invitee, 'inbox'))).toContain('meetingCancellation:Canceled: Review');
		expect(kinds(folder(ALICE, 'sentitems'))).toEqual(['meetingRequest:Review']);
	});
});
