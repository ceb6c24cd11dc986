import { Address, Attendee, Body, StoredAttachment, StoredCalendarItem, StoredItem, StoredMessage } from '../store';
import { BuiltChild, BuiltElement, el, textEl } from '../xml';
import { occurrenceId } from '../mailbox/recurrence';
import { calendarItemType, deletedOccurrencesElement, isRecurring, modifiedOccurrencesElement, recurrenceElement } from './recurrence';
import { PropertyValue } from './restrictions';
import { dateTimeText } from './responses';

/**
 * Item properties by FieldURI, each declared once: its element, how it is written into an answer and the
 * value a restriction compares. Lists are in schema order (ItemType, then MessageType, MeetingMessageType,
 * MeetingRequestMessageType or CalendarItemType), so an item's element is its applicable properties in list
 * order. Properties the store does not keep are not listed: EWS leaves out what an item does not have.
 */

export type BodyTypeWanted = 'Best' | 'HTML' | 'Text';

/** What writing a property may need beyond the item. */
export interface WriteContext {
	bodyType: BodyTypeWanted;
	parentFolder: (item: StoredItem) => { id: string; changeKey: string };
	mime: (item: StoredItem) => string;
}

export interface ItemProperty<T extends StoredItem = StoredItem> {
	uri: string;
	/** Part of BaseShape Default for GetItem (FindItem's Default leaves out what FindItem cannot return). */
	inDefault?: boolean;
	/** Not in AllProperties: only when named (MimeContent, as IncludeMimeContent also asks for it). */
	onlyWhenNamed?: boolean;
	write: (item: T, context: WriteContext) => BuiltChild;
	value?: (item: T) => PropertyValue;
}

type MessageLike = Exclude<StoredItem, StoredCalendarItem>;
type MeetingMessage = Exclude<StoredItem, StoredCalendarItem | StoredMessage>;

export function mailboxElement(address: Address): BuiltElement {
	return el(
		't:Mailbox',
		{},
		textEl('t:Name', address.name ?? address.address),
		textEl('t:EmailAddress', address.address),
		textEl('t:RoutingType', 'SMTP'),
		textEl('t:MailboxType', 'Mailbox'),
	);
}

function mailboxList(name: string, addresses: Address[]): BuiltChild {
	return addresses.length > 0 && el(name, {}, addresses.map(mailboxElement));
}

/** AttendeeType: the mailbox, then the answer the organizer has received (Unknown before one arrives). */
function attendeeList(name: string, attendees: Attendee[]): BuiltChild {
	return (
		attendees.length > 0 &&
		el(
			name,
			{},
			attendees.map((a) =>
				el('t:Attendee', {}, mailboxElement(a), textEl('t:ResponseType', a.responseType ?? 'Unknown'), textEl('t:LastResponseTime', dateTimeText(a.lastResponseTime))),
			),
		)
	);
}

function single(name: string, address: Address | undefined): BuiltChild {
	return address && el(name, {}, mailboxElement(address));
}

function displayNames(addresses: Address[]): string {
	return addresses.map((a) => a.name ?? a.address).join('; ');
}

function addressValues(addresses: Address[]): string[] {
	return addresses.flatMap((a) => (a.name ? [a.name, a.address] : [a.address]));
}

function htmlToText(html: string): string {
	return html
		.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
		.replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.trim();
}

