import type { Recipient } from '../helpers/recipients';
import type { ExchangeVersion } from '../transport/settings';
import type { XmlElement } from '../transport/xml';
import { buildItem, type ItemFields } from './itemFields';

/** What the node sets on a message; the table in itemFields.ts says how each is written. */
export interface MessageFields extends ItemFields {
	to: Recipient[];
	cc: Recipient[];
	bcc: Recipient[];
	replyTo: Recipient[];
	/** The mailbox to send as or on behalf of (delegate access to another mailbox). */
	from?: Recipient;
	isReadReceiptRequested?: boolean;
	isDeliveryReceiptRequested?: boolean;
	isRead?: boolean;
}

/** A `t:Message` for CreateItem. */
export function buildMessage(message: MessageFields, version: ExchangeVersion): XmlElement {
	return buildItem('Message', message, version);
}
