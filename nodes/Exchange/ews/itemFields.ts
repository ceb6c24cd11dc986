import { EXCHANGE_VERSIONS, type ExchangeVersion } from '../transport/settings';
import { checkElementText, el, type XmlElement, type XmlNode } from '../transport/xml';
import {
	attachments,
	attendees,
	body,
	boolean,
	dateTime,
	flag,
	id,
	integer,
	ItemFieldError,
	mimeContent,
	recipients,
	singleRecipient,
	stringArray,
	text,
	timeZone,
	type BodyField,
	type FieldType,
	type FileAttachment,
	type Flag,
} from './fieldTypes';
import { recurrence } from './recurrence';

export { ItemFieldError } from './fieldTypes';
export type { BodyField, FileAttachment } from './fieldTypes';

/**
 * Every item field the node writes or reads, declared once (as exchangelib does): its name in the node
 * (input key and output name), its element, its FieldURI, how it is written and read, whether EWS lets it be
 * set, and the first version that has it. EWS complex types are xs:sequences, so each table is in schema
 * order (types.xsd ItemType, MessageType, CalendarItemType) and one builder walks it: CreateItem's item
 * elements, GetItem's AdditionalProperties, UpdateItem's SetItemField / DeleteItemField and the output all
 * come from here.
 */
export interface FieldDefinition {
	key: string;
	element: string;
	/** UnindexedFieldURIType value, e.g. item:Subject. */
	uri: string;
	// The table mixes value types; each entry's write and read agree with each other.
	type: FieldType<any, any>;
	/** EWS computes it: never written. */
	readOnly?: boolean;
	/** The first version whose schema has it; absent means every version the node supports. */
	since?: ExchangeVersion;
}

export type ItemKind = 'Message' | 'CalendarItem';

export function isAtLeast(version: ExchangeVersion, minimum: ExchangeVersion): boolean {
	return EXCHANGE_VERSIONS.indexOf(version) >= EXCHANGE_VERSIONS.indexOf(minimum);
}

const reminderMinutesType: FieldType<number> = {
	...integer,
	write: (element, minutes) => {
		if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_REMINDER_MINUTES) {
			throw new ItemFieldError(element, String(minutes), `must be whole minutes from 0 to ${MAX_REMINDER_MINUTES}`);
		}
		return integer.write?.(element, minutes);
	},
};

// ReminderMinutesBeforeStartType's range.
const MAX_REMINDER_MINUTES = 2629800;

/** ItemType's sequence. */
export const ITEM_FIELDS: readonly FieldDefinition[] = [
	{ key: 'mimeContent', element: 'MimeContent', uri: 'item:MimeContent', type: mimeContent, readOnly: true },
	{ key: 'itemId', element: 'ItemId', uri: 'item:ItemId', type: id, readOnly: true },
	{ key: 'parentFolderId', element: 'ParentFolderId', uri: 'item:ParentFolderId', type: id, readOnly: true },
	{ key: 'itemClass', element: 'ItemClass', uri: 'item:ItemClass', type: text },
	{ key: 'subject', element: 'Subject', uri: 'item:Subject', type: text },
	{ key: 'sensitivity', element: 'Sensitivity', uri: 'item:Sensitivity', type: text },
	{ key: 'body', element: 'Body', uri: 'item:Body', type: body },
	{ key: 'attachments', element: 'Attachments', uri: 'item:Attachments', type: attachments },
	{ key: 'receivedAt', element: 'DateTimeReceived', uri: 'item:DateTimeReceived', type: dateTime, readOnly: true },
	{ key: 'size', element: 'Size', uri: 'item:Size', type: integer, readOnly: true },
	{ key: 'categories', element: 'Categories', uri: 'item:Categories', type: stringArray },
	{ key: 'importance', element: 'Importance', uri: 'item:Importance', type: text },
	{ key: 'inReplyTo', element: 'InReplyTo', uri: 'item:InReplyTo', type: text, readOnly: true },
	{ key: 'isDraft', element: 'IsDraft', uri: 'item:IsDraft', type: boolean, readOnly: true },
	{ key: 'isFromMe', element: 'IsFromMe', uri: 'item:IsFromMe', type: boolean, readOnly: true },
	{ key: 'sentAt', element: 'DateTimeSent', uri: 'item:DateTimeSent', type: dateTime, readOnly: true },
	{ key: 'createdAt', element: 'DateTimeCreated', uri: 'item:DateTimeCreated', type: dateTime, readOnly: true },
	{ key: 'reminderIsSet', element: 'ReminderIsSet', uri: 'item:ReminderIsSet', type: boolean },
	{ key: 'reminderMinutes', element: 'ReminderMinutesBeforeStart', uri: 'item:ReminderMinutesBeforeStart', type: reminderMinutesType },
	{ key: 'displayCc', element: 'DisplayCc', uri: 'item:DisplayCc', type: text, readOnly: true },
	{ key: 'displayTo', element: 'DisplayTo', uri: 'item:DisplayTo', type: text, readOnly: true },
	{ key: 'hasAttachments', element: 'HasAttachments', uri: 'item:HasAttachments', type: boolean, readOnly: true },
	{ key: 'modifiedAt', element: 'LastModifiedTime', uri: 'item:LastModifiedTime', type: dateTime, readOnly: true },
	{ key: 'webLink', element: 'WebClientReadFormQueryString', uri: 'item:WebClientReadFormQueryString', type: text, readOnly: true },
	{ key: 'conversationId', element: 'ConversationId', uri: 'item:ConversationId', type: id, readOnly: true },
	{ key: 'flag', element: 'Flag', uri: 'item:Flag', type: flag, since: 'Exchange2013' },
	{ key: 'bodyPreview', element: 'Preview', uri: 'item:Preview', type: text, readOnly: true, since: 'Exchange2013' },
];

