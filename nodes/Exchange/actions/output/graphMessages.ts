import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import type { AttachmentInfo, Flag, FlagStatus } from '../../ews/fieldTypes';
import type { Importance } from '../../ews/itemFields';
import type { Recipient } from '../../helpers/recipients';
import type { GraphJson, GraphRequest } from '../../transport/graph/types';
import type { GraphItemCall } from '../graphTypes';
import { attachmentBinary, emlFileName } from './attachments';
import { fetchGraphAttachments, GRAPH_ATTACHMENT_SELECT, graphAttachmentInfo } from './graphAttachments';
import type { MessageReadSettings } from './messageItems';

/**
 * Graph's message JSON (learn.microsoft.com/graph/api/resources/message) as the node outputs a message: the
 * same fields, names and value forms as the EWS path (message.ts), so a workflow reads the same output
 * whichever API its credential uses. Shared by every operation that reads messages over Graph.
 */

/** The Graph properties behind the simplified output (message.ts SIMPLIFIED_MESSAGE_FIELDS). */
export const GRAPH_SIMPLIFIED_MESSAGE_SELECT = [
	'id',
	'changeKey',
	'parentFolderId',
	'subject',
	'receivedDateTime',
	'sentDateTime',
	'categories',
	'importance',
	'hasAttachments',
	'conversationId',
	'webLink',
	'bodyPreview',
	'from',
	'toRecipients',
	'ccRecipients',
	'internetMessageId',
	'isRead',
] as const;

/** The message path under the mailbox; ids are Graph's own, URL-encoded as the path needs. */
export function graphMessagePath(messageId: string): string {
	return `/messages/${encodeURIComponent(messageId)}`;
}

/**
 * What a message read asks Graph for, by the read settings: `$select` of the simplified fields (every default
 * property with Simplify off), the attachment list expanded when it is output or downloaded, and the body in
 * the chosen format through the `Prefer: outlook.body-content-type` header (without it Graph gives the body as
 * stored, EWS's "Best").
 */
export function graphMessageQuery(settings: MessageReadSettings): Pick<GraphRequest, 'query' | 'headers'> {
	const select = settings.simplify ? [...GRAPH_SIMPLIFIED_MESSAGE_SELECT, ...(settings.bodyFormat ? ['body'] : [])] : undefined;
	const expand = settings.downloadAttachments || !settings.simplify ? `attachments($select=${GRAPH_ATTACHMENT_SELECT.join(',')})` : undefined;
	const headers = settings.bodyFormat ? { Prefer: `outlook.body-content-type="${settings.bodyFormat === 'HTML' ? 'html' : 'text'}"` } : undefined;
	return { query: { $select: select?.join(','), $expand: expand }, ...(headers ? { headers } : {}) };
}

/** Graph's recipient (`{emailAddress:{name,address}}`) as the node's; a missing name is empty, as EWS reads it. */
export function graphRecipient(value: unknown): Recipient | null {
	const address = (value as GraphJson | undefined)?.emailAddress as GraphJson | undefined;
	if (!address) return null;
	return { name: typeof address.name === 'string' ? address.name : '', address: typeof address.address === 'string' ? address.address : '' };
}

export function graphRecipients(value: unknown): Recipient[] {
	return Array.isArray(value) ? value.flatMap((entry) => graphRecipient(entry) ?? []) : [];
}

/** The node's recipient as Graph's, for writes. */
export function toGraphRecipient(recipient: Recipient): GraphJson {
	return { emailAddress: { address: recipient.address, ...(recipient.name ? { name: recipient.name } : {}) } };
}

/** Graph's DateTimeOffset as the node outputs times: ISO 8601 in UTC with whole seconds, as EWS dateTime values are read. */
export function graphDateTime(value: unknown): string | null {
	if (typeof value !== 'string' || !value) return null;
	const time = Date.parse(value);
	return Number.isNaN(time) ? value : new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Graph's dateTimeTimeZone (a flag's dates, in UTC for messages) as one UTC time. */
