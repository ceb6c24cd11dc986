import type { IExecuteFunctions } from 'n8n-workflow';
import { EwsError } from '../transport/errors';
import type { GraphJson } from '../transport/graph/types';
import type { FileAttachment } from '../ews/itemFields';
import { readAttachments, type AttachmentSource } from './attachments';
import { attachToDraft, fileAttachmentJson, splitForDraft } from './graphAttachments';
import type { GraphItemCall } from './graphTypes';

/**
 * Drafts over Graph for what one request cannot carry: a message with large attachments is saved as a draft
 * (POST /messages, with the files that fit), the other files are added one by one (POST attachments, or an
 * upload session), and the draft is sent with POST /messages/{id}/send. Every request is a write sent at
 * most once when its outcome is unknown; an error after the draft exists names it, so nothing is lost.
 */

/** The draft's path under the mailbox, its Graph id URL-encoded. */
export function messagePath(id: string): string {
	return `/messages/${encodeURIComponent(id)}`;
}

export function draftId(draft: GraphJson | undefined): string {
	const id: unknown = draft?.id;
	if (typeof id !== 'string' || !id) throw new EwsError({ code: 'InvalidResponse', message: 'Graph saved the draft but its answer has no id', processing: 'unknown' });
	return id;
}

function where(mailbox: string | undefined): string {
	return `Drafts of ${mailbox ?? 'the mailbox'}`;
}

/** The error of the request that would have saved the draft: nothing was sent either way. */
export function draftNotSaved(error: unknown, noun: string, mailbox: string | undefined): unknown {
	if (!(error instanceof EwsError) || error.processing !== 'unknown') return error;
	return new EwsError({
		code: error.code,
		message: `Outcome unknown: ${error.message}. Exchange may have saved this ${noun} as a draft; nothing was sent, and it was not sent again`,
		hint: `Look in ${where(mailbox)} for it before running this item again.`,
		httpStatus: error.httpStatus,
		processing: 'unknown',
	});
}

/**
 * An error of a step after the draft was saved (adding files, or sending it): it names the draft, which
 * holds everything not yet sent. Only a send whose answer was lost may have sent it.
 */
export function afterDraft(error: unknown, settings: { noun: string; mailbox?: string; draftId: string; step: 'recipients' | 'attach' | 'send' }): Error {
	const { noun, draftId: id, step } = settings;
	const place = where(settings.mailbox);
	const cause = error instanceof Error ? error.message : String(error);
	const doing = { recipients: 'adding the recipients', attach: 'adding the attachments', send: 'sending it' }[step];
	if (!(error instanceof EwsError) || error.processing !== 'unknown') {
		const message = `${cause}, while ${doing}. Nothing was sent: the ${noun} is saved as draft ${id} in ${place}`;
		if (!(error instanceof EwsError)) return new Error(message);
		const hint = `Fix the cause, then send draft ${id} with Draft → Send, or delete it.`;
		return new EwsError({ code: error.code, message, hint, httpStatus: error.httpStatus, processing: error.processing });
	}
	const outcome = step === 'send' ? `Exchange may have sent draft ${id}` : `draft ${id} in ${place} may lack some of them; nothing was sent`;
	return new EwsError({
		code: error.code,
		message: `Outcome unknown: ${cause}, while ${doing}. ${outcome}; it was not sent again, so that nothing happens twice`,
		hint: `Look in ${place}: if draft ${id} is still there${step === 'send' ? '' : ' and complete'}, send it with Draft → Send; otherwise check Sent Items.`,
		httpStatus: error.httpStatus,
		processing: 'unknown',
	});
}

/** Adds the files to an existing draft, each in its own request or upload session, in order. */
export async function addFiles(
	context: IExecuteFunctions,
	call: GraphItemCall,
	target: { mailbox?: string; draftId: string; noun: string },
	files: FileAttachment[],
): Promise<void> {
	const signal = context.getExecutionCancelSignal?.();
	try {
		for (const file of files) {
			await attachToDraft(
				async (request) => await call.send(request, target.mailbox),
				async (url, bytes, range) => await call.client.uploadRange(url, bytes, range, signal),
				messagePath(target.draftId),
				file,
			);
		}
	} catch (error) {
		throw afterDraft(error, { ...target, step: 'attach' });
	}
}

/**
 * Saves `message` as a draft in the mailbox's Drafts with its files: those that fit go inside the POST, the
 * others after it. Returns the draft as Graph answered its creation.
 */
export async function saveDraft(
	context: IExecuteFunctions,
	call: GraphItemCall,
	settings: { mailbox?: string; message: GraphJson; files: AttachmentSource[]; noun: string },
): Promise<GraphJson> {
	const files = await readAttachments(context, call.itemIndex, settings.files);
	const { inDraft, later } = splitForDraft(files);
	let draft: GraphJson | undefined;
	try {
		const body = inDraft.length > 0 ? { ...settings.message, attachments: inDraft.map(fileAttachmentJson) } : settings.message;
		draft = (await call.send({ method: 'POST', path: '/messages', body }, settings.mailbox)).body;
	} catch (error) {
		throw draftNotSaved(error, settings.noun, settings.mailbox);
	}
	const id = draftId(draft);
	if (later.length === 0) return draft as GraphJson;
	await addFiles(context, call, { mailbox: settings.mailbox, draftId: id, noun: settings.noun }, later);
	return await currentDraft(call, settings.mailbox, id);
}

/**
 * The draft's id and current changeKey, which each file added changed. The draft is complete by now: when
 * this read fails, the output goes without a changeKey rather than failing an item whose work is done.
 */
export async function currentDraft(call: GraphItemCall, mailbox: string | undefined, id: string): Promise<GraphJson> {
	try {
		return (await call.send({ method: 'GET', path: messagePath(id), query: { $select: 'id,changeKey' } }, mailbox)).body ?? { id };
	} catch {
		return { id };
	}
}
