import type { IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../../transport/graph/graphClient';
import type { GraphJson } from '../../transport/graph/types';
import { composedOutput, readComposedFields } from '../composedMessage';
import { fitInOneRequest, readGraphAttachments } from '../graphAttachments';
import { saveDraft } from '../graphDrafts';
import { graphMessage, sendingFrom } from '../graphMessage';
import type { GraphItemCall, PreparedGraphSteps, PreparedGraphWrite } from '../graphTypes';

export const kind = 'batchedWrite';

/**
 * Draft → Create over Graph: POST /messages, which saves the message in the mailbox's Drafts, one part of a
 * JSON batch; with files larger than one request carries, the files too large for it follow (upload sessions).
 */
export async function prepare(this: IExecuteFunctions, client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite | PreparedGraphSteps> {
	const fields = readComposedFields(this, itemIndex, { toRequired: false });
	const { mailbox, attachments } = fields;
	client.mailboxPath(mailbox);
	const message = graphMessage(fields, sendingFrom(client, mailbox));
	const output = (draft: GraphJson | undefined) => ({ id: draft?.id ?? null, changeKey: draft?.changeKey ?? null, ...composedOutput(fields, mailbox) });
	if (await fitInOneRequest(this, itemIndex, attachments)) {
		return {
			itemIndex,
			mailbox,
			effect: 'saved this draft',
			build: async () => ({
				method: 'POST',
				path: '/messages',
				body: attachments.length > 0 ? { ...message, attachments: await readGraphAttachments(this, itemIndex, attachments) } : message,
			}),
			output: (answer) => output(answer.body),
		};
	}
	return {
		itemIndex,
		run: async (call: GraphItemCall) => output(await saveDraft(this, call, { mailbox, message, files: attachments, noun: 'draft' })),
	};
}