/** MessageType's own sequence, after ItemType's. */
export const MESSAGE_FIELDS: readonly FieldDefinition[] = [
	...ITEM_FIELDS,
	{ key: 'sender', element: 'Sender', uri: 'message:Sender', type: singleRecipient },
	{ key: 'to', element: 'ToRecipients', uri: 'message:ToRecipients', type: recipients },
	{ key: 'cc', element: 'CcRecipients', uri: 'message:CcRecipients', type: recipients },
	{ key: 'bcc', element: 'BccRecipients', uri: 'message:BccRecipients', type: recipients },
	{ key: 'isReadReceiptRequested', element: 'IsReadReceiptRequested', uri: 'message:IsReadReceiptRequested', type: boolean },
	{ key: 'isDeliveryReceiptRequested', element: 'IsDeliveryReceiptRequested', uri: 'message:IsDeliveryReceiptRequested', type: boolean },
	{ key: 'conversationTopic', element: 'ConversationTopic', uri: 'message:ConversationTopic', type: text, readOnly: true },
	{ key: 'from', element: 'From', uri: 'message:From', type: singleRecipient },
	{ key: 'internetMessageId', element: 'InternetMessageId', uri: 'message:InternetMessageId', type: text, readOnly: true },
	{ key: 'isRead', element: 'IsRead', uri: 'message:IsRead', type: boolean },
	{ key: 'replyTo', element: 'ReplyTo', uri: 'message:ReplyTo', type: recipients },
];

/** CalendarItemType's own sequence, after ItemType's. */
export const CALENDAR_ITEM_FIELDS: readonly FieldDefinition[] = [
	...ITEM_FIELDS,
	{ key: 'start', element: 'Start', uri: 'calendar:Start', type: dateTime },
	{ key: 'end', element: 'End', uri: 'calendar:End', type: dateTime },
	{ key: 'originalStart', element: 'OriginalStart', uri: 'calendar:OriginalStart', type: dateTime, readOnly: true },
	{ key: 'isAllDay', element: 'IsAllDayEvent', uri: 'calendar:IsAllDayEvent', type: boolean },
	{ key: 'legacyFreeBusyStatus', element: 'LegacyFreeBusyStatus', uri: 'calendar:LegacyFreeBusyStatus', type: text },
	{ key: 'location', element: 'Location', uri: 'calendar:Location', type: text },
	{ key: 'isMeeting', element: 'IsMeeting', uri: 'calendar:IsMeeting', type: boolean, readOnly: true },
	{ key: 'isCancelled', element: 'IsCancelled', uri: 'calendar:IsCancelled', type: boolean, readOnly: true },
	{ key: 'isRecurring', element: 'IsRecurring', uri: 'calendar:IsRecurring', type: boolean, readOnly: true },
	{ key: 'calendarItemType', element: 'CalendarItemType', uri: 'calendar:CalendarItemType', type: text, readOnly: true },
	{ key: 'myResponseType', element: 'MyResponseType', uri: 'calendar:MyResponseType', type: text, readOnly: true },
	{ key: 'organizer', element: 'Organizer', uri: 'calendar:Organizer', type: singleRecipient, readOnly: true },
	{ key: 'requiredAttendees', element: 'RequiredAttendees', uri: 'calendar:RequiredAttendees', type: attendees },
	{ key: 'optionalAttendees', element: 'OptionalAttendees', uri: 'calendar:OptionalAttendees', type: attendees },
	{ key: 'resources', element: 'Resources', uri: 'calendar:Resources', type: attendees },
	{ key: 'recurrence', element: 'Recurrence', uri: 'calendar:Recurrence', type: recurrence },
	{ key: 'startTimeZoneId', element: 'StartTimeZone', uri: 'calendar:StartTimeZone', type: timeZone },
	{ key: 'endTimeZoneId', element: 'EndTimeZone', uri: 'calendar:EndTimeZone', type: timeZone },
];

