import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readResultItemId } from '../ews/itemIdResults';
import { setItemField } from '../ews/itemFields';
import { itemChangeElement, updateItemBatch } from '../ews/updateItem';
import type { EwsClient } from '../transport';
import { batchingOptions } from './batching';
import { optionsCollection } from './commonProperties';
import { messageIdProperty } from './messageIds';
import { messageWrite, readMessageTarget } from './messageWrites';
import type { PreparedWrite } from './types';

/** Email → Mark as Read and Mark as Unread: UpdateItem of IsRead, many messages per request. */
export function markReadOperation(
	operation: 'markAsRead' | 'markAsUnread',
): { description: INodeProperties[]; prepare: (this: IExecuteFunctions, client: EwsClient, itemIndex: number) => Promise<PreparedWrite> } {
	const show = { resource: ['email'], operation: [operation] };
	const isRead = operation === 'markAsRead';
	return {
		description: [
			messageIdProperty(show),
			optionsCollection(show, batchingOptions),
		],
		async prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
			const target = readMessageTarget(this, itemIndex);
			const change = itemChangeElement({ id: target.messageId }, [setItemField('Message', 'isRead', isRead, client.version)]);
			// Marking read is the same whatever else changed meanwhile: no ChangeKey, nothing to conflict with.
			return messageWrite(
				itemIndex,
				target,
				updateItemBatch('AlwaysOverwrite'),
				`marked this message ${isRead ? 'read' : 'unread'}`,
				(message) => ({ id: target.messageId, changeKey: readResultItemId(message)?.changeKey ?? null, isRead }),
				change,
			);
		},
	};
}
