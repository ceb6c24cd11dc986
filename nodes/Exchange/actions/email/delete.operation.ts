import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deleteItemBatch } from '../../ews/deleteItem';
import type { EwsClient } from '../../transport';
import { batchingOptions } from '../batching';
import { deleteTypeProperty, optionsCollection, readDeleteType } from '../commonProperties';
import { messageWrite, readMessageTarget } from '../messageWrites';
import { messageIdProperty } from '../messageIds';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['email'], operation: ['delete'] };

export const description: INodeProperties[] = [messageIdProperty(show), deleteTypeProperty(show), optionsCollection(show, batchingOptions)];

export async function prepare(this: IExecuteFunctions, _client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const target = readMessageTarget(this, itemIndex);
	const deleteType = readDeleteType(this, itemIndex);
	return messageWrite(itemIndex, target, deleteItemBatch(deleteType.type), 'deleted this message', () => ({
		id: target.messageId,
		deleted: true,
		deleteType: deleteType.value,
	}));
}
