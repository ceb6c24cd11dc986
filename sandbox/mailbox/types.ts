/** What the sandbox's mailboxes hold, as plain typed data (no XML): the store's vocabulary. */

export interface Address {
	address: string;
	name?: string;
}

export interface Body {
	type: 'HTML' | 'Text';
	text: string;
}

export interface StoredAttachment {
	/** AttachmentId; a moved or copied item's attachments get new ones, as their item does. */
	id: string;
	name: string;
	contentType?: string;
	contentId?: string;
	isInline: boolean;
	/** A file's bytes; for an item attachment, the attached item's MIME form. */
	content: Buffer;
	lastModifiedTime: Date;
	/** Set for an item attachment (an item attached as such, as Outlook's "Attach Item" does): what it is. */
	attachedItem?: AttachedItem;
}

/** The item an item attachment holds, beside its MIME form: what EWS shows of it without the MIME content. */
export interface AttachedItem {
	itemClass: string;
	subject?: string;
}

/** An attachment as a caller hands it to the store, before it has an id. */
export type NewAttachment = Omit<StoredAttachment, 'id' | 'lastModifiedTime'>;

export type MessageDisposition = 'SaveOnly' | 'SendOnly' | 'SendAndSaveCopy';
export type MeetingInvitationsMode = 'SendToNone' | 'SendOnlyToAll' | 'SendToAllAndSaveCopy';
export type Importance = 'Low' | 'Normal' | 'High';
export type FlagStatus = 'NotFlagged' | 'Flagged' | 'Complete';
export type ResponseType = 'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';

/** An attendee of a meeting; on the organizer's item, the answer the organizer has received from them. */
export interface Attendee extends Address {
	/** Unknown until a response arrives (Accept, Tentative or Decline). */
	responseType?: ResponseType;
	lastResponseTime?: Date;
}

export interface Flag {
	status: FlagStatus;
	startDate?: Date;
	dueDate?: Date;
	completeDate?: Date;
}

export interface DateTimeValue {
	/** The value exactly as the request carried it. */
	raw: string;
	/** The instant it names; offset-less values are read as UTC (a stand-in for the time zone rules). */
	instant: Date;
}

interface ItemBase {
	id: string;
	changeKey: string;
	/** The mailbox whose folder holds this copy. */
	mailbox: string;
	/** The folder holding it (the recoverable items folders included). */
	folderId: string;
	itemClass: string;
	subject?: string;
	body?: Body;
	categories: string[];
	/** As the item was given; not set reads as Normal (kept apart so tests see what a client wrote). */
	importance?: string;
	/** As the item was given; not set reads as Normal. */
	sensitivity?: string;
	isRead: boolean;
	flag: Flag;
	attachments: StoredAttachment[];
	/** True when a non-inline attachment is there, as Exchange computes it. */
	hasAttachments: boolean;
	conversationId: string;
	/** PidTagConversationIndex, base64. */
	conversationIndex: string;
	/** The size of the item's MIME form in bytes. */
	size: number;
	/** The account that made the request (the one authenticated, not the impersonated mailbox). */
	createdBy: string;
	/** DateTimeCreated of this copy. */
	createdAt: Date;
	dateTimeReceived: Date;
	dateTimeSent?: Date;
	lastModifiedTime: Date;
	/** Graph's singleValueExtendedProperties as a client wrote them (id as given, value as text); copies keep them. */
	extendedProperties?: ExtendedProperty[];
}

export interface ExtendedProperty {
	id: string;
	value: string;
}

export interface StoredMessage extends ItemBase {
	kind: 'message';
	/** Shared by every copy of one sent message: count deliveries of a message with it. */
	internetMessageId: string;
	from?: Address;
	/** The mailbox the message was sent as (the impersonated or the authenticated one). */
	sender: Address;
	toRecipients: Address[];
	ccRecipients: Address[];
	bccRecipients: Address[];
	replyTo: Address[];
	/** The Message-ID this message answers (a reply or forward made by the server). */
	inReplyTo?: string;
	/** The References header: the thread's Message-IDs, oldest first. */
	references?: string;
	isReadReceiptRequested?: boolean;
	isDeliveryReceiptRequested?: boolean;
	disposition: MessageDisposition;
	isDraft: boolean;
}

/** RecurrenceType as stored: the pattern and range a recurring master carries (see mailbox/recurrence.ts). */
export interface StoredRecurrence {
	pattern: {
		kind: 'Daily' | 'Weekly' | 'AbsoluteMonthly' | 'RelativeMonthly' | 'AbsoluteYearly' | 'RelativeYearly';
		/** Days, weeks or months between occurrences; 1 for yearly patterns, which have none. */
		interval: number;
		/** Weekly: the days; relative patterns: one of them, or Day / Weekday / WeekendDay. */
		daysOfWeek: string[];
		firstDayOfWeek?: string;
		dayOfMonth?: number;
		/** First, Second, Third, Fourth or Last. */
		dayOfWeekIndex?: string;
		/** 1 to 12. */
		month?: number;
	};
	range: { kind: 'NoEnd' | 'EndDate' | 'Numbered'; startDate: string; endDate?: string; numberOfOccurrences?: number };
}

/** One occurrence of a series changed on its own (an exception), named by the start the pattern gave it. */
export interface OccurrenceChange {
	originalStart: Date;
	start: DateTimeValue;
	end: DateTimeValue;
	subject?: string;
	location?: string;
	changeKey: string;
	lastModifiedTime: Date;
}

