import type { Recipient } from '../helpers/recipients';
import { EXCHANGE_VERSIONS, type ExchangeVersion } from '../transport/settings';
import { el, textEl, type XmlChild, type XmlElement } from '../transport/xml';

/**
 * EWS complex types are xs:sequences: children must come in schema order. Each type we write is therefore
 * described by a table of its fields in that order (as exchangelib does), and one builder walks the table;
 * no code orders elements by hand.
 */
export interface ItemField<F> {
	/** Element name in the types namespace, without prefix. */
	element: string;
	write(fields: F): XmlChild;
}

type Encoder<V> = (element: string, value: V) => XmlChild;

/**
 * A field maker for input type F: each field reads `fields[key]` and is written by `encode` unless the
 * value is absent. Curried so that F is named once per table and the keys are checked against it.
 */
export function fieldsOf<F>() {
	return <K extends keyof F>(element: string, key: K, encode: Encoder<NonNullable<F[K]>>): ItemField<F> => ({
		element,
		write: (fields) => {
			const value = fields[key];
			return value === undefined || value === null ? undefined : encode(element, value as NonNullable<F[K]>);
		},
	});
}

/** A field whose value does not come from the input. */
export function fixed<F>(element: string, value: string): ItemField<F> {
	return { element, write: () => textEl(`t:${element}`, value) };
}

/** The element `t:<element>` with the children the table's fields write, in table order. */
export function buildFromFields<F>(element: string, fields: F, table: ReadonlyArray<ItemField<F>>): XmlElement {
	return el(
		`t:${element}`,
		undefined,
		table.map((entry) => entry.write(fields)),
	);
}

/** A value the schema or the target Exchange version cannot carry. */
export class ItemFieldError extends Error {
	constructor(
		readonly element: string,
		readonly value: string,
		readonly reason: string,
	) {
		super(`${element} "${value}" cannot be sent: ${reason}`);
		this.name = 'ItemFieldError';
	}
}

export function isAtLeast(version: ExchangeVersion, minimum: ExchangeVersion): boolean {
	return EXCHANGE_VERSIONS.indexOf(version) >= EXCHANGE_VERSIONS.indexOf(minimum);
}

// Encoders, one per schema type.

export const text: Encoder<string | number> = (element, value) => textEl(`t:${element}`, value);

export const boolean: Encoder<boolean> = (element, value) => textEl(`t:${element}`, value ? 'true' : 'false');

export const stringArray: Encoder<string[]> = (element, values) =>
	values.length > 0 && el(`t:${element}`, undefined, values.map((value) => textEl('t:String', value)));

/** EmailAddressType: Name, then EmailAddress. */
const recipientField = fieldsOf<Recipient>();
const EMAIL_ADDRESS_FIELDS: ReadonlyArray<ItemField<Recipient>> = [
	recipientField('Name', 'name', text),
	recipientField('EmailAddress', 'address', text),
];

const mailbox = (recipient: Recipient): XmlElement => buildFromFields('Mailbox', recipient, EMAIL_ADDRESS_FIELDS);

/** ArrayOfRecipientsType: Mailbox elements. Left out when empty, as it then says nothing. */
export const recipients: Encoder<Recipient[]> = (element, values) =>
	values.length > 0 && el(`t:${element}`, undefined, values.map(mailbox));

/** SingleRecipientType: one Mailbox. */
export const singleRecipient: Encoder<Recipient> = (element, value) => el(`t:${element}`, undefined, mailbox(value));

/** NonEmptyArrayOfAttendeesType: Attendee/Mailbox elements; must be left out when empty. */
export const attendees: Encoder<Recipient[]> = (element, values) =>
	values.length > 0 &&
	el(
		`t:${element}`,
		undefined,
		values.map((value) => el('t:Attendee', undefined, mailbox(value))),
	);

/** TimeZoneDefinitionType named by its Windows id only: Exchange fills in the rules. */
export const timeZone: Encoder<string> = (element, id) => el(`t:${element}`, { Id: id });

export interface BodyField {
	type: 'Text' | 'HTML';
	text: string;
}

export const body: Encoder<BodyField> = (element, value) => el(`t:${element}`, { BodyType: value.type }, value.text);

export interface FileAttachment {
	name: string;
	contentType: string;
	content: Buffer;
}

/** AttachmentType (Name, ContentType, ..., IsInline) extended by FileAttachmentType (..., Content). */
const attachmentField = fieldsOf<FileAttachment>();
const base64: Encoder<Buffer> = (element, content) => textEl(`t:${element}`, content.toString('base64'));
const FILE_ATTACHMENT_FIELDS: ReadonlyArray<ItemField<FileAttachment>> = [
	attachmentField('Name', 'name', text),
	attachmentField('ContentType', 'contentType', text),
	fixed('IsInline', 'false'),
	attachmentField('Content', 'content', base64),
];

/** NonEmptyArrayOfAttachmentsType: must be left out when empty. */
export const attachments: Encoder<FileAttachment[]> = (element, values) =>
	values.length > 0 &&
	el(
		`t:${element}`,
		undefined,
		values.map((value) => buildFromFields('FileAttachment', value, FILE_ATTACHMENT_FIELDS)),
	);

export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';
export type Importance = 'Low' | 'Normal' | 'High';

/** What every item type inherits from ItemType and we can set. */
export interface ItemFields {
	subject?: string;
	sensitivity?: Sensitivity;
	body?: BodyField;
	attachments?: FileAttachment[];
	categories?: string[];
	importance?: Importance;
	/** 0 means no reminder. */
	reminderMinutes?: number;
}

// ReminderMinutesBeforeStartType's range.
const MAX_REMINDER_MINUTES = 2629800;

const reminderIsSet: Encoder<number> = (element, minutes) => boolean(element, minutes > 0);

const reminderMinutes: Encoder<number> = (element, minutes) => {
	if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_REMINDER_MINUTES) {
		throw new ItemFieldError(element, String(minutes), `must be whole minutes from 0 to ${MAX_REMINDER_MINUTES}`);
	}
	return minutes > 0 && text(element, minutes);
};

const itemField = fieldsOf<ItemFields>();

/** ItemType's sequence, restricted to the fields we write, in schema order. */
export const ITEM_FIELDS: ReadonlyArray<ItemField<ItemFields>> = [
	itemField('Subject', 'subject', text),
	itemField('Sensitivity', 'sensitivity', text),
	itemField('Body', 'body', body),
	itemField('Attachments', 'attachments', attachments),
	itemField('Categories', 'categories', stringArray),
	itemField('Importance', 'importance', text),
	itemField('ReminderIsSet', 'reminderMinutes', reminderIsSet),
	itemField('ReminderMinutesBeforeStart', 'reminderMinutes', reminderMinutes),
];
