import { randomBytes } from 'crypto';
import { Address, StoredAttachment, StoredItem } from './types';

/**
 * An item's MIME form (RFC 5322 with RFC 2045-2047 MIME parts), as GetItem's MimeContent carries it and
 * as the item's size is measured. Calendar items and meeting messages are written as mail with their text
 * body; their iCalendar part is not generated.
 */

const LINE = '\r\n';

export function toMime(item: StoredItem): string {
	const headers: Array<[string, string | undefined]> = [
		...addressHeaders(item),
		['Subject', encodeWord(item.subject ?? '')],
		['Date', (item.dateTimeSent ?? item.createdAt).toUTCString().replace('GMT', '+0000')],
		['Message-ID', 'internetMessageId' in item ? item.internetMessageId : undefined],
		['In-Reply-To', item.kind === 'message' ? item.inReplyTo : undefined],
		['References', item.kind === 'message' ? item.references : undefined],
		['Thread-Index', item.conversationIndex],
		['Importance', item.importance],
		['Keywords', item.categories.length ? item.categories.map(encodeWord).join(', ') : undefined],
		['MIME-Version', '1.0'],
	];
	const bodyPart = textPart(item);
	const parts = item.attachments.length ? multipart('mixed', [bodyPart, ...item.attachments.map(attachmentPart)]) : bodyPart;
	return [...headers.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`), parts].join(LINE);
}

function addressHeaders(item: StoredItem): Array<[string, string | undefined]> {
	switch (item.kind) {
		case 'message':
			return [
				['From', addressList([item.from ?? item.sender])],
				['Sender', item.from && item.from.address !== item.sender.address ? addressList([item.sender]) : undefined],
				['To', addressList(item.toRecipients)],
				['Cc', addressList(item.ccRecipients)],
				// Only the sender's own copies keep Bcc; delivered copies have none.
				['Bcc', addressList(item.bccRecipients)],
				['Reply-To', addressList(item.replyTo)],
			];
		case 'calendarItem':
			return [
				['From', addressList([item.organizer])],
				['To', addressList([...item.requiredAttendees, ...item.resources])],
				['Cc', addressList(item.optionalAttendees)],
			];
		case 'meetingResponse':
			return [
				['From', addressList([item.responder])],
				['To', addressList([item.organizer])],
			];
		default:
			return [['From', addressList([item.organizer])]];
	}
}

function addressList(addresses: Address[]): string | undefined {
	if (addresses.length === 0) return undefined;
	return addresses.map((a) => (a.name ? `${quoteName(a.name)} <${a.address}>` : a.address)).join(', ');
}

function quoteName(name: string): string {
	if (!isAscii(name)) return encodeWord(name);
	return /^[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~]*$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

function isAscii(text: string): boolean {
	return /^[\x20-\x7e]*$/.test(text);
}

/** RFC 2047 encoded-word for non-ASCII header text. */
function encodeWord(text: string): string {
	return isAscii(text) ? text : `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function base64Lines(content: Buffer): string {
	return (content.toString('base64').match(/.{1,76}/g) ?? []).join(LINE);
}

function textPart(item: StoredItem): string {
	const type = item.body?.type === 'HTML' ? 'text/html' : 'text/plain';
	return [
		`Content-Type: ${type}; charset="utf-8"`,
		'Content-Transfer-Encoding: base64',
		'',
		base64Lines(Buffer.from(item.body?.text ?? '', 'utf8')),
	].join(LINE);
}

/** RFC 2231 parameter for non-ASCII file names. */
function fileNameParameter(name: string): string {
	return isAscii(name) ? `filename="${name.replace(/["\\]/g, '\\$&')}"` : `filename*=utf-8''${encodeURIComponent(name)}`;
}

function attachmentPart(attachment: StoredAttachment): string {
	// An attached item travels as message/rfc822, which RFC 2046 allows only unencoded.
	if (attachment.attachedItem) {
		return [`Content-Type: message/rfc822`, `Content-Disposition: attachment; ${fileNameParameter(attachment.name)}`, '', attachment.content.toString('utf8')].join(LINE);
	}
	return [
		`Content-Type: ${attachment.contentType ?? 'application/octet-stream'}; name="${encodeWord(attachment.name)}"`,
		`Content-Disposition: ${attachment.isInline ? 'inline' : 'attachment'}; ${fileNameParameter(attachment.name)}`,
		attachment.contentId ? `Content-ID: <${attachment.contentId}>` : undefined,
		'Content-Transfer-Encoding: base64',
		'',
		base64Lines(attachment.content),
	]
		.filter((line) => line !== undefined)
		.join(LINE);
}

function multipart(subtype: string, parts: string[]): string {
	const boundary = `_sandbox_${randomBytes(12).toString('hex')}_`;
	return [
		`Content-Type: multipart/${subtype}; boundary="${boundary}"`,
		'',
		...parts.flatMap((part) => [`--${boundary}`, part]),
		`--${boundary}--`,
		'',
	].join(LINE);
}
