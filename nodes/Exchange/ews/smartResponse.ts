import type { Recipient } from '../helpers/recipients';
import { checkElementText, el, type XmlElement } from '../transport/xml';
import { body, recipients, singleRecipient, type BodyField } from './fieldTypes';
import type { ItemRef } from './itemIds';

/** The response objects CreateItem takes to answer a message: the server builds subject, recipients and quote. */
export type SmartResponseKind = 'ReplyToItem' | 'ReplyAllToItem' | 'ForwardItem';

export interface SmartResponseFields {
	/** The message answered or forwarded. */
	reference: ItemRef;
	/** Text placed above the quoted original (NewBodyContent). */
	newBody?: BodyField;
	/** Recipients added to the ones Exchange computes (a forward has none of its own). */
	to: Recipient[];
	cc: Recipient[];
	bcc: Recipient[];
	/** The mailbox to send as or on behalf of (delegate access to another mailbox). */
	from?: Recipient;
}

/**
 * `t:ReplyToItem`, `t:ReplyAllToItem` or `t:ForwardItem` in SmartResponseType's order: recipients and From
 * before ReferenceItemId, NewBodyContent after it. Subject and Body are left to Exchange, which
 * prefixes RE: / FW: and quotes the original below NewBodyContent.
 */
export function buildSmartResponse(kind: SmartResponseKind, fields: SmartResponseFields): XmlElement {
	const element = el(
		`t:${kind}`,
		undefined,
		recipients.write?.('ToRecipients', fields.to),
		recipients.write?.('CcRecipients', fields.cc),
		recipients.write?.('BccRecipients', fields.bcc),
		fields.from !== undefined && singleRecipient.write?.('From', fields.from),
		el('t:ReferenceItemId', { Id: fields.reference.id, ChangeKey: fields.reference.changeKey }),
		fields.newBody !== undefined && body.write?.('NewBodyContent', fields.newBody),
	);
	// Refused now, so text XML cannot carry fails this item alone.
	checkElementText(element);
	return element;
}
