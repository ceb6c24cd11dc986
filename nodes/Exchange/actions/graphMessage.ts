import type { BodyField } from '../ews/itemFields';
import type { Recipient } from '../helpers/recipients';
import type { GraphClient } from '../transport/graph/graphClient';
import type { GraphJson } from '../transport/graph/types';
import type { ComposedFields } from './composedMessage';

/** A composed message as Graph's message resource writes it (sendMail's `message`, a draft's POST /messages). */

export function graphRecipients(recipients: Recipient[]): GraphJson[] {
	return recipients.map(({ address, name }) => ({ emailAddress: { address, ...(name ? { name } : {}) } }));
}

/** Graph's itemBody: contentType `text` or `html`. */
export function graphBody(body: BodyField): GraphJson {
	return { contentType: body.type === 'HTML' ? 'html' : 'text', content: body.text };
}

/**
 * The message's properties; `from` is set when a delegated user sends from another mailbox (Graph's "send on
 * behalf"), as the EWS path does for a delegate. Fields the user left empty are left out, so Graph's
 * defaults apply as Exchange's do over EWS.
 */
export function graphMessage(fields: ComposedFields, from?: string): GraphJson {
	return {
		subject: fields.subject,
		...(fields.body ? { body: graphBody(fields.body) } : {}),
		toRecipients: graphRecipients(fields.to),
		...(fields.cc.length > 0 ? { ccRecipients: graphRecipients(fields.cc) } : {}),
		...(fields.bcc.length > 0 ? { bccRecipients: graphRecipients(fields.bcc) } : {}),
		...(fields.replyTo.length > 0 ? { replyTo: graphRecipients(fields.replyTo) } : {}),
		...(fields.categories.length > 0 ? { categories: fields.categories } : {}),
		...(fields.importance ? { importance: fields.importance.toLowerCase() } : {}),
		...(fields.isReadReceiptRequested ? { isReadReceiptRequested: true } : {}),
		...(fields.isDeliveryReceiptRequested ? { isDeliveryReceiptRequested: true } : {}),
		...(from ? { from: { emailAddress: { address: from } } } : {}),
	};
}

/**
 * The `from` of a message a delegated user sends from another mailbox (send on behalf, as the EWS path's
 * delegate does); app-only access sends as the mailbox in the URL and needs none.
 */
export function sendingFrom(client: GraphClient, mailbox: string | undefined): string | undefined {
	return client.config.appOnly ? undefined : mailbox;
}