/** What makes a calendar item an occurrence of a series: the sandbox computes these, it never stores them. */
export interface OccurrenceOf {
	masterId: string;
	originalStart: Date;
	/** 1-based, over every occurrence the pattern gives (deleted ones included), as OccurrenceItemId's InstanceIndex. */
	index: number;
	modified: boolean;
}

export interface StoredCalendarItem extends ItemBase {
	kind: 'calendarItem';
	/** The meeting's UID, shared by the organizer's item and the attendees' copies. */
	uid: string;
	start?: DateTimeValue;
	end?: DateTimeValue;
	startTimeZone?: string;
	endTimeZone?: string;
	isAllDayEvent?: boolean;
	legacyFreeBusyStatus?: string;
	location?: string;
	reminderIsSet?: boolean;
	reminderMinutesBeforeStart?: number;
	organizer: Address;
	requiredAttendees: Attendee[];
	optionalAttendees: Attendee[];
	resources: Attendee[];
	invitationsSent: MeetingInvitationsMode;
	/** Organizer on the organizer's item; an attendee's copy starts Tentative. */
	myResponseType: ResponseType;
	isCancelled: boolean;
	/** Graph's transactionId, given when the event was created over Graph: a resent create finds the event by it. */
	transactionId?: string;
	/** Set on a recurring master. */
	recurrence?: StoredRecurrence;
	/** A master's changed occurrences. */
	modifiedOccurrences?: OccurrenceChange[];
	/** The original starts of a master's deleted occurrences. */
	deletedOccurrences?: Date[];
	/** Only on the occurrences a calendar view or an occurrence id gives. */
	occurrenceOf?: OccurrenceOf;
}

interface MeetingMessageBase extends ItemBase {
	internetMessageId: string;
	/** The organizer's calendar item this message is about. */
	calendarItemId: string;
	uid: string;
	organizer: Address;
	start?: DateTimeValue;
	end?: DateTimeValue;
	location?: string;
}

/** What lands in an attendee's or resource's inbox when invitations are sent (IPM.Schedule.Meeting.Request). */
export interface StoredMeetingRequest extends MeetingMessageBase {
	kind: 'meetingRequest';
	/** NewMeetingRequest, or FullUpdate when an organizer's update sent it (MeetingRequestTypeType). */
	meetingRequestType?: 'NewMeetingRequest' | 'FullUpdate';
}

/** An attendee's answer in the organizer's inbox (IPM.Schedule.Meeting.Resp.Pos / .Neg / .Tent). */
export interface StoredMeetingResponse extends MeetingMessageBase {
	kind: 'meetingResponse';
	responder: Address;
	response: 'Accept' | 'Decline' | 'Tentative';
}

/** A cancellation in an attendee's inbox (IPM.Schedule.Meeting.Canceled). */
export interface StoredMeetingCancellation extends MeetingMessageBase {
	kind: 'meetingCancellation';
}

export type StoredMeetingMessage = StoredMeetingRequest | StoredMeetingResponse | StoredMeetingCancellation;
export type StoredItem = StoredMessage | StoredCalendarItem | StoredMeetingMessage;
export type ItemKind = StoredItem['kind'];

/** Set by the store when an item is placed in a folder; callers never give them. */
type Managed = 'id' | 'changeKey' | 'mailbox' | 'folderId' | 'hasAttachments' | 'size' | 'lastModifiedTime' | 'attachments';
/** Given a default by the store when a caller leaves them out. */
type Defaulted =
	| 'itemClass'
	| 'categories'
	| 'isRead'
	| 'flag'
	| 'conversationId'
	| 'conversationIndex'
	| 'createdAt'
	| 'dateTimeReceived'
	| 'createdBy';

type NewOf<T extends StoredItem> = Omit<T, Managed | Defaulted> & Partial<Pick<T, Defaulted>> & { attachments?: NewAttachment[] };

/** An item as a caller hands it to the store: its content, without ids or the fields the store computes. */
export type NewItem =
	| NewOf<StoredMessage>
	| NewOf<StoredCalendarItem>
	| NewOf<StoredMeetingRequest>
	| NewOf<StoredMeetingResponse>
	| NewOf<StoredMeetingCancellation>;
export type NewMessage = NewOf<StoredMessage>;
export type NewCalendarItem = NewOf<StoredCalendarItem>;

/** The fields an update may change (UpdateItem, or a user in Outlook). */
export type ItemChanges = Partial<
	Pick<StoredMessage, 'subject' | 'body' | 'categories' | 'importance' | 'sensitivity' | 'isRead' | 'flag'> &
		Pick<
			StoredCalendarItem,
			| 'start'
			| 'end'
			| 'startTimeZone'
			| 'endTimeZone'
			| 'isAllDayEvent'
			| 'legacyFreeBusyStatus'
			| 'location'
			| 'reminderIsSet'
			| 'reminderMinutesBeforeStart'
			| 'requiredAttendees'
			| 'optionalAttendees'
			| 'resources'
			| 'isCancelled'
			| 'myResponseType'
		> &
		Pick<StoredMessage, 'toRecipients' | 'ccRecipients' | 'bccRecipients' | 'replyTo' | 'from' | 'extendedProperties'>
>;

export type DeleteMode = 'HardDelete' | 'SoftDelete' | 'MoveToDeletedItems';

export interface Delivery {
	/** The internetMessageId of the delivered message or meeting message. */
	messageId: string;
	kind: 'message' | StoredMeetingMessage['kind'];
	subject?: string;
	sender: string;
	recipient: string;
	/** Outside the organisation: kept in the external outbox instead of a mailbox. */
	external: boolean;
	at: Date;
}
