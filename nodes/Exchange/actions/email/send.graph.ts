import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { EwsError } from '../../transport/errors';
import type { GraphClient } from '../../transport/graph/graphClient';
import { composedOutput, readComposedFields } from '../composedMessage';
import { fitInOneRequest, readGraphAttachments } from '../graphAttachments';
import { afterDraft, draftId, messagePath, saveDraft } from '../graphDrafts';
import { graphMessage, sendingFrom } from '../graphMessage';
import { findUnknownSend, newSendMarker, settleUnknownSend } from '../graphSendMarker';
import type { GraphItemCall, PreparedGraphSteps, PreparedGraphWrite } from '../graphTypes';

export const kind = 'batchedWrite';

/**
 * Email → Send over Graph: POST sendMail (202, no id), one part of a JSON batch that other items share,
 * with the files inside the message. When the files are larger than one request carries, the message is
 * saved as a draft, the files are added (upload sessions for large ones) and the draft is sent. Every
 * message carries a marker (graphSendMarker.ts) by which a send whose answer was lost is looked for in
 * Sent Items instead of being sent again.
 */
export async function prepare(this: IExecuteFunctions, client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite | PreparedGraphSteps> {
	const fields = readComposedFields(this, itemIndex, { toRequired: true });
	const { mailbox, attachments } = fields;
	const savedToSentItems = fields.options.saveToSentItems !== false;
	client.mailboxPath(mailbox);
	const marker = newSendMarker();
	const output: IDataObject = { ...composedOutput(fields, mailbox), savedToSentItems };
	const message = graphMessage(fields, sendingFrom(client, mailbox));
	const lookup = { mailbox, marker: marker.value, savedToSentItems, output };

	if (await fitInOneRequest(this, itemIndex, attachments)) {
		return {
			itemIndex,
			mailbox,
			effect: 'sent this message',
			build: async () => ({
				method: 'POST',
				path: '/sendMail',
				body: {
					message: {
						...message,
						...(attachments.length > 0 ? { attachments: await readGraphAttachments(this, itemIndex, attachments) } : {}),
						singleValueExtendedProperties: marker.properties(),
					},
					saveToSentItems: savedToSentItems,
				},
			}),
			output: () => output,
			settleUnknown: async (graph, signal) => await findUnknownSend(graph, lookup, signal),
		};
	}
	return {
		itemIndex,
		run: async (call: GraphItemCall) => {
			// Sending a draft has no saveToSentItems: PidTagDeleteAfterSubmit on the draft keeps the copy out.
			const draft = await saveDraft(this, call, {
				mailbox,
				message: { ...message, singleValueExtendedProperties: marker.properties({ deleteAfterSubmit: !savedToSentItems }) },
				files: attachments,
				noun: 'message',
			});
			const id = draftId(draft);
			try {
				await call.send({ method: 'POST', path: `${messagePath(id)}/send` }, mailbox);
			} catch (error) {
				// Lost on the way back: the marker in Sent Items tells whether the draft went out.
				if (error instanceof EwsError && error.processing === 'unknown') return await settleUnknownSend(client, lookup, error, this.getExecutionCancelSignal?.());
				throw afterDraft(error, { noun: 'message', mailbox, draftId: id, step: 'send' });
			}
			return output;
		},
	};
}
