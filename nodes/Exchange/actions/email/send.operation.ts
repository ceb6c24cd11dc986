import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { createItemBatch } from '../../ews/createItem';
import type { FileAttachment, Importance } from '../../ews/itemFields';
import { buildMessage, type MessageFields } from '../../ews/message';
import { parseRecipients, recipientsToStrings } from '../../helpers/recipients';
import type { EwsClient } from '../../transport';
import { findForbiddenCharacter } from '../../transport/xml';
import { inputError, readBody, readList, readSingleLine } from '../fields';
import { batchingOptions } from '../batching';
import { bodyTypeProperty, categoriesProperty, importanceProperty } from '../commonProperties';
import { readMailbox } from '../mailbox';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['email'], operation: ['send'] };

export const description: INodeProperties[] = [
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'alice@contoso.com, Bob <bob@contoso.com>',
		description:
			'Recipients: e-mail addresses separated by commas or semicolons, "Name &lt;address&gt;" entries, or a JSON array of addresses',
		displayOptions: { show },
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'The subject line (a single line)',
		displayOptions: { show },
	},
	{ ...bodyTypeProperty, displayOptions: { show } },
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'The message text, as plain text or HTML according to Body Type',
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
				displayName: 'Attachments',
				name: 'attachments',
				type: 'string',
				default: '',
				placeholder: 'data, invoice',
				description: 'Names of the input item\'s binary properties to attach, separated by commas',
			},
			...batchingOptions,
			{
				displayName: 'BCC',
				name: 'bcc',
				type: 'string',
				default: '',
				description: 'Blind copy recipients, in the same forms as To',
			},
			categoriesProperty,
			{
				displayName: 'CC',
				name: 'cc',
				type: 'string',
				default: '',
				description: 'Copy recipients, in the same forms as To',
			},
			importanceProperty('normal'),
			{
				displayName: 'Reply To',
				name: 'replyTo',
				type: 'string',
				default: '',
				description: 'Addresses replies should go to, in the same forms as To',
			},
			{
				displayName: 'Request Delivery Receipt',
				name: 'deliveryReceipt',
				type: 'boolean',
				default: false,
				description: 'Whether to ask for a receipt when the message is delivered',
			},
			{
				displayName: 'Request Read Receipt',
				name: 'readReceipt',
				type: 'boolean',
				default: false,
				description: 'Whether to ask recipients for a receipt when they read the message',
			},
			{
				displayName: 'Save to Sent Items',
				name: 'saveToSentItems',
				type: 'boolean',
				default: true,
				description: 'Whether to keep a copy in the Sent Items folder of the sending mailbox',
			},
		],
	},
];

const IMPORTANCE: Record<string, Importance> = { low: 'Low', normal: 'Normal', high: 'High' };

interface AttachmentSource {
	property: string;
	name: string;
	contentType: string;
}

// type "/" subtype, then parameters: RFC 2045's tokens, which Exchange stores as the attachment's ContentType.
// eslint-disable-next-line no-control-regex
const MIME_TYPE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\s*;\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=("[^"\\\x00-\x1F\x7F]*"|[!#$%&'*+\-.^_`|~0-9A-Za-z]+))*$/;

// eslint-disable-next-line no-control-regex
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** What is wrong with an attachment's file name, which travels in the request's XML and in the sent message. */
function fileNameProblem(name: string): string | undefined {
	const control = LINE_BREAK_OR_CONTROL.exec(name);
	const forbidden = findForbiddenCharacter(name);
	const index = control ? control.index : forbidden?.position;
	if (index === undefined) return undefined;
	const code = name.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
	return `contains the character U+${code} at position ${index + 1}, which a file name cannot carry; rename the file`;
}

/**
 * Checks now that every named binary property exists and that its file name and MIME type can be sent, so a
 * bad attachment fails its own item before it joins a request; the bytes are read when the item is built.
 */
