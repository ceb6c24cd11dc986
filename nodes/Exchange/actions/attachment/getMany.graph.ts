import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { readGraphMessageId } from '../graphIds';
import type { GraphItemCall } from '../graphTypes';
import { readMailbox } from '../mailbox';
import { attachmentJson, readAttachmentPrefix } from '../messageAttachments';
import { attachmentBinary } from '../output/attachments';
import { fetchGraphAttachments, listGraphAttachments } from '../output/graphAttachments';

export const kind = 'read';

/** The message's `attachments` list; with Download, each one's content (a file's bytes, an attached item's MIME). */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const download = options.downloadAttachments === true;
	const prefix = readAttachmentPrefix(this, itemIndex, options);
	const mailbox = readMailbox(this, itemIndex);
	const messageId = readGraphMessageId(this, itemIndex);

	const attachments = (await listGraphAttachments(call, mailbox, messageId)).filter((attachment) => options.includeInline !== false || !attachment.isInline);
	if (!download) {
		for (const attachment of attachments) yield { json: attachmentJson(attachment, messageId) };
		return;
	}
	let position = 0;
	for await (const content of fetchGraphAttachments(call, mailbox, messageId, attachments)) {
		const attachment = attachments[position++];
		const property = `${prefix}${attachment.index}`;
		const binary: IBinaryKeyData = { [property]: await attachmentBinary(this, content) };
		yield { json: attachmentJson(attachment, messageId, property), binary };
	}
}
