import { sameAddress } from '../accounts';
import { responsePartsOf, type ResponseKind } from '../operations/responseObjects';
import { uniqueAddresses } from '../operations/recipients';
import type { Address, Body, Folder, NewAttachment, NewMessage, StoredMessage } from '../store';
import { deletesAfterSubmit, readExtendedProperties } from './extendedProperties';
import { storeIdOf } from './ids';
import { attachmentJson } from './representations/attachment';
import { messageJson } from './representations/message';
import { GraphError, GraphRequestContext, GraphResult, GraphRoute } from './types';
import { MAX_UPLOAD_BYTES, openUploadSession } from './uploadSessions';

/**
 * Sending mail over Graph, through the same store methods as EWS's CreateItem and SendItem, so that both
 * APIs (and the mailbox viewer) see the same messages and deliveries: sendMail (202, no body), drafts
 * (POST messages; attachments and upload sessions on them; send; PATCH is messages.ts's), and replies and forwards, as
 * actions (reply, replyAll, forward: 202) or as drafts (createReply, createReplyAll, createForward: 201 with
 * the draft). A response's subject, recipients and quoted original are computed as EWS's response objects
 * do; `comment` is the text above the quote. Refusals carry Graph's codes for Exchange (ErrorInvalidRecipients,
 * ErrorItemNotFound, ErrorInvalidIdMalformed, ErrorSendAsDenied).
 */

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function badRequest(message: string): GraphError {
	return new GraphError(400, 'BadRequest', message);
}

function mailboxOf(context: GraphRequestContext): string {
	if (!context.mailbox) throw new Error('a mailbox route ran without a mailbox');
	return context.mailbox.smtpAddress;
}

function folder(context: GraphRequestContext, name: 'drafts' | 'sentitems'): Folder {
	return context.store.mailbox(mailboxOf(context)).folder(name);
}

