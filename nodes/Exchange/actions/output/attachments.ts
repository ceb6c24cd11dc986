import type { IBinaryData, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import type { AttachmentInfo } from '../../ews/fieldTypes';
import { buildGetAttachment, readGetAttachment, type AttachmentContent } from '../../ews/getAttachment';
import { EwsError } from '../../transport/errors';
import { MAX_RESPONSE_BYTES } from '../../transport/http/boundedBody';
import type { ItemCall } from '../types';

/**
 * Fetching attachments with GetAttachment and turning them into binary properties, for every operation that
 * downloads them. Each answer is bounded (MAX_RESPONSE_BYTES), so attachments are fetched in requests whose
 * answers stay small, and one that cannot fit any answer fails naming it instead of being half read.
 */

/** What a GetAttachment answer carries besides the base64 content: the envelope and the attachment's other elements. */
const ANSWER_OVERHEAD = 64 * 1024;
/** Attachments share one request while their answer stays under this; a larger one travels alone. */
const SHARED_ANSWER_BUDGET = 16 * 1024 * 1024;

function answerSize(attachment: AttachmentInfo): number {
	return Math.ceil((attachment.size ?? 0) / 3) * 4 + ANSWER_OVERHEAD;
}

function shownSize(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function tooLarge(attachment: AttachmentInfo): EwsError {
	const size = attachment.size === undefined ? '' : ` (${shownSize(attachment.size)})`;
	return new EwsError({
		code: 'AttachmentTooLarge',
		message: `The attachment "${attachment.name}"${size} is too large to download: Exchange's answer would exceed the ${shownSize(MAX_RESPONSE_BYTES)} the node reads (attachment id ${attachment.id})`,
		hint: 'Save this attachment from Outlook or OWA instead; the message\'s other attachments can still be downloaded one by one with Attachment → Download.',
		processing: 'notProcessed',
	});
}

/** Exchange's refusal of one attachment (gone, no rights), naming it. */
function namingTheAttachment(error: EwsError, attachment: AttachmentInfo): EwsError {
	return new EwsError({
		code: error.code,
		message: `${error.message} (attachment "${attachment.name}", id ${attachment.id})`,
		hint: error.hint,
		processing: error.processing,
	});
}

/** Attachments in request order, grouped so that each group's answer stays under the budget. */
function groups(attachments: AttachmentInfo[]): AttachmentInfo[][] {
	const result: AttachmentInfo[][] = [];
	let current: AttachmentInfo[] = [];
	let currentSize = 0;
	for (const attachment of attachments) {
		const size = answerSize(attachment);
		if (size > MAX_RESPONSE_BYTES) throw tooLarge(attachment);
		if (current.length > 0 && currentSize + size > SHARED_ANSWER_BUDGET) {
			result.push(current);
			current = [];
			currentSize = 0;
		}
		current.push(attachment);
		currentSize += size;
	}
	if (current.length > 0) result.push(current);
	return result;
}

async function fetchGroup(call: Pick<ItemCall, 'send'>, mailbox: string | undefined, group: AttachmentInfo[]): Promise<AttachmentContent[]> {
	let answer;
	try {
		answer = await call.send(buildGetAttachment(group.map((attachment) => attachment.id)), mailbox);
	} catch (error) {
		if (!(error instanceof EwsError) || error.code !== 'ResponseTooLarge') throw error;
		// Sizes Exchange lists are estimates (an item's MIME form is larger): fetch one by one, naming the one that does not fit.
		if (group.length === 1) throw tooLarge(group[0]);
		const contents: AttachmentContent[] = [];
		for (const attachment of group) contents.push(...(await fetchGroup(call, mailbox, [attachment])));
		return contents;
	}
	const results = readGetAttachment(answer);
	if (results.length !== group.length) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: `Exchange answered GetAttachment for ${group.length} attachments with ${results.length} results`,
			processing: 'processed',
		});
	}
	return results.map((result, index) => {
		if ('error' in result) throw namingTheAttachment(result.error, group[index]);
		return result.value;
	});
}

/** The attachments' contents, in the order given, fetched group by group as they are consumed. */
export async function* fetchAttachments(call: Pick<ItemCall, 'send'>, mailbox: string | undefined, attachments: AttachmentInfo[]): AsyncIterable<AttachmentContent> {
	for (const group of groups(attachments)) yield* await fetchGroup(call, mailbox, group);
}

const NOT_IN_FILE_NAME = /[^\p{L}\p{N} ._-]+/gu;

/** A message's file name from its subject: letters, digits, spaces and `._-` only, at most 100 characters, `.eml` added. */
export function emlFileName(subject: string): string {
	const name = (subject.replace(NOT_IN_FILE_NAME, '').replace(/\s+/g, ' ').trim() || 'message').slice(0, 100);
	return `${name}.eml`;
}

/** An attachment as n8n binary data: a file with its name and type, an attached item as an `.eml` file. */
export async function attachmentBinary(context: IExecuteFunctions | IPollFunctions, attachment: AttachmentContent): Promise<IBinaryData> {
	if (attachment.kind === 'item') return await context.helpers.prepareBinaryData(attachment.content, emlFileName(attachment.name), 'message/rfc822');
	return await context.helpers.prepareBinaryData(attachment.content, attachment.name, attachment.contentType);
}
