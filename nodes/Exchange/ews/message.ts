import type { Recipient } from '../helpers/recipients';
import type { XmlElement } from '../transport/xml';
import {
	boolean,
	buildFromFields,
	field,
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

/** MessageType: ItemType's fields, then its own sequence, restricted to what we write. */
const MESSAGE_FIELDS: ReadonlyArray<ItemField<MessageFields>> = [
	...ITEM_FIELDS,
	field<MessageFields, 'to'>('ToRecipients', 'to', recipients),
	field<MessageFields, 'cc'>('CcRecipients', 'cc', recipients),
	field<MessageFields, 'bcc'>('BccRecipients', 'bcc', recipients),
	field<MessageFields, 'isReadReceiptRequested'>('IsReadReceiptRequested', 'isReadReceiptRequested', boolean),
	field<MessageFields, 'isDeliveryReceiptRequested'>('IsDeliveryReceiptRequested', 'isDeliveryReceiptRequested', boolean),
	field<MessageFields, 'from'>('From', 'from', fromAddress),
	field<MessageFields, 'replyTo'>('ReplyTo', 'replyTo', recipients),
];

/** A `t:Message` for CreateItem. */
export function buildMessage(message: MessageFields): XmlElement {
	return buildFromFields('Message', message, MESSAGE_FIELDS);
}
