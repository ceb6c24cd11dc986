import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { readGraphId, readGraphMessageId } from '../graphIds';
import type { GraphItemCall } from '../graphTypes';
import { readMailbox } from '../mailbox';
import { attachmentJson, findAttachment, readAttachmentPrefix } from '../messageAttachments';
import { attachmentBinary } from '../output/attachments';
import { fetchGraphAttachment, listGraphAttachments } from '../output/graphAttachments';

export const kind = 'read';

/**
 * The message's attachment list first: it gives the attachment's position (its binary property's number) and
 * kind, and an id that is not this message's fails before any content is fetched.
 */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const prefix = readAttachmentPrefix(this, itemIndex, options);
	const mailbox = readMailbox(this, itemIndex);
	const messageId = readGraphMessageId(this, itemIndex);
	const attachmentId = readGraphId(this, itemIndex, 'attachmentId', 'Attachment ID', 'the attachment, as Attachment → Get Many outputs it');

	const attachments = await listGraphAttachments(call, mailbox, messageId);
	const attachment = findAttachment(this, itemIndex, attachments, attachmentId, messageId);
	const content = await fetchGraphAttachment(call, mailbox, messageId, attachment);
	const property = `${prefix}${attachment.index}`;
	yield { json: attachmentJson(attachment, messageId, property), binary: { [property]: await attachmentBinary(this, content) } };
}
