import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { buildCreateAttachment, readCreateAttachment } from '../ews/createAttachment';
import { buildCreateItem, createItemBatch, readCreatedItemIds, type SavedItemFolder } from '../ews/createItem';
import { itemIdElement, type ItemRef } from '../ews/itemIds';
import { onlyValue, perMessage } from '../ews/operation';
import { sendItemBatch } from '../ews/sendItem';
import { buildSmartResponse, type SmartResponseKind } from '../ews/smartResponse';
import { parseRecipients, recipientsToStrings, type Recipient } from '../helpers/recipients';
import type { EwsClient } from '../transport';
import { EwsError } from '../transport/errors';
import type { XmlElement } from '../transport/xml';
import type { BodyField } from '../ews/itemFields';
import { attachmentsProperty, findAttachments, readAttachments, type AttachmentSource } from './attachments';
import { batchingOptions } from './batching';
import { bodyTypeProperty, optionsCollection } from './commonProperties';
import { recipientsDescription } from './composedMessage';
import { inputError, readBody } from './fields';
import { messageIdProperty, namingTheId } from './messageIds';
import { readMessageTarget } from './messageWrites';
import type { ItemCall, PreparedSteps, PreparedWrite } from './types';

/**
 * Email → Reply, Reply All and Forward: CreateItem with ReplyToItem, ReplyAllToItem or ForwardItem, so that
 * Exchange builds the subject (RE: / FW:), the recipients and the quoted original, with the node's text above
 * it. Without attachments that is one element of a shared CreateItem request. Response objects cannot carry
 * attachments (SmartResponseType has none), so with attachments the reply is saved as a draft, the files are
 * added with CreateAttachment, and the draft is sent with SendItem, as Microsoft documents ("Respond to email
 * messages by using EWS"); a step that fails names the draft, so nothing is lost, and none is repeated.
 */

export type Operation = 'reply' | 'replyAll' | 'forward';

const ELEMENTS: Record<Operation, SmartResponseKind> = { reply: 'ReplyToItem', replyAll: 'ReplyAllToItem', forward: 'ForwardItem' };
export const NOUNS: Record<Operation, string> = { reply: 'reply', replyAll: 'reply', forward: 'forward' };

function properties(operation: Operation): INodeProperties[] {
	const show = { resource: ['email'], operation: [operation] };
	const forward = operation === 'forward';
	const recipientOption = (displayName: string, name: string, description: string): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		default: '',
		description,
	});
	return [
		messageIdProperty(show),
		...(forward
			? [
					{
						displayName: 'To',
						name: 'to',
						type: 'string' as const,
						default: '',
						required: true,
						placeholder: 'alice@contoso.com, Bob <bob@contoso.com>',
						description: recipientsDescription,
						displayOptions: { show },
					},
				]
			: []),
		{ ...bodyTypeProperty, displayOptions: { show } },
		{
			displayName: 'Body',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 5 },
			default: '',
			description: 'Your text, as plain text or HTML according to Body Type; Exchange puts it above the quoted original message',
			displayOptions: { show },
		},
		optionsCollection(show, [
			attachmentsProperty,
			batchingOptions[0],
			recipientOption('BCC', 'bcc', 'Blind copy recipients, in the same forms as To'),
			recipientOption('CC', 'cc', forward ? 'Copy recipients, in the same forms as To' : 'Copy recipients added to the ones Exchange answers'),
			...batchingOptions.slice(1),
			{
				displayName: 'Save as Draft',
				name: 'saveAsDraft',
				type: 'boolean',
				default: false,
				description: `Whether to save the ${NOUNS[operation]} in the Drafts folder instead of sending it; the output then carries the draft's ID (send it later with Draft → Send)`,
			},
			...(forward ? [] : [recipientOption('To', 'to', `Recipients added to the ones Exchange answers. ${recipientsDescription}.`)]),
		]),
	];
}

/** What one item answers and how, read and checked before anything is sent. */
interface Plan {
	operation: Operation;
	itemIndex: number;
	mailbox?: string;
	messageId: string;
	response: XmlElement;
	saveAsDraft: boolean;
	/** Where the draft (SaveOnly) or the sent copy goes: the folder of the mailbox a delegate acts in. */
	delegate?: string;
	attachments: AttachmentSource[];
	output: IDataObject;
}