function graphZonedDateTime(value: unknown): string | undefined {
	const zoned = value as GraphJson | undefined;
	if (typeof zoned?.dateTime !== 'string') return undefined;
	const utc = typeof zoned.timeZone !== 'string' || /^(utc|etc\/utc|gmt)$/i.test(zoned.timeZone);
	return (utc && graphDateTime(/[zZ]|[+-]\d\d:\d\d$/.test(zoned.dateTime) ? zoned.dateTime : `${zoned.dateTime}Z`)) || zoned.dateTime;
}

const IMPORTANCE_FROM_GRAPH: Record<string, Importance> = { low: 'Low', normal: 'Normal', high: 'High' };

export function graphImportance(value: unknown): Importance | null {
	return typeof value === 'string' ? (IMPORTANCE_FROM_GRAPH[value.toLowerCase()] ?? null) : null;
}

/** The node's importance (EWS's Low / Normal / High) as Graph's low / normal / high. */
export function toGraphImportance(importance: Importance): string {
	return importance.toLowerCase();
}

const FLAG_FROM_GRAPH: Record<string, FlagStatus> = { notFlagged: 'NotFlagged', flagged: 'Flagged', complete: 'Complete' };

/** Graph's followupFlag as the EWS flag's shape (status, startDate, dueDate, completeDate). */
export function graphFlag(value: unknown): Flag | null {
	const flag = value as GraphJson | undefined;
	if (!flag || typeof flag.flagStatus !== 'string') return null;
	return {
		status: FLAG_FROM_GRAPH[flag.flagStatus] ?? 'NotFlagged',
		startDate: graphZonedDateTime(flag.startDateTime),
		dueDate: graphZonedDateTime(flag.dueDateTime),
		completeDate: graphZonedDateTime(flag.completedDateTime),
	};
}

/** The EWS flag as Graph's followupFlag, dates in UTC. */
export function toGraphFlag(flag: Flag): GraphJson {
	const zoned = (value: string | undefined) => (value ? { dateTime: new Date(value).toISOString().replace(/Z$/, ''), timeZone: 'UTC' } : undefined);
	const status = Object.entries(FLAG_FROM_GRAPH).find(([, ews]) => ews === flag.status)?.[0] ?? 'notFlagged';
	return {
		flagStatus: status,
		...(flag.startDate ? { startDateTime: zoned(flag.startDate) } : {}),
		...(flag.dueDate ? { dueDateTime: zoned(flag.dueDate) } : {}),
		...(flag.completeDate ? { completedDateTime: zoned(flag.completeDate) } : {}),
	};
}

/** The EWS element name of the item kind (Message, MeetingRequest...), from Graph's type of message. */
function messageKind(message: GraphJson): string {
	// eventMessage and its derived eventMessageRequest / eventMessageResponse.
	if (!String(message['@odata.type'] ?? '').startsWith('#microsoft.graph.eventMessage')) return 'Message';
	const type = String(message.meetingMessageType ?? '');
	if (type === 'meetingRequest') return 'MeetingRequest';
	if (type === 'meetingCancelled') return 'MeetingCancellation';
	return type.startsWith('meeting') && type !== 'meetingRequest' ? 'MeetingResponse' : 'Message';
}

/** EWS's DisplayTo / DisplayCc: the recipients' names (their addresses when nameless), separated by "; ". */
function displayNames(recipients: Recipient[]): string | undefined {
	return recipients.length > 0 ? recipients.map((recipient) => recipient.name || recipient.address).join('; ') : undefined;
}

/**
 * A Graph message as the node outputs it: the simplified fields in the EWS path's shape (absent ones null,
 * lists empty); with Simplify off also the fields EWS gives under the same keys where Graph has them
 * (sender, bcc, replyTo, flag, createdAt, modifiedAt, isDraft, receipts requested, displayTo / displayCc, the
 * attachment list). EWS-only fields (itemClass, sensitivity, size, inReplyTo, reminders, conversationTopic)
 * are not in Graph's message and stay out.
 */
