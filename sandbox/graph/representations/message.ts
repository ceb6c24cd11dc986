import { bodyIn } from '../../operations/itemProperties';
import type { Address, StoredItem, StoredMeetingMessage, StoredMessage } from '../../store';
import { graphId } from '../ids';
import type { GraphRequestContext } from '../types';

/**
 * Graph's message resource (learn.microsoft.com/graph/api/resources/message) for the store's messages and
 * meeting messages, which Graph gives as eventMessage (eventMessageRequest for an invitation,
 * eventMessageResponse for an answer). Times are UTC with whole seconds, as Graph writes DateTimeOffset
 * values of messages; the body comes as stored unless `Prefer: outlook.body-content-type` asks for text or
 * HTML.
 */

export type StoredMailItem = Exclude<StoredItem, { kind: 'calendarItem' }>;

const MEETING_TYPES: Record<StoredMeetingMessage['kind'], string> = {
	meetingRequest: '#microsoft.graph.eventMessageRequest',
	meetingResponse: '#microsoft.graph.eventMessageResponse',
	meetingCancellation: '#microsoft.graph.eventMessage',
};

const RESPONSE_TYPES = { Accept: 'meetingAccepted', Tentative: 'meetingTenativelyAccepted', Decline: 'meetingDeclined' } as const;

function time(value: Date | undefined): string | null {
	return value ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

function recipient(address: Address): { emailAddress: { name: string; address: string } } {
	return { emailAddress: { name: address.name ?? address.address, address: address.address } };
}

/** The body format a request prefers (`Prefer: outlook.body-content-type="text"`), else the stored one. */
function preferredBody(context: GraphRequestContext): 'Best' | 'Text' | 'HTML' {
	const match = /outlook\.body-content-type\s*=\s*"?(text|html)"?/i.exec(context.headers.prefer ?? '');
	if (!match) return 'Best';
	return match[1].toLowerCase() === 'text' ? 'Text' : 'HTML';
}

function meetingMessageType(item: StoredMeetingMessage): string {
	if (item.kind === 'meetingRequest') return 'meetingRequest';
	if (item.kind === 'meetingCancellation') return 'meetingCancelled';
	return RESPONSE_TYPES[item.response];
}

export function messageJson(item: StoredMailItem, context: GraphRequestContext): Record<string, unknown> {
	const message: StoredMessage | undefined = item.kind === 'message' ? item : undefined;
	const body = item.body ? bodyIn(item.body, preferredBody(context)) : { type: 'HTML' as const, text: '' };
	// A meeting message comes from the organizer (or, for an answer, the attendee who answered).
	const from = item.kind === 'message' ? (item.from ?? item.sender) : item.kind === 'meetingResponse' ? item.responder : item.organizer;
	const json: Record<string, unknown> = {
		'@odata.type': item.kind === 'message' ? '#microsoft.graph.message' : MEETING_TYPES[item.kind],
		'@odata.etag': `W/"${item.changeKey}"`,
		id: graphId(item.id),
		createdDateTime: time(item.createdAt),
		lastModifiedDateTime: time(item.lastModifiedTime),
		changeKey: item.changeKey,
		categories: item.categories,
		receivedDateTime: time(item.dateTimeReceived),
		sentDateTime: time(item.dateTimeSent ?? item.dateTimeReceived),
		hasAttachments: item.hasAttachments,
		internetMessageId: item.internetMessageId,
		subject: item.subject ?? '',
		bodyPreview: bodyIn(body, 'Text').text.slice(0, 255),
		importance: (item.importance ?? 'Normal').toLowerCase(),
		parentFolderId: graphId(item.folderId),
		conversationId: item.conversationId,
		conversationIndex: item.conversationIndex,
		isDeliveryReceiptRequested: message?.isDeliveryReceiptRequested ?? false,
		isReadReceiptRequested: message?.isReadReceiptRequested ?? false,
		isRead: item.isRead,
		isDraft: message?.isDraft ?? false,
		webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(graphId(item.id))}&exvsurl=1&viewmodel=ReadMessageItem`,
		inferenceClassification: 'focused',
		body: { contentType: body.type === 'HTML' ? 'html' : 'text', content: body.text },
		sender: recipient(message?.sender ?? from),
		from: recipient(from),
		toRecipients: (message?.toRecipients ?? []).map(recipient),
		ccRecipients: (message?.ccRecipients ?? []).map(recipient),
		bccRecipients: (message?.bccRecipients ?? []).map(recipient),
		replyTo: (message?.replyTo ?? []).map(recipient),
		flag: { flagStatus: item.flag.status === 'NotFlagged' ? 'notFlagged' : item.flag.status === 'Flagged' ? 'flagged' : 'complete' },
	};
	if (item.kind !== 'message') {
		json.meetingMessageType = meetingMessageType(item);
		json.isAllDay = false;
		json.isDelegated = false;
	}
	return json;
}
