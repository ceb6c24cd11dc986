import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { GraphItemCall } from '../graphTypes';
import { readGraphMessageId } from '../graphIds';
import { readMailbox } from '../mailbox';
import { namingTheId } from '../messageIds';
import { graphMessageExecutionItem, graphMessagePath, graphMessageQuery } from '../output/graphMessages';
import { readMessageSettings } from '../output/messageItems';

export const kind = 'read';

/** GET of one message (its attachments expanded when they are downloaded or listed), as Email → Get gives it over EWS. */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex, send } = call;
	const settings = readMessageSettings(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const mailbox = readMailbox(this, itemIndex);
	const messageId = readGraphMessageId(this, itemIndex);
	let message;
	try {
		message = (await send({ method: 'GET', path: graphMessagePath(messageId), ...graphMessageQuery(settings) }, mailbox)).body ?? {};
	} catch (error) {
		throw namingTheId(error, messageId, mailbox);
	}
	yield await graphMessageExecutionItem(this, message, settings, call, mailbox);
}