function textToHtml(text: string): string {
	const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '<br>\r\n');
	return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${escaped}\r\n</body>\r\n</html>\r\n`;
}

/** The body in the type asked for (BodyType Best: as stored), converted as Exchange converts between the two. */
export function bodyIn(body: Body, wanted: BodyTypeWanted): Body {
	if (wanted === 'Best' || wanted === body.type) return body;
	return wanted === 'Text' ? { type: 'Text', text: htmlToText(body.text) } : { type: 'HTML', text: textToHtml(body.text) };
}

function plainText(item: StoredItem): string | undefined {
	return item.body && bodyIn(item.body, 'Text').text;
}

/**
 * AttachmentType's elements in schema order. GetAttachment (`withContent`) adds a FileAttachment's Content, or
 * an ItemAttachment's item as a Message with its MimeContent when IncludeMimeContent asks for it.
 */
export function attachmentElement(attachment: StoredAttachment, withContent: boolean, includeMime = false): BuiltElement {
	const { attachedItem } = attachment;
	const common = [
		el('t:AttachmentId', { Id: attachment.id }),
		textEl('t:Name', attachment.name),
		!attachedItem && textEl('t:ContentType', attachment.contentType ?? 'application/octet-stream'),
		textEl('t:ContentId', attachment.contentId),
		textEl('t:Size', attachment.content.length),
		textEl('t:LastModifiedTime', dateTimeText(attachment.lastModifiedTime)),
		textEl('t:IsInline', attachment.isInline),
	];
	if (attachedItem) {
		const item =
			withContent &&
			el(
				't:Message',
				{},
				includeMime && el('t:MimeContent', { CharacterSet: 'UTF-8' }, attachment.content.toString('base64')),
				textEl('t:ItemClass', attachedItem.itemClass),
				textEl('t:Subject', attachedItem.subject),
			);
		return el('t:ItemAttachment', {}, ...common, item);
	}
	return el('t:FileAttachment', {}, ...common, textEl('t:IsContactPhoto', false), withContent && textEl('t:Content', attachment.content.toString('base64')));
}

/** ItemType, in schema order. */
export const ITEM_PROPERTIES: ItemProperty[] = [
	{
		uri: 'item:MimeContent',
		onlyWhenNamed: true,
		write: (item, c) => el('t:MimeContent', { CharacterSet: 'UTF-8' }, Buffer.from(c.mime(item), 'utf8').toString('base64')),
	},
	{
		uri: 'item:ParentFolderId',
		inDefault: true,
		write: (item, c) => {
			const folder = c.parentFolder(item);
			return el('t:ParentFolderId', { Id: folder.id, ChangeKey: folder.changeKey });
		},
	},
	{ uri: 'item:ItemClass', inDefault: true, write: (i) => textEl('t:ItemClass', i.itemClass), value: (i) => i.itemClass },
	{ uri: 'item:Subject', inDefault: true, write: (i) => textEl('t:Subject', i.subject), value: (i) => i.subject },
	{ uri: 'item:Sensitivity', inDefault: true, write: (i) => textEl('t:Sensitivity', i.sensitivity), value: (i) => i.sensitivity },
	{
		uri: 'item:Body',
		inDefault: true,
		write: (item, c) => {
			if (!item.body) return undefined;
			const body = bodyIn(item.body, c.bodyType);
			return el('t:Body', { BodyType: body.type }, body.text);
		},
		value: plainText,
	},
	{
		uri: 'item:Attachments',
		inDefault: true,
		write: (i) => i.attachments.length > 0 && el('t:Attachments', {}, i.attachments.map((a) => attachmentElement(a, false))),
	},
	{
		uri: 'item:DateTimeReceived',
		inDefault: true,
		write: (i) => textEl('t:DateTimeReceived', dateTimeText(i.dateTimeReceived)),
		value: (i) => i.dateTimeReceived,
	},
	{ uri: 'item:Size', inDefault: true, write: (i) => textEl('t:Size', i.size), value: (i) => i.size },
	{
		uri: 'item:Categories',
		inDefault: true,
		write: (i) => i.categories.length > 0 && el('t:Categories', {}, i.categories.map((c) => el('t:String', {}, c))),
		value: (i) => i.categories,
	},
	{ uri: 'item:Importance', inDefault: true, write: (i) => textEl('t:Importance', i.importance), value: (i) => i.importance },
	{
		uri: 'item:InReplyTo',
		write: (i) => i.kind === 'message' && textEl('t:InReplyTo', i.inReplyTo),
		value: (i) => (i.kind === 'message' ? i.inReplyTo : undefined),
	},
	{
		uri: 'item:IsDraft',
		inDefault: true,
		write: (i) => textEl('t:IsDraft', i.kind === 'message' && i.isDraft),
		value: (i) => i.kind === 'message' && i.isDraft,
	},
	{
		uri: 'item:DateTimeSent',
		inDefault: true,
		write: (i) => textEl('t:DateTimeSent', dateTimeText(i.dateTimeSent)),
		value: (i) => i.dateTimeSent,
	},
	{
		uri: 'item:DateTimeCreated',
		inDefault: true,
		write: (i) => textEl('t:DateTimeCreated', dateTimeText(i.createdAt)),
		value: (i) => i.createdAt,
	},
	{
		uri: 'item:ReminderIsSet',
		write: (i) => textEl('t:ReminderIsSet', i.kind === 'calendarItem' ? (i.reminderIsSet ?? false) : false),
		value: (i) => (i.kind === 'calendarItem' ? (i.reminderIsSet ?? false) : false),
	},
	{
		uri: 'item:ReminderMinutesBeforeStart',
		write: (i) => i.kind === 'calendarItem' && textEl('t:ReminderMinutesBeforeStart', i.reminderMinutesBeforeStart),
	},
	{
		uri: 'item:DisplayCc',
		inDefault: true,
		write: (i) => textEl('t:DisplayCc', displayNames(ccOf(i))),
		value: (i) => displayNames(ccOf(i)),
	},
	{
		uri: 'item:DisplayTo',
		inDefault: true,
		write: (i) => textEl('t:DisplayTo', displayNames(toOf(i))),
		value: (i) => displayNames(toOf(i)),
	},
	{ uri: 'item:HasAttachments', inDefault: true, write: (i) => textEl('t:HasAttachments', i.hasAttachments), value: (i) => i.hasAttachments },
	{
		uri: 'item:LastModifiedTime',
		inDefault: true,
		write: (i) => textEl('t:LastModifiedTime', dateTimeText(i.lastModifiedTime)),
		value: (i) => i.lastModifiedTime,
	},
	{
		uri: 'item:ConversationId',
		inDefault: true,
		write: (i) => el('t:ConversationId', { Id: i.conversationId }),
		value: (i) => i.conversationId,
	},
	{
		uri: 'item:Flag',
		write: (i) =>
			el(
				't:Flag',
				{},
				textEl('t:FlagStatus', i.flag.status),
				textEl('t:StartDate', dateTimeText(i.flag.startDate)),
				textEl('t:DueDate', dateTimeText(i.flag.dueDate)),
				textEl('t:CompleteDate', dateTimeText(i.flag.completeDate)),
			),
		value: (i) => i.flag.status,
	},
	{ uri: 'item:Preview', write: (i) => textEl('t:Preview', plainText(i)?.slice(0, 255)), value: (i) => plainText(i)?.slice(0, 255) },
	{ uri: 'item:TextBody', write: (i) => textEl('t:TextBody', plainText(i)) },
];

function toOf(item: StoredItem): Address[] {
	if (item.kind === 'message') return item.toRecipients;
	if (item.kind === 'calendarItem') return [...item.requiredAttendees, ...item.resources];
	return [];
}

function ccOf(item: StoredItem): Address[] {
	if (item.kind === 'message') return item.ccRecipients;
	if (item.kind === 'calendarItem') return item.optionalAttendees;
	return [];
}

/** A meeting response comes from the attendee who answered; the other meeting messages from the organizer. */
function senderOf(item: MessageLike): Address {
	return item.kind === 'message' ? item.sender : item.kind === 'meetingResponse' ? item.responder : item.organizer;
}

function fromOf(item: MessageLike): Address {
	return item.kind === 'message' ? (item.from ?? item.sender) : senderOf(item);
}

/** MessageType, in schema order; meeting messages are messages from their organizer. */
export const MESSAGE_PROPERTIES: Array<ItemProperty<MessageLike>> = [
	{
		uri: 'message:Sender',
		inDefault: true,
		write: (i) => single('t:Sender', senderOf(i)),
		value: (i) => addressValues([senderOf(i)]),
	},
	{
		uri: 'message:ToRecipients',
		inDefault: true,
		write: (i) => i.kind === 'message' && mailboxList('t:ToRecipients', i.toRecipients),
		value: (i) => (i.kind === 'message' ? addressValues(i.toRecipients) : undefined),
	},
	{
		uri: 'message:CcRecipients',
		inDefault: true,
		write: (i) => i.kind === 'message' && mailboxList('t:CcRecipients', i.ccRecipients),
		value: (i) => (i.kind === 'message' ? addressValues(i.ccRecipients) : undefined),
	},
	{
		uri: 'message:BccRecipients',
		write: (i) => i.kind === 'message' && mailboxList('t:BccRecipients', i.bccRecipients),
		value: (i) => (i.kind === 'message' ? addressValues(i.bccRecipients) : undefined),
	},
	{
		uri: 'message:IsReadReceiptRequested',
		inDefault: true,
		write: (i) => textEl('t:IsReadReceiptRequested', i.kind === 'message' && (i.isReadReceiptRequested ?? false)),
	},
	{
		uri: 'message:IsDeliveryReceiptRequested',
		inDefault: true,
		write: (i) => textEl('t:IsDeliveryReceiptRequested', i.kind === 'message' && (i.isDeliveryReceiptRequested ?? false)),
	},
	{ uri: 'message:ConversationIndex', write: (i) => textEl('t:ConversationIndex', i.conversationIndex) },
	{
		uri: 'message:ConversationTopic',
		write: (i) => textEl('t:ConversationTopic', conversationTopic(i.subject)),
		value: (i) => conversationTopic(i.subject),
	},
	{ uri: 'message:From', inDefault: true, write: (i) => single('t:From', fromOf(i)), value: (i) => addressValues([fromOf(i)]) },
	{
		uri: 'message:InternetMessageId',
		inDefault: true,
		write: (i) => textEl('t:InternetMessageId', i.internetMessageId),
		value: (i) => i.internetMessageId,
	},
	{ uri: 'message:IsRead', inDefault: true, write: (i) => textEl('t:IsRead', i.isRead), value: (i) => i.isRead },
	{ uri: 'message:References', write: (i) => i.kind === 'message' && textEl('t:References', i.references) },
	{ uri: 'message:ReplyTo', write: (i) => i.kind === 'message' && mailboxList('t:ReplyTo', i.replyTo) },
];

/** The subject without the reply and forward prefixes, as Exchange keeps PidTagConversationTopic. */
function conversationTopic(subject: string | undefined): string | undefined {
	return subject?.replace(/^((re|fw|fwd|aw|wg):\s*)+/i, '');
}

function dateValue(value: { instant: Date } | undefined): Date | undefined {
	return value?.instant;
}

/**
 * After MeetingMessageType (whose own properties the store does not keep): MeetingRequestMessageType's, of
 * which MeetingResponseMessageType and MeetingCancellationMessageType share Start, End and Location.
 */
export const MEETING_MESSAGE_PROPERTIES: Array<ItemProperty<MeetingMessage>> = [
	{ uri: 'meetingRequest:MeetingRequestType', write: (i) => i.kind === 'meetingRequest' && textEl('t:MeetingRequestType', i.meetingRequestType ?? 'NewMeetingRequest') },
	{ uri: 'calendar:Start', inDefault: true, write: (i) => textEl('t:Start', dateTimeText(dateValue(i.start))), value: (i) => dateValue(i.start) },
	{ uri: 'calendar:End', inDefault: true, write: (i) => textEl('t:End', dateTimeText(dateValue(i.end))), value: (i) => dateValue(i.end) },
	{ uri: 'calendar:Location', inDefault: true, write: (i) => textEl('t:Location', i.location), value: (i) => i.location },
	{
		uri: 'calendar:Organizer',
		inDefault: true,
		write: (i) => i.kind === 'meetingRequest' && single('t:Organizer', i.organizer),
		value: (i) => addressValues([i.organizer]),
	},
];

/** CalendarItemType, in schema order. */
export const CALENDAR_PROPERTIES: Array<ItemProperty<StoredCalendarItem>> = [
	{ uri: 'calendar:UID', write: (i) => textEl('t:UID', i.uid), value: (i) => i.uid },
	{ uri: 'calendar:Start', inDefault: true, write: (i) => textEl('t:Start', dateTimeText(dateValue(i.start))), value: (i) => dateValue(i.start) },
	{ uri: 'calendar:End', inDefault: true, write: (i) => textEl('t:End', dateTimeText(dateValue(i.end))), value: (i) => dateValue(i.end) },
	{ uri: 'calendar:OriginalStart', write: (i) => textEl('t:OriginalStart', dateTimeText(i.occurrenceOf?.originalStart)) },
	{
		uri: 'calendar:IsAllDayEvent',
		inDefault: true,
		write: (i) => textEl('t:IsAllDayEvent', i.isAllDayEvent ?? false),
		value: (i) => i.isAllDayEvent ?? false,
	},
	{
		uri: 'calendar:LegacyFreeBusyStatus',
		inDefault: true,
		write: (i) => textEl('t:LegacyFreeBusyStatus', i.legacyFreeBusyStatus ?? 'Busy'),
		value: (i) => i.legacyFreeBusyStatus ?? 'Busy',
	},
	{ uri: 'calendar:Location', inDefault: true, write: (i) => textEl('t:Location', i.location), value: (i) => i.location },
	{
		uri: 'calendar:IsMeeting',
		write: (i) => textEl('t:IsMeeting', isMeeting(i)),
		value: isMeeting,
	},
	{ uri: 'calendar:IsCancelled', write: (i) => textEl('t:IsCancelled', i.isCancelled), value: (i) => i.isCancelled },
	{ uri: 'calendar:IsRecurring', write: (i) => textEl('t:IsRecurring', isRecurring(i)), value: isRecurring },
	{ uri: 'calendar:CalendarItemType', inDefault: true, write: (i) => textEl('t:CalendarItemType', calendarItemType(i)), value: calendarItemType },
	{ uri: 'calendar:MyResponseType', write: (i) => textEl('t:MyResponseType', i.myResponseType), value: (i) => i.myResponseType },
	{ uri: 'calendar:Organizer', inDefault: true, write: (i) => single('t:Organizer', i.organizer), value: (i) => addressValues([i.organizer]) },
	{ uri: 'calendar:RequiredAttendees', write: (i) => attendeeList('t:RequiredAttendees', i.requiredAttendees) },
	{ uri: 'calendar:OptionalAttendees', write: (i) => attendeeList('t:OptionalAttendees', i.optionalAttendees) },
	{ uri: 'calendar:Resources', write: (i) => attendeeList('t:Resources', i.resources) },
	{ uri: 'calendar:Recurrence', write: (i) => recurrenceElement(i.recurrence) },
	{ uri: 'calendar:ModifiedOccurrences', write: (i) => modifiedOccurrencesElement(i, (start) => occurrenceId(i.id, start)) },
	{ uri: 'calendar:DeletedOccurrences', write: deletedOccurrencesElement },
];

function isMeeting(item: StoredCalendarItem): boolean {
	return item.requiredAttendees.length + item.optionalAttendees.length + item.resources.length > 0;
}

const MEETING_ELEMENTS: Record<MeetingMessage['kind'], string> = {
	meetingRequest: 't:MeetingRequest',
	meetingResponse: 't:MeetingResponse',
	meetingCancellation: 't:MeetingCancellation',
};

/** The element an item is answered as and the properties it may carry, in schema order. */
export function propertiesOf(item: StoredItem): { element: string; properties: ItemProperty[] } {
	const erase = <T extends StoredItem>(list: Array<ItemProperty<T>>) => list as unknown as ItemProperty[];
	switch (item.kind) {
		case 'message':
			return { element: 't:Message', properties: [...ITEM_PROPERTIES, ...erase(MESSAGE_PROPERTIES)] };
		case 'calendarItem':
			return { element: 't:CalendarItem', properties: [...ITEM_PROPERTIES, ...erase(CALENDAR_PROPERTIES)] };
		default:
			return { element: MEETING_ELEMENTS[item.kind], properties: [...ITEM_PROPERTIES, ...erase(MESSAGE_PROPERTIES), ...erase(MEETING_MESSAGE_PROPERTIES)] };
	}
}

/** The value a restriction compares, by FieldURI, for this item (undefined where it has no such property). */
export function itemValue(item: StoredItem, uri: string): PropertyValue {
	return propertiesOf(item).properties.find((p) => p.uri === uri)?.value?.(item);
}
