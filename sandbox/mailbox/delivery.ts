import { sameAddress } from '../accounts';
import { Folder, FolderTree } from './folders';
import { newConversation } from './ids';
import {
	Address,
	Body,
	Delivery,
	ItemChanges,
	NewAttachment,
	NewItem,
	NewMessage,
	StoredCalendarItem,
	StoredItem,
	StoredMeetingRequest,
	StoredMessage,
} from './types';

/**
 * Transport rules: what a send leaves in the sender's mailbox and in each recipient's, once per mailbox
 * whatever line (To, Cc, Bcc) and letter case a recipient came in.
 */

/** What delivery needs from the store. */
export interface PostOffice {
	hasMailbox(address: string): boolean;
	mailbox(address: string): FolderTree;
	addItem(folder: Folder, input: NewItem): StoredItem;
	updateItem(id: string, changes: ItemChanges): StoredItem;
	/** Builds an item that lands in no folder of ours (mail relayed outside the organisation). */
	detachedItem(mailbox: string, input: NewItem): StoredItem;
	newInternetMessageId(): string;
	readonly deliveries: Delivery[];
	readonly externalOutbox: StoredItem[];
}

/** Every distinct recipient once, whatever the line (To/Cc/Bcc) and letter case they came in. */
export function uniqueRecipients(...lists: Address[][]): string[] {
	const seen: string[] = [];
	for (const address of lists.flat()) {
		if (!seen.some((s) => sameAddress(s, address.address))) seen.push(address.address);
	}
	return seen;
}

/** Everyone a meeting invites (attendees and resources) but its organizer, once each. */
export function meetingInvitees(meeting: Pick<StoredCalendarItem, 'organizer' | 'requiredAttendees' | 'optionalAttendees' | 'resources'>): string[] {
	return uniqueRecipients(meeting.requiredAttendees, meeting.optionalAttendees, meeting.resources).filter((a) => !sameAddress(a, meeting.organizer.address));
}

type Deliverable = NewMessage | Extract<NewItem, { kind: 'meetingRequest' | 'meetingResponse' | 'meetingCancellation' }>;

/**
 * Puts a copy into the recipient's Inbox, unread, received now (or into the external outbox) and logs it.
 * Recipients never see the Bcc line.
 */
function deliverCopy(post: PostOffice, item: Deliverable, recipient: string, at: Date, log: boolean): StoredItem {
	const copy = { ...item, isRead: false, dateTimeReceived: at, ...(item.kind === 'message' ? { bccRecipients: [] } : {}) } as NewItem;
	const external = !post.hasMailbox(recipient);
	let stored: StoredItem;
	if (external) {
		stored = post.detachedItem(recipient, copy);
		post.externalOutbox.push(stored);
	} else {
		stored = post.addItem(post.mailbox(recipient).folder('inbox'), copy);
	}
	if (log) {
		post.deliveries.push({
			messageId: item.internetMessageId,
			kind: item.kind,
			subject: item.subject,
			sender: item.kind === 'message' ? item.sender.address : item.kind === 'meetingResponse' ? item.responder.address : item.organizer.address,
			recipient,
			external,
			at,
		});
	}
	return stored;
}

/**
 * Sends a message: a copy into `saveCopyIn` (Sent Items, or the SavedItemFolderId given) when the
 * disposition saves one, read and with DateTimeSent, and one unread copy into each recipient's Inbox with the
 * same InternetMessageId and ConversationId, From being the sender when no From was given.
 */
export function sendMessage(post: PostOffice, message: NewMessage, saveCopyIn?: Folder): StoredMessage | undefined {
	const now = new Date();
	const conversation = message.conversationId && message.conversationIndex ? {} : newConversation(now);
	const sent: NewMessage = { ...message, ...conversation, from: message.from ?? message.sender, dateTimeSent: now, isDraft: false };
	const saved = saveCopyIn && (post.addItem(saveCopyIn, { ...sent, from: message.from, isRead: true }) as StoredMessage);
	for (const recipient of uniqueRecipients(sent.toRecipients, sent.ccRecipients, sent.bccRecipients)) deliverCopy(post, sent, recipient, now, true);
	return saved;
}