function savedFolder(plan: Plan, id: SavedItemFolder['id']): SavedItemFolder {
	return { id, mailbox: plan.delegate };
}

function outputOf(plan: Plan, draft: ItemRef | undefined): IDataObject {
	return { id: draft?.id ?? null, changeKey: draft?.changeKey ?? null, sent: !plan.saveAsDraft, ...plan.output };
}

/** The one-request path: an element of a CreateItem that other items of the run may share. */
function oneRequest(plan: Plan): PreparedWrite {
	const noun = NOUNS[plan.operation];
	return {
		itemIndex: plan.itemIndex,
		mailbox: plan.mailbox,
		request: createItemBatch(
			plan.saveAsDraft
				? { messageDisposition: 'SaveOnly', savedItemFolder: savedFolder(plan, 'drafts') }
				: { messageDisposition: 'SendAndSaveCopy', savedItemFolder: savedFolder(plan, 'sentitems') },
		),
		effect: plan.saveAsDraft ? `saved this ${noun} as a draft` : `sent this ${noun}`,
		build: async () => plan.response,
		output: (message) => outputOf(plan, plan.saveAsDraft ? readCreatedItemIds(message)[0] : undefined),
		explain: (error) => namingTheId(error, plan.messageId, plan.mailbox) as EwsError,
	};
}

/**
 * An error of a step after the draft was saved: it names the draft, which holds everything not yet sent.
 * Only a SendItem whose answer was lost may have sent it.
 */
function afterDraft(error: unknown, plan: Plan, draft: ItemRef, step: 'attach' | 'send'): Error {
	const where = `Drafts of ${plan.mailbox ?? 'the mailbox'}`;
	const cause = error instanceof Error ? error.message : String(error);
	const doing = step === 'attach' ? 'adding the attachments' : 'sending it';
	if (!(error instanceof EwsError) || error.processing !== 'unknown') {
		const message = `${cause}, while ${doing}. Nothing was sent: the ${NOUNS[plan.operation]} is saved as draft ${draft.id} in ${where}`;
		if (!(error instanceof EwsError)) return new Error(message);
		const hint = `Fix the cause, then send draft ${draft.id} with Draft → Send, or delete it.`;
		return new EwsError({ code: error.code, message, hint, httpStatus: error.httpStatus, processing: error.processing });
	}
	const outcome = step === 'send' ? `Exchange may have sent draft ${draft.id}` : `draft ${draft.id} in ${where} may lack attachments; nothing was sent`;
	return new EwsError({
		code: error.code,
		message: `Outcome unknown: ${cause}, while ${doing}. ${outcome}; it was not sent again, so that nothing happens twice`,
		hint: `Look in ${where}: if draft ${draft.id} is still there${step === 'send' ? '' : ' with all its attachments'}, send it with Draft → Send; otherwise check Sent Items.`,
		httpStatus: error.httpStatus,
		processing: 'unknown',
	});
}

/**
 * The attachments path: CreateItem SaveOnly (the draft), CreateAttachment, then SendItem unless the user
 * keeps the draft. Each request is sent once at most when its outcome is unknown.
 */
