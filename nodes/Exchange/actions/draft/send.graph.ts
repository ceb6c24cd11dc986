import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../../transport/graph/graphClient';
import { messagePath } from '../graphDrafts';
import { DELETE_AFTER_SUBMIT_PROPERTY } from '../graphSendMarker';
import type { GraphItemCall, PreparedGraphSteps, PreparedGraphWrite } from '../graphTypes';
import { namingTheId } from '../messageIds';
import { readMessageTarget } from '../messageWrites';
import type { EwsError } from '../../transport/errors';

export const kind = 'batchedWrite';

/**
 * Draft → Send over Graph: POST /messages/{id}/send, one part of a JSON batch. Graph's send keeps a copy in
 * Sent Items and has no option against it, so with Save to Sent Items off the draft first gets
 * PidTagDeleteAfterSubmit (a PATCH that sets a value, harmless to repeat), then is sent.
 */
export async function prepare(this: IExecuteFunctions, client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite | PreparedGraphSteps> {
	const target = readMessageTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const savedToSentItems = options.saveToSentItems !== false;
	client.mailboxPath(target.mailbox);
	const path = messagePath(target.messageId);
	const output: IDataObject = { draftId: target.messageId, sent: true, mailbox: target.mailbox ?? null, savedToSentItems };
	const explain = (error: EwsError) => namingTheId(error, target.messageId, target.mailbox) as EwsError;
	if (savedToSentItems) {
		return {
			itemIndex,
			mailbox: target.mailbox,
			effect: 'sent this draft',
			build: async () => ({ method: 'POST', path: `${path}/send` }),
			output: () => output,
			explain,
		};
	}
	return {
		itemIndex,
		run: async (call: GraphItemCall) => {
			try {
				await call.send({ method: 'PATCH', path, body: { singleValueExtendedProperties: [{ id: DELETE_AFTER_SUBMIT_PROPERTY, value: 'true' }] } }, target.mailbox);
				await call.send({ method: 'POST', path: `${path}/send` }, target.mailbox);
			} catch (error) {
				throw namingTheId(error, target.messageId, target.mailbox);
			}
			return output;
		},
	};
}