export function graphMessageOutput(message: GraphJson, simplify: boolean): IDataObject {
	const body = message.body as GraphJson | undefined;
	const to = graphRecipients(message.toRecipients);
	const cc = graphRecipients(message.ccRecipients);
	const output: IDataObject = {
		id: message.id ?? null,
		changeKey: message.changeKey ?? null,
		conversationId: message.conversationId ?? null,
		subject: message.subject ?? null,
		from: graphRecipient(message.from) as IDataObject | null,
		to: to as unknown as IDataObject[],
		cc: cc as unknown as IDataObject[],
		receivedAt: graphDateTime(message.receivedDateTime),
		sentAt: graphDateTime(message.sentDateTime),
		isRead: typeof message.isRead === 'boolean' ? message.isRead : null,
		hasAttachments: typeof message.hasAttachments === 'boolean' ? message.hasAttachments : null,
		importance: graphImportance(message.importance),
		categories: Array.isArray(message.categories) ? (message.categories as string[]) : [],
		bodyPreview: message.bodyPreview ?? null,
		...(body && typeof body.content === 'string' ? { body: body.content, bodyType: body.contentType === 'html' ? 'html' : 'text' } : {}),
		internetMessageId: message.internetMessageId ?? null,
		folder: { id: message.parentFolderId ?? null },
		webLink: message.webLink ?? null,
	};
	if (simplify) return output;
	const more: IDataObject = {};
	const set = (key: string, value: unknown) => {
		if (value !== undefined && value !== null) more[key] = value as IDataObject[keyof IDataObject];
	};
	set('createdAt', graphDateTime(message.createdDateTime));
	set('isDraft', message.isDraft);
	set('displayCc', displayNames(cc));
	set('displayTo', displayNames(to));
	set('modifiedAt', graphDateTime(message.lastModifiedDateTime));
	set('flag', graphFlag(message.flag));
	set('sender', graphRecipient(message.sender));
	if (message.bccRecipients !== undefined) set('bcc', graphRecipients(message.bccRecipients));
	set('isReadReceiptRequested', message.isReadReceiptRequested);
	set('isDeliveryReceiptRequested', message.isDeliveryReceiptRequested);
	if (message.replyTo !== undefined) set('replyTo', graphRecipients(message.replyTo));
	const attachments = graphMessageAttachments(message);
	return { kind: messageKind(message), ...output, ...more, ...(attachments.length > 0 ? { attachments: attachments as unknown as IDataObject[] } : {}) };
}

/** The attachment list a read expanded (`$expand=attachments`), as the EWS path lists attachments. */
export function graphMessageAttachments(message: GraphJson): AttachmentInfo[] {
	return Array.isArray(message.attachments) ? (message.attachments as GraphJson[]).map(graphAttachmentInfo) : [];
}

/**
 * The output item of one message read over Graph: its JSON, the .eml (the message's `$value`, its MIME) and
 * the file attachments as binaries, as messageExecutionItem gives them over EWS.
 */
export async function graphMessageExecutionItem(
	context: IExecuteFunctions | IPollFunctions,
	message: GraphJson,
	settings: MessageReadSettings,
	call: Pick<GraphItemCall, 'send'>,
	mailbox: string | undefined,
): Promise<INodeExecutionData> {
	const json = graphMessageOutput(message, settings.simplify);
	const binary: IBinaryKeyData = {};
	const messageId = String(message.id ?? '');
	if (settings.includeMime) {
		const answer = await call.send({ method: 'GET', path: `${graphMessagePath(messageId)}/$value` }, mailbox);
		const subject = typeof message.subject === 'string' ? message.subject : '';
		binary.eml = await context.helpers.prepareBinaryData(Buffer.from(answer.text ?? '', 'utf8'), emlFileName(subject), 'message/rfc822');
	}
	const files = graphMessageAttachments(message).filter((attachment) => attachment.kind === 'file');
	if (settings.downloadAttachments && files.length > 0) {
		let index = 0;
		for await (const file of fetchGraphAttachments(call, mailbox, messageId, files)) {
			binary[`${settings.attachmentPrefix}${index++}`] = await attachmentBinary(context, file);
		}
	}
	return Object.keys(binary).length > 0 ? { json, binary } : { json };
}
