import { sameAddress } from '../accounts';
import type { SandboxStore } from '../store';
import { meetingInvitees, type MeetingAnswer } from './delivery';
import type { Folder } from './folders';
import type { Address, Body, StoredCalendarItem, StoredItem } from './types';

/**
 * What happens in the mailboxes when a meeting is answered, updated or cancelled, whichever API asked for it
 * (EWS's response objects and UpdateItem, Graph's accept / decline / cancel and PATCH): each API checks the
 * request in its own words, then both act through these.
 */

/** How an attendee's free/busy shows the meeting after each answer. */
const FREE_BUSY: Record<MeetingAnswer, string> = { Accept: 'Busy', Tentative: 'Tentative', Decline: 'Free' };

/** Sent (a copy into `saveCopyIn` when given), saved unsent into `draftIn`, or neither (Graph's sendResponse false). */
export type ResponseDelivery = { send: true; saveCopyIn?: Folder } | { send: false; draftIn?: Folder };

/**
 * The attendee's answer: the response goes out as `delivery` says, the attendee's calendar copy takes the
 * answer (a declined one goes to Deleted Items, as do the meeting's requests in the Inbox). Returns the
 * calendar copy as answered and the response saved unsent, if any.
 */
export function answerMeeting(
	store: SandboxStore,
	meeting: StoredCalendarItem,
	responder: Address,
	answer: MeetingAnswer,
	body: Body | undefined,
	delivery: ResponseDelivery,
): { answered: StoredCalendarItem; saved?: StoredItem } {
	const response = store.meetingResponse(meeting, responder, answer, body);
	let saved: StoredItem | undefined;
	if (delivery.send) store.sendMeetingResponse(response, delivery.saveCopyIn);
	else if (delivery.draftIn) saved = store.addItem(delivery.draftIn, response);
	const answered = store.updateItem(meeting.id, { myResponseType: answer, legacyFreeBusyStatus: FREE_BUSY[answer] }) as StoredCalendarItem;
	const requests = store
		.mailbox(meeting.mailbox)
		.folder('inbox')
		.meetingRequests()
		.filter((request) => request.uid === meeting.uid);
	for (const request of requests) store.deleteItem(request.id, 'MoveToDeletedItems');
	if (answer === 'Decline') store.deleteItem(meeting.id, 'MoveToDeletedItems');
	return { answered, saved };
}

/** The organizer cancels: a cancellation (with `body`) to every invitee, and the meeting moves to Deleted Items. */
export function cancelMeeting(store: SandboxStore, meeting: StoredCalendarItem, saveCopy: boolean, body?: Body): void {
	const invitees = meetingInvitees(meeting);
	if (invitees.length > 0) store.sendMeetingCancellations(meeting, invitees, saveCopy, body);
	store.deleteItem(meeting.id, 'MoveToDeletedItems');
}

/** Who hears of an organizer's change (EWS's SendMeetingInvitationsOrCancellations values; Graph always tells all). */
export type MeetingUpdateMode = 'SendToNone' | 'SendOnlyToAll' | 'SendOnlyToChanged' | 'SendToAllAndSaveCopy' | 'SendToChangedAndSaveCopy';

/** The organizer's update, as the mode says, and cancellations to the attendees the update removed. */
export function sendMeetingUpdates(store: SandboxStore, meeting: StoredCalendarItem, before: string[], mode: MeetingUpdateMode): void {
	if (mode === 'SendToNone' || meeting.myResponseType !== 'Organizer') return;
	const now = meetingInvitees(meeting);
	const added = now.filter((a) => !before.some((b) => sameAddress(a, b)));
	const removed = before.filter((b) => !now.some((a) => sameAddress(a, b)));
	const saveCopy = mode.endsWith('AndSaveCopy');
	const updateTo = mode === 'SendOnlyToAll' || mode === 'SendToAllAndSaveCopy' ? now : added;
	if (updateTo.length > 0) store.sendMeetingRequests(meeting, updateTo, saveCopy, before.length > 0 ? 'FullUpdate' : 'NewMeetingRequest');
	if (removed.length > 0) store.sendMeetingCancellations(meeting, removed, saveCopy);
}
