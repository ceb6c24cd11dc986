import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { attachmentJson, findAttachment, attachmentPrefixProperty, listAttachments, readAttachmentId, readAttachmentPrefix } from '../messageAttachments';
import { optionsCollection } from '../commonProperties';
import { readMailbox } from '../mailbox';
import { messageIdProperty, readMessageId } from '../messageIds';
import { attachmentBinary, fetchAttachments } from '../output/attachments';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['attachment'], operation: ['download'] };

export const description: INodeProperties[] = [
	messageIdProperty(show),
	{
		displayName: 'Attachment ID',
		name: 'attachmentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'AAMkAGI2...',
		description: 'The ID of the attachment, as Attachment → Get Many outputs it',
		displayOptions: { show },
	},
	optionsCollection(show, [attachmentPrefixProperty()]),
];

/**
 * The message's attachment list first (one GetItem): it names the attachment and its size, so an id that is
 * not this message's and an attachment too large to read fail before any content is fetched.
 */
export async function* read(this: IExecuteFunctions, call: ItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const prefix = readAttachmentPrefix(this, itemIndex, options);
	const mailbox = readMailbox(this, itemIndex);
	const messageId = readMessageId(this, itemIndex);
	const attachmentId = readAttachmentId(this, itemIndex);

	const attachments = await listAttachments(call, mailbox, messageId);
	const attachment = findAttachment(this, itemIndex, attachments, attachmentId, messageId);
	for await (const content of fetchAttachments(call, mailbox, [attachment])) {
		const property = `${prefix}${attachment.index}`;
		yield { json: attachmentJson(attachment, messageId, property), binary: { [property]: await attachmentBinary(this, content) } };
	}
}