async function inSteps(context: IExecuteFunctions, plan: Plan, call: ItemCall): Promise<IDataObject> {
	let draft: ItemRef | undefined;
	try {
		const created = buildCreateItem({ messageDisposition: 'SaveOnly', savedItemFolder: savedFolder(plan, 'drafts'), items: [plan.response] });
		draft = onlyValue(perMessage(await call.send(created, plan.mailbox), readCreatedItemIds))[0];
	} catch (error) {
		if (!(error instanceof EwsError) || error.processing !== 'unknown') throw namingTheId(error, plan.messageId, plan.mailbox);
		throw new EwsError({
			code: error.code,
			message: `Outcome unknown: ${error.message}. Exchange may have saved this ${NOUNS[plan.operation]} as a draft; nothing was sent, and it was not sent again`,
			hint: `Look in Drafts of ${plan.mailbox ?? 'the mailbox'} for a draft answering this message before running this item again.`,
			httpStatus: error.httpStatus,
			processing: 'unknown',
		});
	}
	if (!draft) throw new EwsError({ code: 'InvalidResponse', message: 'Exchange saved the draft but its answer has no ItemId', processing: 'unknown' });
	try {
		const files = await readAttachments(context, plan.itemIndex, plan.attachments);
		draft = readCreateAttachment(await call.send(buildCreateAttachment(draft, files), plan.mailbox), draft);
	} catch (error) {
		throw afterDraft(error, plan, draft, 'attach');
	}
	if (plan.saveAsDraft) return outputOf(plan, draft);
	try {
		const send = sendItemBatch(savedFolder(plan, 'sentitems')).build([itemIdElement(draft)]);
		onlyValue(perMessage(await call.send(send, plan.mailbox), () => undefined));
	} catch (error) {
		throw afterDraft(error, plan, draft, 'send');
	}
	return outputOf(plan, undefined);
}

/** The item's parameters of a reply or forward, read and checked before anything is sent: what both APIs send. */
export interface ResponseParameters {
	mailbox?: string;
	messageId: string;
	to: Recipient[];
	cc: Recipient[];
	bcc: Recipient[];
	newBody?: BodyField;
	attachments: AttachmentSource[];
	saveAsDraft: boolean;
}

export function readResponseParameters(context: IExecuteFunctions, itemIndex: number, operation: Operation): ResponseParameters {
	const target = readMessageTarget(context, itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const to = parseRecipients(operation === 'forward' ? context.getNodeParameter('to', itemIndex, '') : options.to, 'To');
	if (operation === 'forward' && to.length === 0) throw inputError(context, itemIndex, '"To" is empty: name at least one recipient to forward the message to');
	return {
		...target,
		to,
		cc: parseRecipients(options.cc, 'CC'),
		bcc: parseRecipients(options.bcc, 'BCC'),
		newBody: readBody(context, itemIndex, context.getNodeParameter('body', itemIndex, ''), context.getNodeParameter('bodyType', itemIndex, 'text')),
		attachments: findAttachments(context, itemIndex, options.attachments),
		saveAsDraft: options.saveAsDraft === true,
	};
}

/** What every output of a reply or forward says, whichever API sent it; `mailbox` is the address acted in. */
export function responseOutput(parameters: ResponseParameters, mailbox: string | undefined): IDataObject {
	return {
		mailbox: mailbox ?? null,
		originalId: parameters.messageId,
		to: recipientsToStrings(parameters.to),
		cc: recipientsToStrings(parameters.cc),
		bcc: recipientsToStrings(parameters.bcc),
		attachments: parameters.attachments.map((attachment) => attachment.name),
	};
}

/** The description and prepare of one of the three operations. */
export function responseOperation(operation: Operation): {
	description: INodeProperties[];
	prepare: (this: IExecuteFunctions, client: EwsClient, itemIndex: number) => Promise<PreparedWrite | PreparedSteps>;
} {
	return {
		description: properties(operation),
		async prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite | PreparedSteps> {
			const parameters = readResponseParameters(this, itemIndex, operation);
			const { to, cc, bcc, newBody, attachments } = parameters;
			const access = client.access(parameters.mailbox);
			const delegate = access.mode === 'delegate' ? access.address : undefined;
			const plan: Plan = {
				operation,
				itemIndex,
				mailbox: parameters.mailbox,
				messageId: parameters.messageId,
				response: buildSmartResponse(ELEMENTS[operation], {
					reference: { id: parameters.messageId },
					newBody,
					to,
					cc,
					bcc,
					from: delegate === undefined ? undefined : { address: delegate },
				}),
				saveAsDraft: parameters.saveAsDraft,
				delegate,
				attachments,
				output: responseOutput(parameters, access.address),
			};
			if (attachments.length === 0) return oneRequest(plan);
			return { itemIndex, run: async (call) => await inSteps(this, plan, call) };
		},
	};
}
