import type { Recipient } from '../helpers/recipients';
import { checkElementText, type XmlElement } from '../transport/xml';
import {
	boolean,
	buildFromFields,
	fieldsOf,
	ITEM_FIELDS,
	recipients,
	singleRecipient,
	type ItemField,
	type ItemFields,
} from './itemFields';

export interface MessageFields extends ItemFields {
	to: Recipient[];
	cc: Recipient[];
	bcc: Recipient[];
	replyTo: Recipient[];
	/** SMTP address to send as or on behalf of (delegate access to another mailbox). */
	from?: string;
	isReadReceiptRequested?: boolean;
	isDeliveryReceiptRequested?: boolean;
}

const fromAddress = (element: string, address: string) => singleRecipient(element, { address });

const messageField = fieldsOf<MessageFields>();

/** MessageType: ItemType's fields, then its own sequence, restricted to what we write. */
const MESSAGE_FIELDS: ReadonlyArray<ItemField<MessageFields>> = [
	...ITEM_FIELDS,
	messageField('ToRecipients', 'to', recipients),
	messageField('CcRecipients', 'cc', recipients),
	messageField('BccRecipients', 'bcc', recipients),
	messageField('IsReadReceiptRequested', 'isReadReceiptRequested', boolean),
	messageField('IsDeliveryReceiptRequested', 'isDeliveryReceiptRequested', boolean),
	messageField('From', 'from', fromAddress),
	messageField('ReplyTo', 'replyTo', recipients),
];

/** A `t:Message` for CreateItem, refused now if any of its values is text XML cannot carry. */
export function buildMessage(message: MessageFields): XmlElement {
	const element = buildFromFields('Message', message, MESSAGE_FIELDS);
	checkElementText(element);
	return element;
}