function object(value: unknown, what: string): Record<string, unknown> {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${what} must be a JSON object.`);
	return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw badRequest(`${what} must be a string.`);
	return value;
}

/** The message named by a Graph id in the request's mailbox. */
function messageById(context: GraphRequestContext, id: string): StoredMessage {
	const storeId = storeIdOf(id);
	if (!storeId) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
	const item = context.store.findItem(storeId);
	if (!item || !sameAddress(item.mailbox, mailboxOf(context))) {
		throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
	}
	if (item.kind !== 'message') throw new GraphError(400, 'ErrorInvalidReferenceItem', 'The reference item does not support the requested operation.');
	return item;
}

function recipients(value: unknown, what: string): Address[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw badRequest(`${what} must be a collection of recipients.`);
	return value.map((entry) => {
		const emailAddress = object(object(entry, what).emailAddress, `${what}.emailAddress`);
		const address = text(emailAddress.address, `${what}.emailAddress.address`)?.trim() ?? '';
		const name = text(emailAddress.name, `${what}.emailAddress.name`);
		return name ? { address, name } : { address };
	});
}

/** Graph's check before a message goes out: some recipient, each well-formed and, inside the organisation, existing. */
function checkRecipients(context: GraphRequestContext, message: Pick<StoredMessage, 'toRecipients' | 'ccRecipients' | 'bccRecipients'>): void {
	const all = [...message.toRecipients, ...message.ccRecipients, ...message.bccRecipients];
	if (all.length === 0) throw new GraphError(400, 'ErrorInvalidRecipients', 'At least one recipient is required, but none were found.');
	const invalid = all.find((r) => !ADDRESS.test(r.address) || (context.directory.isInternalAddress(r.address) && !context.store.hasMailbox(r.address)));
	if (invalid) {
		throw new GraphError(400, 'ErrorInvalidRecipients', `At least one recipient isn't valid., Recipient '${invalid.address}' isn't resolved. All recipients must be resolved before a message can be submitted.`);
	}
}

/** A From other than the mailbox sent from needs Send As (or Full Access, as the sandbox grants it) on that address. */
function checkFrom(context: GraphRequestContext, from: Address | undefined): void {
	if (!from || sameAddress(from.address, mailboxOf(context))) return;
	const user = context.caller.user;
	const account = user ? context.directory.directory.accounts.find((a) => sameAddress(a.primarySmtpAddress, user)) : undefined;
	if (account?.fullAccessTo.some((address) => sameAddress(address, from.address))) return;
	throw new GraphError(
		403,
		'ErrorSendAsDenied',
		'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
	);
}

function body(value: unknown): Body | undefined {
	if (value === undefined || value === null) return undefined;
	const json = object(value, 'body');
	const type = (text(json.contentType, 'body.contentType') ?? 'text').toLowerCase();
	if (type !== 'text' && type !== 'html') throw badRequest(`Cannot convert the literal '${String(json.contentType)}' to the expected type 'microsoft.graph.bodyType'.`);
	return { type: type === 'html' ? 'HTML' : 'Text', text: text(json.content, 'body.content') ?? '' };
}

const IMPORTANCE: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };

function importance(value: unknown): string | undefined {
	const given = text(value, 'importance');
	if (given === undefined) return undefined;
	const known = IMPORTANCE[given.toLowerCase()];
	if (!known) throw badRequest(`Cannot convert the literal '${given}' to the expected type 'microsoft.graph.importance'.`);
	return known;
}

/** A fileAttachment as POST attachments or a message's `attachments` carries it. */
function fileAttachment(value: unknown): NewAttachment {
	const json = object(value, 'attachment');
	const type = text(json['@odata.type'], '@odata.type');
	if (type?.toLowerCase() !== '#microsoft.graph.fileattachment') {
		throw badRequest('The sandbox takes file attachments only ("@odata.type": "#microsoft.graph.fileAttachment").');
	}
	const name = text(json.name, 'name');
	const content = text(json.contentBytes, 'contentBytes');
	if (!name) throw badRequest('The attachment has no name.');
	if (content === undefined || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw badRequest('contentBytes must be base64.');
	return {
		name,
		contentType: text(json.contentType, 'contentType') ?? 'application/octet-stream',
		contentId: text(json.contentId, 'contentId'),
		isInline: json.isInline === true,
		content: Buffer.from(content, 'base64'),
	};
}

/** The message's fields as a request writes them; `disposition` says what becomes of it. */
function newMessage(context: GraphRequestContext, value: unknown, disposition: NewMessage['disposition']): NewMessage {
	const json = object(value, 'message');
	const attachments = json.attachments === undefined || json.attachments === null ? [] : json.attachments;
	if (!Array.isArray(attachments)) throw badRequest('attachments must be a collection.');
	const from = recipients(json.from === undefined || json.from === null ? undefined : [json.from], 'from')?.[0];
	const mailbox = context.directory.findMailbox(mailboxOf(context));
	const sender = mailbox ? { address: mailbox.smtpAddress, name: mailbox.displayName } : { address: mailboxOf(context) };
	return {
		kind: 'message',
		subject: text(json.subject, 'subject'),
		body: body(json.body),
		categories: Array.isArray(json.categories) ? json.categories.map(String) : [],
		importance: importance(json.importance),
		createdBy: context.caller.user ?? context.caller.clientId,
		createdAt: new Date(),
		internetMessageId: context.store.newInternetMessageId(),
		from,
		sender: from ?? sender,
		toRecipients: recipients(json.toRecipients, 'toRecipients') ?? [],
		ccRecipients: recipients(json.ccRecipients, 'ccRecipients') ?? [],
		bccRecipients: recipients(json.bccRecipients, 'bccRecipients') ?? [],
		replyTo: recipients(json.replyTo, 'replyTo') ?? [],
		attachments: attachments.map(fileAttachment),
		isReadReceiptRequested: json.isReadReceiptRequested === true || undefined,
		isDeliveryReceiptRequested: json.isDeliveryReceiptRequested === true || undefined,
		extendedProperties: json.singleValueExtendedProperties === undefined ? undefined : readExtendedProperties(json.singleValueExtendedProperties),
		disposition,
		isDraft: disposition === 'SaveOnly',
	};
}

function sendMail(context: GraphRequestContext): GraphResult {
	const request = object(context.body, 'The request body');
	if (request.message === undefined) throw badRequest('The parameter \'message\' is missing.');
	const save = request.saveToSentItems === undefined || request.saveToSentItems === null || request.saveToSentItems === true || request.saveToSentItems === 'true';
	const message = newMessage(context, request.message, save ? 'SendAndSaveCopy' : 'SendOnly');
	checkFrom(context, message.from);
	checkRecipients(context, message);
	context.store.sendMessage(message, save && !deletesAfterSubmit(message) ? folder(context, 'sentitems') : undefined);
	return { status: 202 };
}

function createDraft(context: GraphRequestContext): GraphResult {
	const message = newMessage(context, context.body, 'SaveOnly');
	return { status: 201, body: messageJson(context.store.addItem(folder(context, 'drafts'), message) as StoredMessage, context) };
}

function sendDraft(context: GraphRequestContext, id: string): GraphResult {
	const draft = messageById(context, id);
	checkFrom(context, draft.from);
	checkRecipients(context, draft);
	context.store.sendItem(draft.id, deletesAfterSubmit(draft) ? undefined : folder(context, 'sentitems'));
	return { status: 202 };
}

function addAttachment(context: GraphRequestContext, id: string): GraphResult {
	const message = messageById(context, id);
	const attachment = context.store.addAttachment(message.id, fileAttachment(context.body));
	return { status: 201, body: attachmentJson(attachment, false) };
}

function createUploadSession(context: GraphRequestContext, id: string): GraphResult {
	const message = messageById(context, id);
	const item = object(object(context.body, 'The request body').AttachmentItem, 'AttachmentItem');
	if (text(item.attachmentType, 'attachmentType')?.toLowerCase() !== 'file') throw badRequest('AttachmentItem.attachmentType must be \'file\'.');
	const name = text(item.name, 'AttachmentItem.name');
	if (!name) throw badRequest('AttachmentItem.name is required.');
	const size = item.size;
	if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) throw badRequest('AttachmentItem.size must be a positive number of bytes.');
	if (size > MAX_UPLOAD_BYTES) throw new GraphError(413, 'ErrorAttachmentSizeLimitExceeded', 'The attachment is larger than 150 MB.');
	const origin = context.baseUrl.replace(/\/v1\.0$/, '');
	return openUploadSession(context.store, origin, {
		itemId: message.id,
		mailbox: mailboxOf(context),
		name,
		contentType: text(item.contentType, 'AttachmentItem.contentType'),
		isInline: item.isInline === true,
		size,
	});
}

/**
 * A reply or forward of `id` with the request's `comment` above the quoted original and its `message`
 * properties; Graph takes a comment or a message body, not both. Recipients the message gives replace
 * those Exchange computed.
 */
function response(context: GraphRequestContext, id: string, kind: ResponseKind, disposition: NewMessage['disposition']): NewMessage {
	const original = messageById(context, id);
	const request = object(context.body, 'The request body');
	const comment = text(request.comment, 'comment');
	const given = newMessage(context, request.message, disposition);
	if (comment && given.body) throw badRequest('A comment and a message body cannot both be given.');
	const commentBody: Body | undefined = comment ? { type: original.body?.type ?? 'Text', text: comment } : undefined;
	const parts = responsePartsOf(original, kind, given.body ?? commentBody);
	const forwardTo = kind === 'forward' ? recipients(request.toRecipients, 'toRecipients') : undefined;
	return {
		...given,
		subject: given.subject ?? parts.subject,
		body: parts.body,
		toRecipients: uniqueAddresses(given.toRecipients.length > 0 ? given.toRecipients : (forwardTo ?? parts.toRecipients)),
		ccRecipients: given.ccRecipients.length > 0 ? given.ccRecipients : parts.ccRecipients,
		attachments: [...parts.attachments, ...(given.attachments ?? [])],
		conversationId: parts.conversationId,
		conversationIndex: parts.conversationIndex,
		inReplyTo: parts.inReplyTo,
		references: parts.references,
	};
}

function respond(context: GraphRequestContext, id: string, kind: ResponseKind): GraphResult {
	const message = response(context, id, kind, 'SendAndSaveCopy');
	checkFrom(context, message.from);
	checkRecipients(context, message);
	context.store.sendMessage(message, folder(context, 'sentitems'));
	return { status: 202 };
}

function createResponse(context: GraphRequestContext, id: string, kind: ResponseKind): GraphResult {
	const draft = context.store.addItem(folder(context, 'drafts'), response(context, id, kind, 'SaveOnly')) as StoredMessage;
	return { status: 201, body: messageJson(draft, context) };
}

const MESSAGE = '/messages/([^/]+)';
const ACTIONS: Array<[string, ResponseKind]> = [
	['reply', 'reply'],
	['replyAll', 'replyAll'],
	['forward', 'forward'],
];

export const SEND_MAIL_ROUTES: GraphRoute[] = [
	{ method: 'POST', pattern: /^\/sendMail$/i, scope: 'mailbox', permissions: ['Mail.Send'], handle: (context) => sendMail(context) },
	{ method: 'POST', pattern: /^\/messages$/i, scope: 'mailbox', permissions: ['Mail.ReadWrite'], handle: (context) => createDraft(context) },
	{ method: 'POST', pattern: new RegExp(`^${MESSAGE}/send$`, 'i'), scope: 'mailbox', permissions: ['Mail.Send'], handle: (context, [id]) => sendDraft(context, id) },
	{
		method: 'POST',
		pattern: new RegExp(`^${MESSAGE}/attachments$`, 'i'),
		scope: 'mailbox',
		permissions: ['Mail.ReadWrite'],
		handle: (context, [id]) => addAttachment(context, id),
	},
	{
		method: 'POST',
		pattern: new RegExp(`^${MESSAGE}/attachments/(?:microsoft\\.graph\\.)?createUploadSession$`, 'i'),
		scope: 'mailbox',
		permissions: ['Mail.ReadWrite'],
		handle: (context, [id]) => createUploadSession(context, id),
	},
	...ACTIONS.flatMap(([action, kind]): GraphRoute[] => [
		{
			method: 'POST',
			pattern: new RegExp(`^${MESSAGE}/(?:microsoft\\.graph\\.)?${action}$`, 'i'),
			scope: 'mailbox',
			permissions: ['Mail.Send'],
			handle: (context, [id]) => respond(context, id, kind),
		},
		{
			method: 'POST',
			pattern: new RegExp(`^${MESSAGE}/(?:microsoft\\.graph\\.)?create${action}$`, 'i'),
			scope: 'mailbox',
			permissions: ['Mail.ReadWrite'],
			handle: (context, [id]) => createResponse(context, id, kind),
		},
	]),
];
