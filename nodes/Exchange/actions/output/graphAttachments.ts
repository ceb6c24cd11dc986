import type { AttachmentInfo } from '../../ews/fieldTypes';
import type { AttachmentContent } from '../../ews/getAttachment';
import { EwsError } from '../../transport/errors';
import type { GraphJson } from '../../transport/graph/types';
import { graphPages } from '../graphPaging';
import type { GraphItemCall } from '../graphTypes';
import type { ListedAttachment } from '../messageAttachments';
import { namingTheId } from '../messageIds';

/**
 * Graph's attachments (learn.microsoft.com/graph/api/resources/attachment) as the node lists and downloads
 * them over EWS: the same AttachmentInfo, the same bytes (a file's content, an attached message as MIME).
 */

/** What an attachment list asks for: everything but the content (`@odata.type`, its kind, always comes). */
export const GRAPH_ATTACHMENT_SELECT = ['id', 'name', 'contentType', 'size', 'isInline', 'lastModifiedDateTime'] as const;

const ITEM_ATTACHMENT = '#microsoft.graph.itemAttachment';

function graphTime(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? value : new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * A Graph attachment as the EWS path's AttachmentInfo: an attached item's kind is 'item', anything else (a
 * reference attachment too, as EWS lists one) a file.
 */
export function graphAttachmentInfo(attachment: GraphJson): AttachmentInfo {
	return {
		kind: attachment['@odata.type'] === ITEM_ATTACHMENT ? 'item' : 'file',
		id: String(attachment.id ?? ''),
		name: typeof attachment.name === 'string' ? attachment.name : '',
		contentType: typeof attachment.contentType === 'string' ? attachment.contentType : undefined,
		size: typeof attachment.size === 'number' ? attachment.size : undefined,
		isInline: attachment.isInline === true,
		lastModified: graphTime(attachment.lastModifiedDateTime),
	};
}

export function graphAttachmentPath(messageId: string, attachmentId: string): string {
	return `/messages/${encodeURIComponent(messageId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

function namingTheAttachment(error: unknown, attachment: AttachmentInfo): unknown {
	if (!(error instanceof EwsError)) return error;
	return new EwsError({
		code: error.code,
		message: `${error.message} (attachment "${attachment.name}", id ${attachment.id})`,
		hint: error.hint,
		processing: error.processing,
		httpStatus: error.httpStatus,
	});
}

/**
 * One attachment's bytes: a file attachment's `contentBytes` (its JSON, base64), an item attachment's MIME
 * through `/$value`, which Graph answers with the attached message, event or contact in MIME form.
 */
export async function fetchGraphAttachment(
	call: Pick<GraphItemCall, 'send'>,
	mailbox: string | undefined,
	messageId: string,
	attachment: AttachmentInfo,
): Promise<AttachmentContent> {
	const path = graphAttachmentPath(messageId, attachment.id);
	try {
		if (attachment.kind === 'item') {
			const answer = await call.send({ method: 'GET', path: `${path}/$value` }, mailbox);
			return { ...attachment, content: Buffer.from(answer.text ?? '', 'utf8') };
		}
		const answer = await call.send({ method: 'GET', path }, mailbox);
		const bytes = answer.body?.contentBytes;
		if (typeof bytes !== 'string') {
			throw new EwsError({
				code: 'AttachmentHasNoContent',
				message: 'Graph answered without the attachment\'s content: it is a link to a cloud file (a reference attachment), which has no bytes in the message',
				processing: 'processed',
			});
		}
		return { ...graphAttachmentInfo({ ...answer.body, id: attachment.id }), content: Buffer.from(bytes, 'base64') };
	} catch (error) {
		throw namingTheAttachment(error, attachment);
	}
}

/** The attachments' contents in the order given, one request each, fetched as they are consumed. */
export async function* fetchGraphAttachments(
	call: Pick<GraphItemCall, 'send'>,
	mailbox: string | undefined,
	messageId: string,
	attachments: AttachmentInfo[],
): AsyncIterable<AttachmentContent> {
	for (const attachment of attachments) yield await fetchGraphAttachment(call, mailbox, messageId, attachment);
}

/** The message's attachments as Graph lists them (no content), in the message's order, numbered as the EWS path numbers them. */
export async function listGraphAttachments(call: GraphItemCall, mailbox: string | undefined, messageId: string): Promise<ListedAttachment[]> {
	const request = { method: 'GET' as const, path: `/messages/${encodeURIComponent(messageId)}/attachments`, query: { $select: GRAPH_ATTACHMENT_SELECT.join(',') } };
	const listed: ListedAttachment[] = [];
	try {
		for await (const attachment of graphPages(call, request, mailbox)) listed.push({ ...graphAttachmentInfo(attachment), index: listed.length });
	} catch (error) {
		throw namingTheId(error, messageId, mailbox);
	}
	return listed;
}
