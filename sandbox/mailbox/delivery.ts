import { sameAddress } from '../accounts';
import { Folder, FolderTree } from './folders';
import { newConversation } from './ids';
import { Address, Delivery, NewAttachment, NewItem, NewMessage, StoredCalendarItem, StoredItem, StoredMessage } from './types';

/**
 * Transport rules: what a send leaves in the sender's mailbox and in each recipient's, once per mailbox
 * whatever line (To, Cc, Bcc) and letter case a recipient came in.
 */

/** What delivery needs from the store. */
export interface PostOffice {
	hasMailbox(address: string): boolean;
	mailbox(address: string): FolderTree;
	addItem(folder: Folder, input: NewItem): StoredItem;
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
			sender: item.kind === 'message' ? item.sender.address : item.organizer.address,
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

/**
 * Sends meeting requests for an organizer's calendar item: one into each invitee's Inbox and, as the
 * Calendar Attendant does, a tentative copy of the meeting into each internal invitee's Calendar; a copy of
 * the request into the organizer's Sent Items when asked.
 */
export function sendMeetingRequests(post: PostOffice, meeting: StoredCalendarItem, invitees: string[], saveCopy: boolean): void {
	const now = new Date();
	const request: Extract<NewItem, { kind: 'meetingRequest' }> = {
		kind: 'meetingRequest',
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
	for (const invitee of invitees) {
		deliverCopy(post, request, invitee, now, true);
		if (post.hasMailbox(invitee)) post.addItem(post.mailbox(invitee).folder('calendar'), attendeeCopy(meeting));
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