const TABLES: Record<ItemKind, readonly FieldDefinition[]> = { Message: MESSAGE_FIELDS, CalendarItem: CALENDAR_ITEM_FIELDS };

/** Meeting messages derive from MessageType; anything else is read with ItemType's fields. */
const READ_TABLES: Record<string, readonly FieldDefinition[]> = {
	...TABLES,
	MeetingRequest: MESSAGE_FIELDS,
	MeetingResponse: MESSAGE_FIELDS,
	MeetingCancellation: MESSAGE_FIELDS,
};

export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';
export type Importance = 'Low' | 'Normal' | 'High';

/** What every item type inherits from ItemType and the node sets. */
export interface ItemFields {
	subject?: string;
	sensitivity?: Sensitivity;
	body?: BodyField;
	attachments?: FileAttachment[];
	categories?: string[];
	importance?: Importance;
	reminderIsSet?: boolean;
	reminderMinutes?: number;
	flag?: Flag;
}

/** The field of that key in the kind's table; an unknown key is a bug in the caller. */
export function fieldOf(kind: ItemKind, key: string): FieldDefinition {
	const field = TABLES[kind].find((entry) => entry.key === key);
	if (!field) throw new ItemFieldError(kind, key, `${kind} has no field "${key}"`);
	return field;
}

function checkWritable(field: FieldDefinition, version: ExchangeVersion, value: unknown): void {
	if (field.readOnly || !field.type.write) throw new ItemFieldError(field.element, String(value), 'Exchange sets it; it cannot be written');
	if (field.since && !isAtLeast(version, field.since)) {
		throw new ItemFieldError(field.element, String(value), `it needs ${field.since} or later, and the credential's Exchange version is ${version}`);
	}
}

/** The element `t:<kind>` for CreateItem with the values given, in schema order; absent values are left out. */
export function buildItem(kind: ItemKind, values: object, version: ExchangeVersion): XmlElement {
	const given = values as Record<string, unknown>;
	const element = el(
		`t:${kind}`,
		undefined,
		TABLES[kind].map((field) => {
			const value = given[field.key];
			if (value === undefined || value === null) return undefined;
			checkWritable(field, version, value);
			return field.type.write?.(field.element, value);
		}),
	);
	// Refused now, so an item whose text XML cannot carry fails alone, not with the batch it would join.
	checkElementText(element);
	return element;
}

export interface ReadItem {
	/** The element's name: Message, CalendarItem, MeetingRequest, ... */
	kind: string;
	/** Each field the answer holds, by its key in the table. */
	fields: Record<string, unknown>;
}

/** An item element of an answer (GetItem, FindItem, SyncFolderItems), read with its kind's table. */
export function readItem(node: XmlNode): ReadItem {
	const table = READ_TABLES[node.name] ?? ITEM_FIELDS;
	const fields: Record<string, unknown> = {};
	for (const child of node.children) {
		const field = table.find((entry) => entry.element === child.name);
		if (field) fields[field.key] = field.type.read(child);
	}
	return { kind: node.name, fields };
}

/**
 * `t:AdditionalProperties` asking for these fields of `kind`; fields newer than the version are left out,
 * so a read on an older server gives what that server has instead of failing.
 */
export function additionalProperties(kind: ItemKind, keys: readonly string[], version: ExchangeVersion): XmlElement | undefined {
	const fields = keys.map((key) => fieldOf(kind, key)).filter((field) => !field.since || isAtLeast(version, field.since));
	if (fields.length === 0) return undefined;
	return el(
		't:AdditionalProperties',
		undefined,
		fields.map((field) => el('t:FieldURI', { FieldURI: field.uri })),
	);
}

/** UpdateItem's `t:SetItemField`: the field's URI and the item element carrying only its new value. */
export function setItemField(kind: ItemKind, key: string, value: unknown, version: ExchangeVersion): XmlElement {
	const field = fieldOf(kind, key);
	checkWritable(field, version, value);
	const written = field.type.write?.(field.element, value);
	if (!written) throw new ItemFieldError(field.element, String(value), 'an empty value cannot be set; delete the field instead');
	return el('t:SetItemField', undefined, el('t:FieldURI', { FieldURI: field.uri }), el(`t:${kind}`, undefined, written));
}

/** UpdateItem's `t:DeleteItemField`: clears a field that may be written. */
export function deleteItemField(kind: ItemKind, key: string, version: ExchangeVersion): XmlElement {
	const field = fieldOf(kind, key);
	checkWritable(field, version, key);
	return el('t:DeleteItemField', undefined, el('t:FieldURI', { FieldURI: field.uri }));
}

