import { storeIdOf } from './ids';
import { messageOf } from './messages';
import { applySelect, readSelect } from './odataQuery';
import { ATTACHMENT_PROPERTIES, attachmentJson } from './representations/attachment';
import { GraphError, type GraphRequestContext, type GraphResult, type GraphRoute } from './types';

/**
 * Graph's message attachments over the store: the list (every attachment, a file's bytes in contentBytes
 * unless `$select` leaves them out), one attachment, and its raw content (`/$value`: a file's bytes with its
 * content type, an attached item's MIME form).
 */

const READ = ['Mail.Read', 'Mail.ReadWrite'];
const TYPE = 'microsoft.graph.attachment';

function attachmentOf(context: GraphRequestContext, messageId: string, attachmentId: string) {
	const message = messageOf(context, messageId);
	const storeId = storeIdOf(attachmentId);
	if (!storeId) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
	const attachment = message.attachments.find((candidate) => candidate.id === storeId);
	if (!attachment) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
	return attachment;
}

function list(context: GraphRequestContext, messageId: string): GraphResult {
	const select = readSelect(context.query.get('$select'), ATTACHMENT_PROPERTIES, TYPE);
	const message = messageOf(context, messageId);
	return { status: 200, body: { value: message.attachments.map((attachment) => applySelect(attachmentJson(attachment, true), select)) } };
}

function content(context: GraphRequestContext, messageId: string, attachmentId: string): GraphResult {
	const attachment = attachmentOf(context, messageId, attachmentId);
	const type = attachment.attachedItem ? 'text/plain' : (attachment.contentType ?? 'application/octet-stream');
	return { status: 200, body: Buffer.from(attachment.content), headers: { 'Content-Type': type } };
}

export const ATTACHMENT_ROUTES: GraphRoute[] = [
	{ method: 'GET', pattern: /^\/messages\/([^/]+)\/attachments$/i, scope: 'mailbox', permissions: READ, handle: (context, [id]) => list(context, id) },
	{
		method: 'GET',
		pattern: /^\/messages\/([^/]+)\/attachments\/([^/]+)$/i,
		scope: 'mailbox',
		permissions: READ,
		handle: (context, [id, attachmentId]) => ({
			status: 200,
			body: applySelect(attachmentJson(attachmentOf(context, id, attachmentId), true), readSelect(context.query.get('$select'), ATTACHMENT_PROPERTIES, TYPE)),
		}),
	},
	{ method: 'GET', pattern: /^\/messages\/([^/]+)\/attachments\/([^/]+)\/\$value$/i, scope: 'mailbox', permissions: READ, handle: (context, [id, attachmentId]) => content(context, id, attachmentId) },
];

