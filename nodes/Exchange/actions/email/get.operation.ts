import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildGetAttachment, readGetAttachment } from '../../ews/getAttachment';
import { buildGetItem, readGetItem } from '../../ews/getItem';
import type { AttachmentInfo } from '../../ews/fieldTypes';
import { looksLikeItemId } from '../../ews/itemIds';
import { onlyValue } from '../../ews/operation';
import { EwsError } from '../../transport/errors';
import { inputError, readText } from '../fields';
import { readMailbox } from '../mailbox';
import { messageOutput, SIMPLIFIED_MESSAGE_FIELDS } from '../output/message';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['email'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'AAMkAGI2...',
		description: 'The EWS item ID of the message, e.g. the ID an earlier Exchange node output',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Attachment Prefix',
				name: 'attachmentPrefix',
				type: 'string',
				default: 'attachment_',
				description: 'Prefix of the binary properties the attachments go to, numbered from 0 (attachment_0, attachment_1)',
				displayOptions: { show: { downloadAttachments: [true] } },
			},
			{
				displayName: 'Body Format',
				name: 'bodyFormat',
				type: 'options',
				options: [
					{ name: 'Text', value: 'text' },
					{ name: 'HTML', value: 'html' },
				],
				default: 'text',
				description: 'Whether to return the body, converted by Exchange to plain text or as HTML',
			},
			{
				displayName: 'Download Attachments',
				name: 'downloadAttachments',
				type: 'boolean',
				default: false,
				description: 'Whether to put the message\'s file attachments into binary properties',
			},
			{
				displayName: 'Include MIME Content',
				name: 'includeMime',
				type: 'boolean',
				default: false,
				description: 'Whether to put the whole message as an .eml file into the binary property "eml"',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return the fields most workflows need instead of every field Exchange gives',
			},
		],
	},
];

const SUBJECT_IN_FILE_NAME = /[^\p{L}\p{N} ._-]+/gu;

function readMessageId(context: IExecuteFunctions, itemIndex: number): string {
	const value = readText(context, itemIndex, 'Message ID', context.getNodeParameter('messageId', itemIndex, '')).trim();
	if (!value) throw inputError(context, itemIndex, '"Message ID" is empty: give the EWS id of the message');
	if (!looksLikeItemId(value)) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
		throw inputError(context, itemIndex, `"Message ID" "${shown}" is not an EWS item id (a long base64 text such as the "id" output of another Exchange node)`);
	}
	return value;
}

/** The error of a message Exchange cannot find, naming the parameter and value it came from. */
function namingTheId(error: EwsError, messageId: string, mailbox: string | undefined): EwsError {
	if (error.code !== 'ErrorItemNotFound' && error.code !== 'ErrorInvalidIdMalformed' && error.code !== 'ErrorInvalidIdNotAnItemAttachmentId') return error;
	return new EwsError({
		code: error.code,
		message: `${error.message} ("Message ID" ${messageId} in ${mailbox ?? 'the credential\'s mailbox'})`,
		processing: 'processed',
	});
}

export async function* read(this: IExecuteFunctions, { client, itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mailbox = readMailbox(this, itemIndex);
	const messageId = readMessageId(this, itemIndex);
	const simplify = options.simplify !== false;
	const bodyFormat = options.bodyFormat === 'html' ? 'HTML' : options.bodyFormat === 'text' ? 'Text' : undefined;
	const downloadAttachments = options.downloadAttachments === true;
	const includeMime = options.includeMime === true;

	const keys = [...SIMPLIFIED_MESSAGE_FIELDS, ...(bodyFormat ? ['body'] : []), ...(downloadAttachments ? ['attachments'] : [])];
	const request = buildGetItem(
		{
			items: [{ id: messageId }],
			shape: {
				base: simplify ? 'IdOnly' : 'AllProperties',
				includeMimeContent: includeMime || undefined,
				bodyType: bodyFormat ?? (simplify ? undefined : 'Best'),
				additional: simplify ? { kind: 'Message', keys } : undefined,
			},
		},
		client.version,
	);
	let message;
	try {
		message = onlyValue(readGetItem(await send(request, mailbox)));
	} catch (error) {
		throw error instanceof EwsError ? namingTheId(error, messageId, mailbox) : error;
	}

	const json = messageOutput(message, simplify);
	const binary: IBinaryKeyData = {};
	const subject = typeof message.fields.subject === 'string' ? message.fields.subject : '';
	const mime = message.fields.mimeContent;
	if (includeMime && Buffer.isBuffer(mime)) {
		const name = (subject.replace(SUBJECT_IN_FILE_NAME, '').replace(/\s+/g, ' ').trim() || 'message').slice(0, 100);
		binary.eml = await this.helpers.prepareBinaryData(mime, `${name}.eml`, 'message/rfc822');
	}
	const files = ((message.fields.attachments as AttachmentInfo[] | undefined) ?? []).filter((attachment) => attachment.kind === 'file');
	if (downloadAttachments && files.length > 0) {
		const prefix = String(options.attachmentPrefix ?? 'attachment_');
		const results = readGetAttachment(await send(buildGetAttachment(files.map((file) => file.id)), mailbox));
		for (const [index, result] of results.entries()) {
			if ('error' in result) throw result.error;
			const { name, contentType, content } = result.value;
			binary[`${prefix}${index}`] = await this.helpers.prepareBinaryData(content, name, contentType);
		}
	}
	yield Object.keys(binary).length > 0 ? { json, binary } : { json };
}
