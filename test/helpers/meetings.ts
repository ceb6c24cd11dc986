import type { Sandbox } from '../../sandbox/server';
import { meetingInvitees, newOpaqueId, type StoredCalendarItem, type StoredItem, type StoredRecurrence } from '../../sandbox/store';

export const ALICE = 'alice@contoso.com';
export const BOB = 'bob@contoso.com';
export const CAROL = 'carol@contoso.com';
export const SVC = 'svc-n8n@contoso.com';

/**
 * A meeting as Exchange leaves it once its invitations are sent: the organizer's calendar item, a meeting
 * request in each attendee's Inbox and a tentative copy in each one's Calendar (the sandbox's delivery rules).
 * Set up in the store, so a test drives the node only through the operation it checks.
 */
export function sentMeeting(
	sandbox: Sandbox,
	{
		organizer = ALICE,
		required = [BOB],
		optional = [CAROL],
		subject = 'Review',
		recurrence,
	}: { organizer?: string; required?: string[]; optional?: string[]; subject?: string; recurrence?: StoredRecurrence } = {},
): StoredCalendarItem {
	const store = sandbox.store;
	const meeting = store.addItem(store.mailbox(organizer).folder('calendar'), {
		kind: 'calendarItem',
		uid: newOpaqueId(16),
		subject,
		body: { type: 'Text', text: 'Agenda' },
		createdBy: organizer,
		start: { raw: '2026-12-01T09:00:00Z', instant: new Date('2026-12-01T09:00:00Z') },
		end: { raw: '2026-12-01T10:00:00Z', instant: new Date('2026-12-01T10:00:00Z') },
		startTimeZone: 'UTC',
		endTimeZone: 'UTC',
		organizer: { address: organizer },
		requiredAttendees: required.map((address) => ({ address })),
		optionalAttendees: optional.map((address) => ({ address })),
		resources: [],
		invitationsSent: 'SendToAllAndSaveCopy',
		myResponseType: 'Organizer',
		isCancelled: false,
		recurrence,
	}) as StoredCalendarItem;
	store.sendMeetingRequests(meeting, meetingInvitees(meeting), true);
	store.deliveries.length = 0;
	return meeting;
}

/** An attendee's copy of the meeting in their Calendar. */
export function attendeeCopy(sandbox: Sandbox, attendee: string, meeting: StoredCalendarItem): StoredCalendarItem | undefined {
	return sandbox.store.attendeeCalendarItem(attendee, meeting.uid);
}

/** A plain message in a mailbox's Inbox, for giving a message's id where an appointment's is expected. */
export function plainMessage(sandbox: Sandbox, mailbox: string): StoredItem {
	return sandbox.store.deliverIncoming({ from: { address: 'dana@fabrikam.example' }, toRecipients: [{ address: mailbox }], subject: 'Not a meeting' })[0];
}

/** What a folder holds, as kind and subject. */
export function contents(sandbox: Sandbox, mailbox: string, folder: 'inbox' | 'calendar' | 'sentitems' | 'drafts' | 'deleteditems'): string[] {
	return sandbox.store
		.mailbox(mailbox)
		.folder(folder)
		.items.map((item) => `${item.kind}: ${item.subject ?? ''}`);
}