/** What a meeting message carries of its meeting. */
function meetingMessage(post: PostOffice, meeting: StoredCalendarItem, now: Date) {
	return {
		internetMessageId: post.newInternetMessageId(),
		calendarItemId: meeting.id,
		uid: meeting.uid,
		subject: meeting.subject,
		body: meeting.body,
		categories: meeting.categories,
		importance: meeting.importance,
		sensitivity: meeting.sensitivity,
		createdBy: meeting.createdBy,
		createdAt: meeting.createdAt,
		conversationId: meeting.conversationId,
		conversationIndex: meeting.conversationIndex,
		organizer: meeting.organizer,
		start: meeting.start,
		end: meeting.end,
		location: meeting.location,
		dateTimeSent: now,
	};
}

/** The copy of the meeting `uid` in an attendee's Calendar, as the Calendar Attendant keeps it. */
export function attendeeCalendarItem(post: PostOffice, attendee: string, uid: string): StoredCalendarItem | undefined {
	if (!post.hasMailbox(attendee)) return undefined;
	return post
		.mailbox(attendee)
		.folder('calendar')
		.calendarItems()
		.find((item) => item.uid === uid && item.myResponseType !== 'Organizer');
}

/** What an update carries into attendees' copies: the meeting's content, not the attendee's own settings. */
function meetingContent(meeting: StoredCalendarItem): ItemChanges {
	return structuredClone({
		subject: meeting.subject,
		body: meeting.body,
		start: meeting.start,
		end: meeting.end,
		startTimeZone: meeting.startTimeZone,
		endTimeZone: meeting.endTimeZone,
		isAllDayEvent: meeting.isAllDayEvent,
		location: meeting.location,
		requiredAttendees: meeting.requiredAttendees,
		optionalAttendees: meeting.optionalAttendees,
		resources: meeting.resources,
	});
}

/**
 * Sends meeting requests for an organizer's calendar item: one into each invitee's Inbox and, as the
 * Calendar Attendant does, the meeting into each internal invitee's Calendar (a tentative copy the first
 * time, an update of the copy they have after that); a copy of the request into the organizer's Sent Items
 * when asked. An update (FullUpdate) is a new request for the changed meeting.
 */
export function sendMeetingRequests(
	post: PostOffice,
	meeting: StoredCalendarItem,
	invitees: string[],
	saveCopy: boolean,
	type: StoredMeetingRequest['meetingRequestType'] = 'NewMeetingRequest',
): void {
	const now = new Date();
	const request: Extract<NewItem, { kind: 'meetingRequest' }> = { kind: 'meetingRequest', ...meetingMessage(post, meeting, now), meetingRequestType: type };
	for (const invitee of invitees) {
		deliverCopy(post, request, invitee, now, true);
		if (!post.hasMailbox(invitee)) continue;
		const copy = attendeeCalendarItem(post, invitee, meeting.uid);
		if (copy) post.updateItem(copy.id, { ...meetingContent(meeting), isCancelled: false });
		else post.addItem(post.mailbox(invitee).folder('calendar'), attendeeCopy(meeting));
	}
	if (saveCopy) post.addItem(post.mailbox(meeting.mailbox).folder('sentitems'), request);
}

function attendeeCopy(meeting: StoredCalendarItem): NewItem {
	const { id: _id, changeKey: _changeKey, mailbox: _mailbox, folderId: _folderId, attachments, ...content } = meeting;
	return {
		...structuredClone(content),
		attachments: attachments.map(({ id: _attachmentId, lastModifiedTime: _modified, ...a }) => ({ ...a, content: Buffer.from(a.content) })),
		myResponseType: 'Tentative',
		legacyFreeBusyStatus: 'Tentative',
		invitationsSent: 'SendToNone',
		isRead: true,
	};
}

const CANCELED = 'Canceled: ';

/**
 * Cancels a meeting for some invitees: a cancellation ("Canceled: " before the subject, high importance, as
 * Outlook sends it, with `body` or the meeting's) into each one's Inbox, and their calendar copy marked
 * cancelled and free; a copy into the organizer's Sent Items when asked.
 */
export function sendMeetingCancellations(post: PostOffice, meeting: StoredCalendarItem, invitees: string[], saveCopy: boolean, body?: Body): void {
	const now = new Date();
	const subject = `${CANCELED}${meeting.subject ?? ''}`;
	const cancellation: Extract<NewItem, { kind: 'meetingCancellation' }> = {
		kind: 'meetingCancellation',
		...meetingMessage(post, meeting, now),
		subject,
		body: body ?? meeting.body,
		importance: 'High',
	};
	for (const invitee of invitees) {
		deliverCopy(post, cancellation, invitee, now, true);
		const copy = attendeeCalendarItem(post, invitee, meeting.uid);
		if (copy) post.updateItem(copy.id, { isCancelled: true, subject, legacyFreeBusyStatus: 'Free' });
	}
	if (saveCopy) post.addItem(post.mailbox(meeting.mailbox).folder('sentitems'), cancellation);
}

