import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { BodyField, Importance } from '../ews/itemFields';
import { buildMessage, type MessageFields } from '../ews/message';
import { parseRecipients, recipientsToStrings, type Recipient } from '../helpers/recipients';
import type { EwsClient } from '../transport';
import type { XmlElement } from '../transport/xml';
import { attachmentsProperty, findAttachments, readAttachments, type AttachmentSource } from './attachments';
import { batchingOptions } from './batching';
import { alphabetized, bodyTypeProperty, categoriesProperty, importanceProperty } from './commonProperties';
import { inputError, readBody, readList, readSingleLine } from './fields';
import { readMailbox } from './mailbox';

/**
 * A new message as the user composes it: the parameters Email → Send and Draft → Create share, and the
 * `t:Message` they build from them.
 */

export const recipientsDescription =
	'Recipients: e-mail addresses separated by commas or semicolons, "Name &lt;address&gt;" entries, or a JSON array of addresses';

/** To, Subject, Body Type, Body and the Options collection; `extraOptions` join the shared ones at the end. */
export function composedMessageProperties(
	show: NonNullable<IDisplayOptions['show']>,
	settings: { toRequired: boolean; extraOptions: INodeProperties[] },
): INodeProperties[] {
	return [
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			default: '',
			required: settings.toRequired,
			placeholder: 'alice@contoso.com, Bob <bob@contoso.com>',
			description: settings.toRequired ? recipientsDescription : `${recipientsDescription}. May be left empty in a draft.`,
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
			options: alphabetized([
				attachmentsProperty,
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
				...settings.extraOptions,
			]),
		},
	];
}

const IMPORTANCE: Record<string, Importance> = { low: 'Low', normal: 'Normal', high: 'High' };

export interface ComposedMessage {
	mailbox?: string;
	/** The mailbox's address when the node reaches it as a delegate: the message is sent from it and saved in it. */
	delegate?: string;
	options: IDataObject;
	/** Builds the `t:Message`; attachments are read only now, when its request is about to be sent. */
	build(): Promise<XmlElement>;
	/** What every output of a composed message says. */
	output: IDataObject;
}

/** The item's message parameters, read and checked: what the EWS and the Graph side both send. */
export interface ComposedFields {
	mailbox?: string;
	options: IDataObject;
	to: Recipient[];
	cc: Recipient[];
	bcc: Recipient[];
	replyTo: Recipient[];
	subject: string;
	body?: BodyField;
	categories: string[];
	importance?: Importance;
	isReadReceiptRequested?: boolean;
	isDeliveryReceiptRequested?: boolean;
	attachments: AttachmentSource[];
}

/** Reads and checks the item's message parameters; bad input fails the item before anything is sent. */
export function readComposedFields(context: IExecuteFunctions, itemIndex: number, settings: { toRequired: boolean }): ComposedFields {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mailbox = readMailbox(context, itemIndex);
	const to = parseRecipients(context.getNodeParameter('to', itemIndex, ''), 'To');
	if (settings.toRequired && to.length === 0) throw inputError(context, itemIndex, '"To" is empty: name at least one recipient');
	return {
		mailbox,
		options,
		to,
		cc: parseRecipients(options.cc, 'CC'),
		bcc: parseRecipients(options.bcc, 'BCC'),
		replyTo: parseRecipients(options.replyTo, 'Reply To'),
		subject: readSingleLine(context, itemIndex, 'Subject', context.getNodeParameter('subject', itemIndex, '')),
		body: readBody(context, itemIndex, context.getNodeParameter('body', itemIndex, ''), context.getNodeParameter('bodyType', itemIndex, 'text')),
		categories: readList(context, itemIndex, 'Categories', options.categories),
		importance: options.importance ? IMPORTANCE[options.importance as string] : undefined,
		isReadReceiptRequested: options.readReceipt === true || undefined,
		isDeliveryReceiptRequested: options.deliveryReceipt === true || undefined,
		attachments: findAttachments(context, itemIndex, options.attachments),
	};
}

/** What every output of a composed message says, whichever API sent it. */
export function composedOutput(read: ComposedFields, mailbox: string | undefined): IDataObject {
	return {
		mailbox: mailbox ?? null,
		to: recipientsToStrings(read.to),
		cc: recipientsToStrings(read.cc),
		bcc: recipientsToStrings(read.bcc),
		subject: read.subject,
	};
}

/** Reads and checks the item's message parameters and builds its `t:Message`. */
export function composeMessage(context: IExecuteFunctions, client: EwsClient, itemIndex: number, settings: { toRequired: boolean }): ComposedMessage {
	const read = readComposedFields(context, itemIndex, settings);
	const { mailbox, options, attachments } = read;
	const access = client.access(mailbox);
	const delegate = access.mode === 'delegate' ? access.address : undefined;
	const fields: MessageFields = {
		subject: read.subject,
		body: read.body,
		categories: read.categories,
		importance: read.importance,
		to: read.to,
		cc: read.cc,
		bcc: read.bcc,
		replyTo: read.replyTo,
		from: delegate === undefined ? undefined : { address: delegate },
		isReadReceiptRequested: read.isReadReceiptRequested,
		isDeliveryReceiptRequested: read.isDeliveryReceiptRequested,
	};
	// Built once now, so text XML cannot carry fails this item before anything is sent.
	const withoutAttachments = buildMessage(fields, client.version);
	return {
		mailbox,
		delegate,
		options,
		build: async () =>
			attachments.length === 0
				? withoutAttachments
				: buildMessage({ ...fields, attachments: await readAttachments(context, itemIndex, attachments) }, client.version),
		output: composedOutput(read, access.address),
	};
}
