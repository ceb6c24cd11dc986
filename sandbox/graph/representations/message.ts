import type { Address, StoredAttachment, StoredMessage } from '../../store';
import { graphId } from '../ids';

/**
 * Graph's message resource for a stored message (learn.microsoft.com/graph/api/resources/message), and its
 * fileAttachment: camelCase properties, enums in lower camel case (importance "normal", body contentType
 * "html"), recipients as `{"emailAddress":{"name","address"}}`, times in UTC with a Z. Ids are Graph's
 * (ids.ts), never the store's EWS ids.
 */

export function recipientJson(address: Address): { emailAddress: { name: string; address: string } } {
	return { emailAddress: { name: address.name ?? address.address, address: address.address } };
}

function utc(date: Date | undefined): string | null {
	return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** Graph's bodyPreview: the first 255 characters of the body as text. */
function preview(message: StoredMessage): string {
	const text = message.body?.type === 'HTML' ? message.body.text.replace(/<[^>]*>/g, ' ') : (message.body?.text ?? '');
	return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

export function messageJson(message: StoredMessage): Record<string, unknown> {
	const importance = (message.importance ?? 'Normal').toLowerCase();
	return {
		'@odata.etag': `W/"${message.changeKey}"`,
		id: graphId(message.id),
		createdDateTime: utc(message.createdAt),
		lastModifiedDateTime: utc(message.lastModifiedTime),
		changeKey: message.changeKey,
		categories: message.categories,
		receivedDateTime: utc(message.dateTimeReceived),
		sentDateTime: utc(message.dateTimeSent),
		hasAttachments: message.hasAttachments,
		internetMessageId: message.internetMessageId,
		subject: message.subject ?? '',
		bodyPreview: preview(message),
		importance,
		parentFolderId: graphId(message.folderId),
		conversationId: message.conversationId,
		conversationIndex: message.conversationIndex,
		isDeliveryReceiptRequested: message.isDeliveryReceiptRequested ?? false,
		isReadReceiptRequested: message.isReadReceiptRequested ?? false,
		isRead: message.isRead,
		isDraft: message.isDraft,
		inferenceClassification: 'focused',
		body: { contentType: message.body?.type === 'HTML' ? 'html' : 'text', content: message.body?.text ?? '' },
		sender: message.isDraft && !message.from ? null : recipientJson(message.sender),
		from: message.from ? recipientJson(message.from) : message.isDraft ? null : recipientJson(message.sender),
		toRecipients: message.toRecipients.map(recipientJson),
		ccRecipients: message.ccRecipients.map(recipientJson),
		bccRecipients: message.bccRecipients.map(recipientJson),
		replyTo: message.replyTo.map(recipientJson),
		flag: { flagStatus: message.flag.status.charAt(0).toLowerCase() + message.flag.status.slice(1) },
	};
}

/** A file attachment's metadata and, with `withContent`, its bytes in base64 (contentBytes). */
export function attachmentJson(attachment: StoredAttachment, withContent = false): Record<string, unknown> {
	return {
		'@odata.type': attachment.attachedItem ? '#microsoft.graph.itemAttachment' : '#microsoft.graph.fileAttachment',
		id: graphId(attachment.id),
		lastModifiedDateTime: utc(attachment.lastModifiedTime),
		name: attachment.name,
		contentType: attachment.contentType ?? null,
		size: attachment.content.length,
		isInline: attachment.isInline,
		...(attachment.attachedItem ? {} : { contentId: attachment.contentId ?? null }),
		...(withContent && !attachment.attachedItem ? { contentBytes: attachment.content.toString('base64') } : {}),
	};
}
