import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { attachmentJson, attachmentPrefixProperty, listAttachments, readAttachmentPrefix } from '../messageAttachments';
import { optionsCollection } from '../commonProperties';
import { readMailbox } from '../mailbox';
import { messageIdProperty, readMessageId } from '../messageIds';
import { attachmentBinary, fetchAttachments } from '../output/attachments';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['attachment'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	messageIdProperty(show),
	optionsCollection(show, [
		attachmentPrefixProperty({ downloadAttachments: [true] }),
		{
			displayName: 'Download Attachments',
			name: 'downloadAttachments',
			type: 'boolean',
			default: false,
			description: 'Whether to put each attachment into a binary property: a file as it is, an attached item (an email) as an .eml file',
		},
		{
			displayName: 'Include Inline Attachments',
			name: 'includeInline',
			type: 'boolean',
			default: true,
			description: 'Whether to include attachments shown inside the body, such as images in a signature',
		},
	]),
];

/** One GetItem for the message's attachment list; with Download, their contents in as few GetAttachment requests as their sizes allow. */
export async function* read(this: IExecuteFunctions, call: ItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const download = options.downloadAttachments === true;
	const prefix = readAttachmentPrefix(this, itemIndex, options);
	const mailbox = readMailbox(this, itemIndex);
	const messageId = readMessageId(this, itemIndex);

	const attachments = (await listAttachments(call, mailbox, messageId)).filter((attachment) => options.includeInline !== false || !attachment.isInline);
	if (!download) {
		for (const attachment of attachments) yield { json: attachmentJson(attachment, messageId) };
		return;
	}
	let position = 0;
	for await (const content of fetchAttachments(call, mailbox, attachments)) {
		const attachment = attachments[position++];
		const property = `${prefix}${attachment.index}`;
		const binary: IBinaryKeyData = { [property]: await attachmentBinary(this, content) };
		yield { json: attachmentJson(attachment, messageId, property), binary };
	}
}
