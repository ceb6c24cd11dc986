import type { EwsAnswer } from '../transport/responses';
import { childNode, el, type XmlElement } from '../transport/xml';
import { mimeContent, readAttachmentInfo, type AttachmentInfo } from './fieldTypes';
import { perMessage, type EwsOperation, type PerItem } from './operation';

export const GET_ATTACHMENT: EwsOperation = { name: 'GetAttachment', since: 'Exchange2007' };

/** `m:GetAttachment`; item attachments come with their MIME content, so they can be saved as .eml. */
export function buildGetAttachment(attachmentIds: string[]): XmlElement {
	return el(
		'm:GetAttachment',
		undefined,
		el('m:AttachmentShape', undefined, el('t:IncludeMimeContent', undefined, 'true')),
		el(
			'm:AttachmentIds',
			undefined,
			attachmentIds.map((id) => el('t:AttachmentId', { Id: id })),
		),
	);
}

/** An attachment with its bytes: a file's content, or an attached item's MIME content. */
export interface AttachmentContent extends AttachmentInfo {
	content: Buffer;
}

/** One result per requested id, in request order. */
export function readGetAttachment(answer: EwsAnswer): Array<PerItem<AttachmentContent>> {
	return perMessage(answer, (message) => {
		const node = childNode(message.node, 'Attachments')?.children[0];
		const info = node ? readAttachmentInfo(node) : { kind: 'file' as const, id: '', name: '', isInline: false };
		const content = childNode(node, 'Content');
		const itemMime = node?.children.map((child) => childNode(child, 'MimeContent')).find((mime) => mime !== undefined);
		const bytes = content ? Buffer.from(content.text, 'base64') : itemMime ? mimeContent.read(itemMime) : Buffer.alloc(0);
		return { ...info, content: bytes };
	});
}
