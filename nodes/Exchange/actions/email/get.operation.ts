import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildGetItem, readGetItem } from '../../ews/getItem';
import { onlyValue } from '../../ews/operation';
import { optionsCollection } from '../commonProperties';
import { readMailbox } from '../mailbox';
import { messageIdProperty, namingTheId, readMessageId } from '../messageIds';
import { messageExecutionItem, messageReadOptions, messageShape, readMessageSettings } from '../output/messageItems';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['email'], operation: ['get'] };

export const description: INodeProperties[] = [
	messageIdProperty(show),
	optionsCollection(show, messageReadOptions),
];

export async function* read(this: IExecuteFunctions, call: ItemCall): AsyncIterable<INodeExecutionData> {
	const { client, itemIndex, send } = call;
	const settings = readMessageSettings(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const mailbox = readMailbox(this, itemIndex);
	const messageId = readMessageId(this, itemIndex);

	const request = buildGetItem({ items: [{ id: messageId }], shape: messageShape(settings) }, client.version);
	let message;
	try {
		message = onlyValue(readGetItem(await send(request, mailbox)));
	} catch (error) {
		throw namingTheId(error, messageId, mailbox);
	}
	yield await messageExecutionItem(this, message, settings, call, mailbox);
}
