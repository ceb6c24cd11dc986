import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Recipient } from '../helpers/recipients';
import { EwsError } from '../transport/errors';
import type { GraphClient } from '../transport/graph/graphClient';
import type { GraphJson } from '../transport/graph/types';
import { readAttachments } from './attachments';
import { addFiles, afterDraft, currentDraft, draftId, draftNotSaved, messagePath } from './graphDrafts';
import { graphRecipients, sendingFrom } from './graphMessage';
import { findUnknownSend, newSendMarker, settleUnknownSend } from './graphSendMarker';
import type { GraphItemCall, PreparedGraphSteps, PreparedGraphWrite } from './graphTypes';
import { namingTheId } from './messageIds';
import { NOUNS, readResponseParameters, responseOutput, type Operation } from './messageResponses';

/**
 * Email → Reply, Reply All and Forward over Graph, matching the EWS path: Exchange builds the subject, the
 * recipients and the quoted original, with the node's text (Graph's `comment`) above it. Without attachments,
 * added To / CC or Save as Draft that is one action (POST reply / replyAll / forward, 202), a part of a JSON
 * batch. Otherwise the response is made as a draft (createReply / createReplyAll / createForward, 201 with the
 * draft), the added recipients joined to the ones Exchange computed (PATCH: a message's recipients in Graph
 * are replaced, not added to), the files added, and the draft sent unless the user keeps it. Like Send, every
 * response carries the send marker, so one whose answer was lost is looked for in Sent Items, not resent.
 */

const ACTIONS: Record<Operation, { send: string; create: string }> = {
	reply: { send: 'reply', create: 'createReply' },
	replyAll: { send: 'replyAll', create: 'createReplyAll' },
	forward: { send: 'forward', create: 'createForward' },
};

/** The draft's recipients (Graph's recipient JSON) and the added ones, each address once. */
function joined(computed: unknown, added: Recipient[]): GraphJson[] {
	const all = [...(Array.isArray(computed) ? (computed as GraphJson[]) : []), ...graphRecipients(added)];
	const address = (recipient: GraphJson) => String(recipient.emailAddress?.address ?? '').toLowerCase();
	return all.filter((recipient, index) => all.findIndex((other) => address(other) === address(recipient)) === index);
}

export function graphResponseOperation(operation: Operation) {
	return async function prepare(this: IExecuteFunctions, client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite | PreparedGraphSteps> {
		const parameters = readResponseParameters(this, itemIndex, operation);
		const { mailbox, messageId, to, cc, bcc, newBody, attachments, saveAsDraft } = parameters;
		client.mailboxPath(mailbox);
		const noun = NOUNS[operation];
		const original = messagePath(messageId);
		const marker = newSendMarker();
		const from = sendingFrom(client, mailbox);
		const output = (draft?: GraphJson): IDataObject => ({
			id: draft?.id ?? null,
			changeKey: draft?.changeKey ?? null,
			sent: !saveAsDraft,
			...responseOutput(parameters, mailbox),
		});
		const explain = (error: unknown) => namingTheId(error, messageId, mailbox);
		const lookup = { mailbox, marker: marker.value, savedToSentItems: true, output: output() };
		// What Exchange does not compute: a forward's recipients, the Bcc line; the marker and a delegate's From.
		const message: GraphJson = {
			...(operation === 'forward' ? { toRecipients: graphRecipients(to), ...(cc.length > 0 ? { ccRecipients: graphRecipients(cc) } : {}) } : {}),
			...(bcc.length > 0 ? { bccRecipients: graphRecipients(bcc) } : {}),
			...(from ? { from: { emailAddress: { address: from } } } : {}),
			singleValueExtendedProperties: marker.properties(),
		};
		const body = { comment: newBody?.text ?? '', message };
		const addedToComputed = operation !== 'forward' && (to.length > 0 || cc.length > 0);

		if (attachments.length === 0 && !saveAsDraft && !addedToComputed) {
			return {
				itemIndex,
				mailbox,
				effect: `sent this ${noun}`,
				build: async () => ({ method: 'POST', path: `${original}/${ACTIONS[operation].send}`, body }),
				output: () => output(),
				explain: (error) => explain(error) as EwsError,
				settleUnknown: async (graph, signal) => await findUnknownSend(graph, lookup, signal),
			};
		}
		return {
			itemIndex,
			run: async (call: GraphItemCall) => {
				let draft: GraphJson | undefined;
				try {
					draft = (await call.send({ method: 'POST', path: `${original}/${ACTIONS[operation].create}`, body }, mailbox)).body;
				} catch (error) {
					throw draftNotSaved(explain(error), noun, mailbox);
				}
				const id = draftId(draft);
				const path = messagePath(id);
				const target = { mailbox, draftId: id, noun };
				if (addedToComputed) {
					try {
						const recipients = { toRecipients: joined(draft?.toRecipients, to), ccRecipients: joined(draft?.ccRecipients, cc) };
						draft = (await call.send({ method: 'PATCH', path, body: recipients }, mailbox)).body ?? draft;
					} catch (error) {
						throw afterDraft(error, { ...target, step: 'recipients' });
					}
				}
				if (attachments.length > 0) {
					await addFiles(this, call, target, await readAttachments(this, itemIndex, attachments));
				}
				// Files added gave the draft a new changeKey; a PATCH answered with the current one.
				if (saveAsDraft) return output(attachments.length > 0 ? await currentDraft(call, mailbox, id) : draft);
				try {
					await call.send({ method: 'POST', path: `${path}/send` }, mailbox);
				} catch (error) {
					if (error instanceof EwsError && error.processing === 'unknown') return await settleUnknownSend(client, lookup, error, this.getExecutionCancelSignal?.());
					throw afterDraft(error, { ...target, step: 'send' });
				}
				return output();
			},
		};
	};
}
