import type { Recipient } from '../helpers/recipients';
import { childNode, childNodes, childText, el, textEl, type XmlChild, type XmlNode } from '../transport/xml';

/**
 * How one schema type travels both ways: `write` gives the element for a request (nothing when the value
 * says nothing), `read` gives the value from an answer's element. A type without `write` is read-only in EWS.
 */
export interface FieldType<W, R = W> {
	write?(element: string, value: W): XmlChild;
	read(node: XmlNode): R;
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

export const text: FieldType<string> = {
	write: (element, value) => textEl(`t:${element}`, value),
	read: (node) => node.text,
};

export const boolean: FieldType<boolean> = {
	write: (element, value) => textEl(`t:${element}`, value ? 'true' : 'false'),
	read: (node) => node.text.trim() === 'true' || node.text.trim() === '1',
};

export const integer: FieldType<number> = {
	write: (element, value) => textEl(`t:${element}`, value),
	read: (node) => Number(node.text),
};

/** xs:dateTime: written as given (with its offset), read as ISO 8601 in UTC so outputs compare and sort. */
export const dateTime: FieldType<string> = {
	write: (element, value) => textEl(`t:${element}`, value),
	read: (node) => {
		const time = Date.parse(node.text);
		return Number.isNaN(time) ? node.text : new Date(time).toISOString().replace('.000Z', 'Z');
	},
};

/** ArrayOfStringsType. Left out when empty, as it then says nothing. */
export const stringArray: FieldType<string[]> = {
	write: (element, values) => values.length > 0 && el(`t:${element}`, undefined, values.map((value) => textEl('t:String', value))),
	read: (node) => childNodes(node, 'String').map((value) => value.text),
};

/** EmailAddressType: Name, then EmailAddress. */
function writeMailbox(recipient: Recipient) {
	return el('t:Mailbox', undefined, textEl('t:Name', recipient.name), textEl('t:EmailAddress', recipient.address));
}

function readMailbox(mailbox: XmlNode | undefined): Recipient {
	const name = childText(mailbox, 'Name');
	return { name: name ?? '', address: childText(mailbox, 'EmailAddress') ?? '' };
}

/** ArrayOfRecipientsType: Mailbox elements. Left out when empty, as it then says nothing. */
export const recipients: FieldType<Recipient[]> = {
	write: (element, values) => values.length > 0 && el(`t:${element}`, undefined, values.map(writeMailbox)),
	read: (node) => childNodes(node, 'Mailbox').map(readMailbox),
};

/** SingleRecipientType: one Mailbox. */
export const singleRecipient: FieldType<Recipient> = {
	write: (element, value) => el(`t:${element}`, undefined, writeMailbox(value)),
	read: (node) => readMailbox(childNode(node, 'Mailbox')),
};

/** ResponseTypeType: an attendee's answer, as the organizer's copy records it. */
export type AttendeeResponse = 'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';

/** AttendeeType as read: the mailbox and, where Exchange gives it, the attendee's response. */
export interface Attendee extends Recipient {
	response?: AttendeeResponse;
}

/** NonEmptyArrayOfAttendeesType: Attendee/Mailbox elements; must be left out when empty. */
export const attendees: FieldType<Recipient[], Attendee[]> = {
	write: (element, values) =>
		values.length > 0 &&
		el(
			`t:${element}`,
			undefined,
			values.map((value) => el('t:Attendee', undefined, writeMailbox(value))),
		),
	read: (node) =>
		childNodes(node, 'Attendee').map((attendee) => {
			const response = childText(attendee, 'ResponseType') as AttendeeResponse | undefined;
			return { ...readMailbox(childNode(attendee, 'Mailbox')), ...(response ? { response } : {}) };
		}),
};

/** TimeZoneDefinitionType named by its Windows id only: Exchange fills in the rules. */
export const timeZone: FieldType<string> = {
	write: (element, id) => el(`t:${element}`, { Id: id }),
	read: (node) => node.attrs.Id ?? '',
};

export interface BodyField {
	type: 'Text' | 'HTML';
	text: string;
}

export const body: FieldType<BodyField> = {
	write: (element, value) => el(`t:${element}`, { BodyType: value.type }, value.text),
	read: (node) => ({ type: node.attrs.BodyType === 'HTML' ? 'HTML' : 'Text', text: node.text }),
};

/** ItemIdType and FolderIdType: read-only ids. */
export interface EwsId {
	id: string;
	changeKey: string;
}

export const id: FieldType<EwsId> = {
	read: (node) => ({ id: node.attrs.Id ?? '', changeKey: node.attrs.ChangeKey ?? '' }),
};

/** MimeContentType: the item as RFC 822 bytes, base64 in the answer. */
export const mimeContent: FieldType<Buffer> = {
	read: (node) => Buffer.from(node.text, 'base64'),
};

export type FlagStatus = 'NotFlagged' | 'Flagged' | 'Complete';

/** FlagType (Exchange 2013+): FlagStatus, then StartDate, DueDate, CompleteDate. */
export interface Flag {
	status: FlagStatus;
	startDate?: string;
	dueDate?: string;
	completeDate?: string;
}

export const flag: FieldType<Flag> = {
	write: (element, value) =>
		el(
			`t:${element}`,
			undefined,
			textEl('t:FlagStatus', value.status),
			textEl('t:StartDate', value.startDate),
			textEl('t:DueDate', value.dueDate),
			textEl('t:CompleteDate', value.completeDate),
		),
	read: (node) => {
		const read = (name: string) => {
			const child = childNode(node, name);
			return child ? dateTime.read(child) : undefined;
		};
		return {
			status: (childText(node, 'FlagStatus') as FlagStatus | undefined) ?? 'NotFlagged',
			startDate: read('StartDate'),
			dueDate: read('DueDate'),
			completeDate: read('CompleteDate'),
		};
	},
};

export interface FileAttachment {
	name: string;
	contentType: string;
	content: Buffer;
}

/** An attachment as GetItem lists it: its id, and what GetAttachment needs to fetch the bytes. */
export interface AttachmentInfo {
	kind: 'file' | 'item';
	id: string;
	name: string;
	contentType?: string;
	size?: number;
	isInline: boolean;
}

/** AttachmentType (Name, ContentType, ..., IsInline) extended by FileAttachmentType (..., Content). */
function writeFileAttachment(value: FileAttachment) {
	return el(
		't:FileAttachment',
		undefined,
		textEl('t:Name', value.name),
		textEl('t:ContentType', value.contentType),
		textEl('t:IsInline', 'false'),
		textEl('t:Content', value.content.toString('base64')),
	);
}

export function readAttachmentInfo(node: XmlNode): AttachmentInfo {
	const size = childText(node, 'Size');
	return {
		kind: node.name === 'ItemAttachment' ? 'item' : 'file',
		id: childNode(node, 'AttachmentId')?.attrs.Id ?? '',
		name: childText(node, 'Name') ?? '',
		contentType: childText(node, 'ContentType'),
		size: size === undefined ? undefined : Number(size),
		isInline: childText(node, 'IsInline') === 'true',
	};
}

/**
 * NonEmptyArrayOfAttachmentsType: must be left out when empty. Written as file attachments (what a
 * request can carry from binary data), read as the list of any kind.
 */
export const attachments: FieldType<FileAttachment[], AttachmentInfo[]> = {
	write: (element, values) => values.length > 0 && el(`t:${element}`, undefined, values.map(writeFileAttachment)),
	read: (node) => node.children.map(readAttachmentInfo),
};