function findAttachments(context: IExecuteFunctions, itemIndex: number, properties: string[]): AttachmentSource[] {
	return properties.map((property) => {
		const binary = context.getInputData()[itemIndex]?.binary?.[property];
		if (!binary) {
			throw inputError(
				context,
				itemIndex,
				`"Attachments" names the binary property "${property}", but the input item has no binary property of that name`,
			);
		}
		const name = binary.fileName || property;
		const nameProblem = fileNameProblem(name);
		if (nameProblem) {
			throw inputError(context, itemIndex, `"Attachments": the file name ${JSON.stringify(name)} of binary property "${property}" ${nameProblem}`);
		}
		const contentType = binary.mimeType || 'application/octet-stream';
		if (!MIME_TYPE.test(contentType)) {
			throw inputError(
				context,
				itemIndex,
				`"Attachments": the MIME type ${JSON.stringify(contentType)} of binary property "${property}" is not a MIME type (type/subtype, e.g. application/pdf)`,
			);
		}
		return { property, name, contentType };
	});
}

async function readAttachments(context: IExecuteFunctions, itemIndex: number, sources: AttachmentSource[]): Promise<FileAttachment[]> {
	return await Promise.all(
		sources.map(async ({ property, name, contentType }) => ({
			name,
			contentType,
			content: await context.helpers.getBinaryDataBuffer(itemIndex, property),
		})),
	);
}

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mailbox = readMailbox(this, itemIndex);
	const to = parseRecipients(this.getNodeParameter('to', itemIndex), 'To');
	if (to.length === 0) throw inputError(this, itemIndex, '"To" is empty: name at least one recipient');
	const cc = parseRecipients(options.cc, 'CC');
	const bcc = parseRecipients(options.bcc, 'BCC');
	const replyTo = parseRecipients(options.replyTo, 'Reply To');
	const subject = readSingleLine(this, itemIndex, 'Subject', this.getNodeParameter('subject', itemIndex, ''));
	const body = readBody(this, itemIndex, this.getNodeParameter('body', itemIndex, ''), this.getNodeParameter('bodyType', itemIndex, 'text'));
	const attachments = findAttachments(this, itemIndex, readList(this, itemIndex, 'Attachments', options.attachments));
	const saveToSentItems = options.saveToSentItems !== false;

	const access = client.access(mailbox);
	const delegate = access.mode === 'delegate' ? access.address : undefined;
	const fields: MessageFields = {
		subject,
		body,
		categories: readList(this, itemIndex, 'Categories', options.categories),
		importance: options.importance ? IMPORTANCE[options.importance as string] : undefined,
		to,
		cc,
		bcc,
		replyTo,
		from: delegate === undefined ? undefined : { address: delegate },
		isReadReceiptRequested: options.readReceipt === true || undefined,
		isDeliveryReceiptRequested: options.deliveryReceipt === true || undefined,
	};
	// Built once now, so text XML cannot carry fails this item before anything is sent.
	const withoutAttachments = buildMessage(fields, client.version);
	const output = {
		mailbox: access.address ?? null,
		to: recipientsToStrings(to),
		cc: recipientsToStrings(cc),
		bcc: recipientsToStrings(bcc),
		subject,
		savedToSentItems: saveToSentItems,
	};
	return {
		itemIndex,
		mailbox,
		request: createItemBatch({
			messageDisposition: saveToSentItems ? 'SendAndSaveCopy' : 'SendOnly',
			// A delegate's copy belongs in the Sent Items of the mailbox it sends from, not in its own.
			savedItemFolder: saveToSentItems ? { id: 'sentitems', mailbox: delegate } : undefined,
		}),
		effect: 'sent this message',
		build: async () =>
			attachments.length === 0
				? withoutAttachments
				: buildMessage({ ...fields, attachments: await readAttachments(this, itemIndex, attachments) }, client.version),
		output: () => output,
	};
}
