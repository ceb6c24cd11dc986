import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { AttachmentInfo } from '../../ews/fieldTypes';
import type { ReadItem } from '../../ews/itemFields';
import type { ItemShape } from '../../ews/itemShape';
import type { ItemCall } from '../types';
import { attachmentBinary, emlFileName, fetchAttachments } from './attachments';
import { messageOutput, SIMPLIFIED_MESSAGE_FIELDS } from './message';

/** What Email → Get and Email → Get Many read of each message, and how it becomes an output item with binaries. */

export const messageReadOptions: INodeProperties[] = [
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
];

export interface MessageReadSettings {
	simplify: boolean;
	bodyFormat?: 'HTML' | 'Text';
	downloadAttachments: boolean;
	attachmentPrefix: string;
	includeMime: boolean;
}

export function readMessageSettings(options: IDataObject): MessageReadSettings {
	return {
		simplify: options.simplify !== false,
		bodyFormat: options.bodyFormat === 'html' ? 'HTML' : options.bodyFormat === 'text' ? 'Text' : undefined,
		downloadAttachments: options.downloadAttachments === true,
		attachmentPrefix: String(options.attachmentPrefix ?? 'attachment_'),
		includeMime: options.includeMime === true,
	};
}

/** GetItem's shape for these settings: the simplified fields by name, or every field. */
export function messageShape(settings: MessageReadSettings): ItemShape {
	const keys = [...SIMPLIFIED_MESSAGE_FIELDS, ...(settings.bodyFormat ? ['body'] : []), ...(settings.downloadAttachments ? ['attachments'] : [])];
	return {
		base: settings.simplify ? 'IdOnly' : 'AllProperties',
		includeMimeContent: settings.includeMime || undefined,
		bodyType: settings.bodyFormat ?? (settings.simplify ? undefined : 'Best'),
		additional: settings.simplify ? { kind: 'Message', keys } : undefined,
	};
}

/** The output item of one message read: its JSON, the .eml and the file attachments (fetched now) as binaries. */
export async function messageExecutionItem(
	context: IExecuteFunctions | IPollFunctions,
	message: ReadItem,
	settings: MessageReadSettings,
	call: Pick<ItemCall, 'send'>,
	mailbox: string | undefined,
): Promise<INodeExecutionData> {
	const json = messageOutput(message, settings.simplify);
	const binary: IBinaryKeyData = {};
	const subject = typeof message.fields.subject === 'string' ? message.fields.subject : '';
	const mime = message.fields.mimeContent;
	if (settings.includeMime && Buffer.isBuffer(mime)) {
		binary.eml = await context.helpers.prepareBinaryData(mime, emlFileName(subject), 'message/rfc822');
	}
	const files = ((message.fields.attachments as AttachmentInfo[] | undefined) ?? []).filter((attachment) => attachment.kind === 'file');
	if (settings.downloadAttachments && files.length > 0) {
		let index = 0;
		for await (const file of fetchAttachments(call, mailbox, files)) {
			binary[`${settings.attachmentPrefix}${index++}`] = await attachmentBinary(context, file);
		}
	}
	return Object.keys(binary).length > 0 ? { json, binary } : { json };
}
