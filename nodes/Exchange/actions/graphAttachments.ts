import type { IExecuteFunctions } from 'n8n-workflow';
import type { FileAttachment } from '../ews/itemFields';
import { EwsError } from '../transport/errors';
import type { GraphAnswer, GraphJson, GraphRequest } from '../transport/graph/types';
import { readAttachments, type AttachmentSource } from './attachments';

/**
 * Files from binary properties attached over Microsoft Graph. One JSON request carries at most about 4 MB
 * ("Attach large files to Outlook messages or events"), base64 included: files up to ONE_REQUEST_LIMIT in
 * all travel inside the request as fileAttachment; a larger file goes to a draft through an upload session
 * (createUploadSession, then PUT byte ranges to its uploadUrl).
 */

/** Attachment bytes one JSON request may carry: their base64 form (4/3 larger) stays below Graph's 4 MB request limit. */
export const ONE_REQUEST_LIMIT = 3_000_000;

/**
 * Bytes per PUT to an upload session: Graph takes up to 4 MB per range; OneDrive's upload sessions, which
 * share the resource, want multiples of 320 KiB, which Outlook's accept as well.
 */
export const UPLOAD_RANGE_BYTES = 12 * 320 * 1024;

/** One PUT of a byte range to an upload session's pre-authenticated URL (no token: the URL carries its own). */
export type RangeUploader = (uploadUrl: string, bytes: Buffer, contentRange: string) => Promise<GraphAnswer>;

/** Sends one Graph request for the item's mailbox. */
export type GraphSend = (request: GraphRequest) => Promise<GraphAnswer>;

/** A file's size without reading its bytes: n8n keeps it beside the data, or the base64 data tells it. */
export async function attachmentSize(context: IExecuteFunctions, itemIndex: number, source: AttachmentSource): Promise<number> {
	const binary = context.getInputData()[itemIndex]?.binary?.[source.property];
	if (typeof binary?.bytes === 'number') return binary.bytes;
	if (binary?.id) return (await context.helpers.getBinaryMetadata(binary.id)).fileSize;
	return Buffer.byteLength(binary?.data ?? '', 'base64');
}

/** Whether the files can travel inside one JSON request with the message. */
export async function fitInOneRequest(context: IExecuteFunctions, itemIndex: number, sources: AttachmentSource[]): Promise<boolean> {
	let total = 0;
	for (const source of sources) total += await attachmentSize(context, itemIndex, source);
	return total <= ONE_REQUEST_LIMIT;
}

export function fileAttachmentJson(file: FileAttachment): GraphJson {
	return { '@odata.type': '#microsoft.graph.fileAttachment', name: file.name, contentType: file.contentType, contentBytes: file.content.toString('base64') };
}

export async function readGraphAttachments(context: IExecuteFunctions, itemIndex: number, sources: AttachmentSource[]): Promise<GraphJson[]> {
	return (await readAttachments(context, itemIndex, sources)).map(fileAttachmentJson);
}

/** The files split in those the draft's own POST carries and those added after it, each in its own request or session. */
export function splitForDraft(files: FileAttachment[]): { inDraft: FileAttachment[]; later: FileAttachment[] } {
	const inDraft: FileAttachment[] = [];
	const later: FileAttachment[] = [];
	let total = 0;
	for (const file of files) {
		if (total + file.content.length <= ONE_REQUEST_LIMIT) {
			total += file.content.length;
			inDraft.push(file);
		} else {
			later.push(file);
		}
	}
	return { inDraft, later };
}

function badUploadAnswer(name: string, detail: string): EwsError {
	return new EwsError({ code: 'InvalidUploadAnswer', message: `Graph's upload session for attachment "${name}" answered unexpectedly: ${detail}`, processing: 'unknown' });
}

/**
 * Adds one file to a draft: a small one with POST attachments, a large one through an upload session whose
 * ranges are sent in order, each starting where Graph's nextExpectedRanges says; the last range answers 201.
 */
export async function attachToDraft(send: GraphSend, upload: RangeUploader, draftPath: string, file: FileAttachment): Promise<void> {
	if (file.content.length <= ONE_REQUEST_LIMIT) {
		await send({ method: 'POST', path: `${draftPath}/attachments`, body: fileAttachmentJson(file) });
		return;
	}
	const session = await send({
		method: 'POST',
		path: `${draftPath}/attachments/createUploadSession`,
		body: { AttachmentItem: { attachmentType: 'file', name: file.name, size: file.content.length, contentType: file.contentType } },
	});
	const uploadUrl = session.body?.uploadUrl;
	if (typeof uploadUrl !== 'string') throw badUploadAnswer(file.name, 'no uploadUrl');
	const total = file.content.length;
	let start = nextStart(session.body) ?? 0;
	for (;;) {
		const end = Math.min(start + UPLOAD_RANGE_BYTES, total) - 1;
		const answer = await upload(uploadUrl, file.content.subarray(start, end + 1), `bytes ${start}-${end}/${total}`);
		if (answer.status === 201) return;
		const next = nextStart(answer.body);
		if (next === undefined || next <= start || next >= total) throw badUploadAnswer(file.name, `HTTP ${answer.status} after bytes ${start}-${end} of ${total}`);
		start = next;
	}
}

/** The first offset in nextExpectedRanges ("{start}" for Outlook attachments, "start-end" elsewhere). */
function nextStart(body: GraphJson | undefined): number | undefined {
	const ranges: unknown = body?.nextExpectedRanges;
	if (!Array.isArray(ranges) || typeof ranges[0] !== 'string') return undefined;
	const start = Number.parseInt(ranges[0], 10);
	return Number.isNaN(start) ? undefined : start;
}
