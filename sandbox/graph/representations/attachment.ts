import type { StoredAttachment } from '../../store';
import { graphId } from '../ids';

/**
 * Graph's attachment resources (learn.microsoft.com/graph/api/resources/attachment): a fileAttachment with
 * its bytes in `contentBytes` (base64), an itemAttachment for an attached item (its content only through
 * `/$value`, as MIME). `contentBytes` comes only when the attachment is read on its own or listed without
 * `$select`, as Graph gives it.
 */

export const ATTACHMENT_PROPERTIES: ReadonlySet<string> = new Set(['id', 'name', 'contentType', 'size', 'isInline', 'lastModifiedDateTime', 'contentBytes', 'contentId', 'contentLocation']);

export function attachmentJson(attachment: StoredAttachment, withContent: boolean): Record<string, unknown> {
	const common = {
		id: graphId(attachment.id),
		lastModifiedDateTime: attachment.lastModifiedTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
		name: attachment.name,
		size: attachment.content.length,
		isInline: attachment.isInline,
	};
	if (attachment.attachedItem) {
		return { '@odata.type': '#microsoft.graph.itemAttachment', ...common, contentType: null };
	}
	return {
		'@odata.type': '#microsoft.graph.fileAttachment',
		...common,
		contentType: attachment.contentType ?? 'application/octet-stream',
		contentId: attachment.contentId ?? null,
		contentLocation: null,
		...(withContent ? { contentBytes: attachment.content.toString('base64') } : {}),
	};
}