export type MeetingAnswer = 'Accept' | 'Tentative' | 'Decline';

const ANSWER_PREFIXES: Record<MeetingAnswer, string> = { Accept: 'Accepted: ', Tentative: 'Tentative: ', Decline: 'Declined: ' };

/** An attendee's answer to a meeting, as a message to its organizer ("Accepted: " and the like before the subject). */
export function meetingResponse(
	post: PostOffice,
	meeting: StoredCalendarItem,
	responder: Address,
	answer: MeetingAnswer,
	body: Body | undefined,
): Extract<NewItem, { kind: 'meetingResponse' }> {
	return {
		kind: 'meetingResponse',
		...meetingMessage(post, meeting, new Date()),
		subject: `${ANSWER_PREFIXES[answer]}${meeting.subject ?? ''}`,
		body,
		categories: [],
		responder,
		response: answer,
		createdBy: responder.address,
	};
}

/**
 * Sends an attendee's answer: into the organizer's Inbox (or out of the organisation), a copy into
 * `saveCopyIn` when given, and, as the organizer's Calendar Attendant does, the answer recorded on the
 * organizer's meeting for that attendee.
 */
export function sendMeetingResponse(post: PostOffice, response: Extract<NewItem, { kind: 'meetingResponse' }>, saveCopyIn?: Folder): void {
	const now = new Date();
	deliverCopy(post, response, response.organizer.address, now, true);
	if (saveCopyIn) post.addItem(saveCopyIn, { ...response, isRead: true });
	if (!post.hasMailbox(response.organizer.address)) return;
	const meeting = post
		.mailbox(response.organizer.address)
		.folder('calendar')
		.calendarItems()
		.find((item) => item.uid === response.uid && item.myResponseType === 'Organizer');
	if (!meeting) return;
	const answered = (list: StoredCalendarItem['requiredAttendees']) =>
		list.map((a) => (sameAddress(a.address, response.responder.address) ? { ...a, responseType: response.response, lastResponseTime: now } : a));
	post.updateItem(meeting.id, {
		requiredAttendees: answered(meeting.requiredAttendees),
		optionalAttendees: answered(meeting.optionalAttendees),
		resources: answered(meeting.resources),
	});
}

/** A message from outside the organisation, as the test controls drop it into mailboxes. */
export interface IncomingMessage {
	from: Address;
	toRecipients: Address[];
	ccRecipients?: Address[];
	/** Mailboxes it is delivered to without being named in To or Cc. */
	bccRecipients?: Address[];
	subject?: string;
	body?: { type: 'HTML' | 'Text'; text: string };
	attachments?: NewAttachment[];
	importance?: string;
	categories?: string[];
	/** DateTimeReceived (and DateTimeSent a moment before); now when not given. */
	receivedAt?: Date;
	internetMessageId?: string;
	isRead?: boolean;
}

/**
 * Delivers an incoming message to each internal recipient's Inbox. Not logged in `deliveries`, which
 * witnesses what was sent through EWS; addresses outside the organisation are ignored.
 */
export function deliverIncoming(post: PostOffice, incoming: IncomingMessage): StoredMessage[] {
	const at = incoming.receivedAt ?? new Date();
	const message: NewMessage = {
		kind: 'message',
		internetMessageId: incoming.internetMessageId ?? post.newInternetMessageId(),
		from: incoming.from,
		sender: incoming.from,
		toRecipients: incoming.toRecipients,
		ccRecipients: incoming.ccRecipients ?? [],
		bccRecipients: [],
		replyTo: [],
		subject: incoming.subject,
		body: incoming.body,
		attachments: incoming.attachments ?? [],
		importance: incoming.importance,
		categories: incoming.categories ?? [],
		createdBy: incoming.from.address,
		createdAt: at,
		dateTimeSent: new Date(at.getTime() - 1000),
		disposition: 'SendOnly',
		isDraft: false,
		...newConversation(at),
	};
	const recipients = uniqueRecipients(message.toRecipients, message.ccRecipients, incoming.bccRecipients ?? []).filter((r) => post.hasMailbox(r));
	return recipients.map(
		(recipient) =>
			post.addItem(post.mailbox(recipient).folder('inbox'), { ...message, isRead: incoming.isRead ?? false, dateTimeReceived: at }) as StoredMessage,
	);
}
