import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deleteItemBatch, type DeleteType } from '../../ews/deleteItem';
import type { EwsClient } from '../../transport';
import { batchingOptions } from '../batching';
import { optionsCollection } from '../commonProperties';
import { inputError } from '../fields';
import { messageWrite, readMessageTarget } from '../messageWrites';
import { messageIdProperty } from '../messageIds';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['email'], operation: ['delete'] };

export const description: INodeProperties[] = [
	messageIdProperty(show),
	{
		displayName: 'Delete Type',
		name: 'deleteType',
		type: 'options',
		options: [
			{ name: 'Move to Deleted Items', value: 'moveToDeletedItems', description: 'The user can still find it in Deleted Items' },
			{ name: 'Soft Delete', value: 'softDelete', description: 'Out of sight; recoverable with Recover Deleted Items' },
			{ name: 'Hard Delete', value: 'hardDelete', description: 'Gone for good (kept only under a litigation hold)' },
		],
		default: 'moveToDeletedItems',
		displayOptions: { show },
	},
	optionsCollection(show, batchingOptions),
];

const DELETE_TYPES: Record<string, DeleteType> = {
	moveToDeletedItems: 'MoveToDeletedItems',
	softDelete: 'SoftDelete',
	hardDelete: 'HardDelete',
};

export async function prepare(this: IExecuteFunctions, _client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const target = readMessageTarget(this, itemIndex);
	const deleteType = String(this.getNodeParameter('deleteType', itemIndex, 'moveToDeletedItems'));
	const type = DELETE_TYPES[deleteType];
	if (!type) throw inputError(this, itemIndex, `"Delete Type" "${deleteType}" is not one of moveToDeletedItems, softDelete, hardDelete`);
	return messageWrite(itemIndex, target, deleteItemBatch(type), 'deleted this message', () => ({ id: target.messageId, deleted: true, deleteType }));
}
