import { randomBytes } from 'crypto';
import { sameAddress } from '../accounts';
import { Address, Body, NewAttachment, StoredItem } from '../store';
import { ParsedElement } from '../xml';
import { ItemError, OperationContext } from './context';
import * as fields from './itemFields';
import { bodyIn } from './itemProperties';
import { resolveItemId } from './itemIds';
import { uniqueAddresses } from './recipients';

/**
 * CreateItem's ReplyToItem, ReplyAllToItem and ForwardItem: the server builds the response message from the
 * item ReferenceItemId names, as Outlook and OWA would: "RE: " / "FW: " before the subject (not doubled), the
 * recipients (reply: the Reply-To or sender; reply all: also the original To and Cc, without the replying
 * mailbox; forward: none), NewBodyContent above a separator, a From / Sent / To / Cc / Subject block and the
 * original body; a forward keeps the original's attachments. The response stays in the original's
 * conversation (ConversationId, a child ConversationIndex) with In-Reply-To and References. Recipients,
 * Subject and Body the request gives are added to or replace what the server computes.
 */

export type ResponseKind = 'reply' | 'replyAll' | 'forward';

export const RESPONSE_ELEMENTS: Record<string, ResponseKind> = {
	ReplyToItem: 'reply',
	ReplyAllToItem: 'replyAll',
	ForwardItem: 'forward',
};

/** What the server computes for a response message; the request's own fields are merged in by CreateItem. */
export interface ResponseParts {
	/** The mailbox that holds the original: the response is made (and saved) there. */
	mailbox: string;
	subject: string;
	body: Body;
	toRecipients: Address[];
	ccRecipients: Address[];
	attachments: NewAttachment[];
	conversationId: string;
	conversationIndex: string;
	inReplyTo?: string;
	references?: string;
}

const PREFIXES: Record<ResponseKind, string> = { reply: 'RE: ', replyAll: 'RE: ', forward: 'FW: ' };

export function responseParts(element: ParsedElement, kind: ResponseKind, context: OperationContext): ResponseParts {
	const reference = element.child('t:ReferenceItemId');
	if (!reference) throw new ItemError('ErrorMissingInformationReferenceItemId', 'The ReferenceItemId is missing.');
	const original = resolveItemId(context, reference);
	if (original.kind === 'calendarItem') {
		throw new ItemError('ErrorInvalidReferenceItem', 'The reference item does not support the requested operation.');
	}
	return responsePartsOf(original, kind, fields.body(element) ?? readNewBody(element));
}

/** What the server computes for a response to `original` (not a calendar item), `newBody` above the quote; Graph's createReply shares it. */
export function responsePartsOf(original: StoredItem, kind: ResponseKind, newBody: Body | undefined): ResponseParts {
	const author = original.kind === 'message' ? (original.from ?? original.sender) : original.organizer;
	const to = original.kind === 'message' ? original.toRecipients : [];
	const cc = original.kind === 'message' ? original.ccRecipients : [];
	const replyTo = original.kind === 'message' && original.replyTo.length > 0 ? original.replyTo : [author];
	const notSelf = (a: Address) => !sameAddress(a.address, original.mailbox);
	const recipients: Record<ResponseKind, { to: Address[]; cc: Address[] }> = {
		reply: { to: replyTo, cc: [] },
		replyAll: { to: uniqueAddresses([...replyTo, ...to.filter(notSelf)]), cc: uniqueAddresses(cc.filter(notSelf)) },
		forward: { to: [], cc: [] },
	};
	const messageId = 'internetMessageId' in original ? original.internetMessageId : undefined;
	const references = original.kind === 'message' && original.references ? `${original.references} ${messageId}` : messageId;
	return {
		mailbox: original.mailbox,
		subject: prefixed(PREFIXES[kind], original.subject ?? ''),
		body: quote(newBody, original, author, to, cc),
		toRecipients: recipients[kind].to,
		ccRecipients: recipients[kind].cc,
		attachments:
			kind === 'forward'
				? original.attachments.map(({ id: _id, lastModifiedTime: _at, ...a }) => ({ ...a, content: Buffer.from(a.content) }))
				: [],
		conversationId: original.conversationId,
		conversationIndex: childConversationIndex(original.conversationIndex),
		...(kind === 'forward' ? { references } : { inReplyTo: messageId, references }),
	};
}

function readNewBody(element: ParsedElement): Body | undefined {
	const content = element.child('t:NewBodyContent');
	if (!content) return undefined;
	return { type: content.attr('BodyType') === 'HTML' ? 'HTML' : 'Text', text: content.text() };
}

/** The prefix, unless the subject already starts with it (any case): "RE: RE: " is never made. */
function prefixed(prefix: string, subject: string): string {
	return subject.toLowerCase().startsWith(prefix.trim().toLowerCase()) ? subject : `${prefix}${subject}`;
}

function display(addresses: Address[]): string {
	return addresses.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join('; ');
}

/** Outlook writes the original's send time in words, e.g. "Monday, November 2, 2026 9:01 AM" (UTC here). */
function sentText(at: Date): string {
	return new Intl.DateTimeFormat('en-US', {
		timeZone: 'UTC',
		weekday: 'long',
		year: 'numeric',
		month: 'long',
		day: 'numeric',
		hour: 'numeric',
		minute: '2-digit',
	})
		.format(at)
		.replace(' at ', ' ');
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The inside of an HTML document's body element, or the fragment as it is. */
function innerHtml(html: string): string {
	const match = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
	return match ? match[1] : html;
}

/** The new text above the original: a separator, the header block and the original body, in the new body's type. */
function quote(newBody: Body | undefined, original: StoredItem, author: Address, to: Address[], cc: Address[]): Body {
	const type = newBody?.type ?? original.body?.type ?? 'Text';
	const header: Array<[string, string]> = [
		['From', display([author])],
		['Sent', sentText(original.dateTimeSent ?? original.dateTimeReceived)],
		['To', display(to)],
		...(cc.length > 0 ? ([['Cc', display(cc)]] as Array<[string, string]>) : []),
		['Subject', original.subject ?? ''],
	];
	const originalBody = original.body ? bodyIn(original.body, type).text : '';
	if (type === 'Text') {
		const lines = header.map(([name, value]) => `${name}: ${value}`);
		return { type, text: [newBody?.text ?? '', '', '________________________________', ...lines, '', originalBody].join('\r\n') };
	}
	const block = header.map(([name, value]) => `<b>${name}:</b> ${escapeHtml(value)}`).join('<br>\r\n');
	const text = [
		'<html>',
		'<head>',
		'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
		'</head>',
		'<body>',
		innerHtml(newBody?.text ?? ''),
		'<hr style="display:inline-block;width:98%" tabindex="-1">',
		`<div id="divRplyFwdMsg" dir="ltr">${block}</div>`,
		'<br>',
		innerHtml(originalBody),
		'</body>',
		'</html>',
	].join('\r\n');
	return { type, text };
}

/**
 * A response's PidTagConversationIndex: the parent's header and child blocks plus one 5-byte child block
 * (MS-OXOMSG); the sandbox fills the block at random instead of encoding the time difference.
 */
function childConversationIndex(parent: string): string {
	return Buffer.concat([Buffer.from(parent, 'base64'), randomBytes(5)]).toString('base64');
}
