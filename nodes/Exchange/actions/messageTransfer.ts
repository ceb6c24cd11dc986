import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { FolderRef } from '../ews/folderIds';
import { readResultItemId } from '../ews/itemIdResults';
import type { BatchRequest } from '../ews/operation';
import type { EwsClient } from '../transport';
import type { ExchangeVersion } from '../transport/settings';
import { batchingOptions } from './batching';
import { optionsCollection } from './commonProperties';
import { folderLocator, resolveFolder } from './folders';
import { messageIdProperty } from './messageIds';
import { messageWrite, readMessageTarget } from './messageWrites';
import type { PreparedWrite } from './types';

/**
 * Email → Move and Email → Copy: the message into a folder, many messages per request; the output is the
 * id Exchange gives the moved message or the copy.
 */
export function transferOperation(
	operation: 'move' | 'copy',
	batch: (to: FolderRef, version: ExchangeVersion) => BatchRequest,
): { description: INodeProperties[]; prepare: (this: IExecuteFunctions, client: EwsClient, itemIndex: number) => Promise<PreparedWrite> } {
	const show = { resource: ['email'], operation: [operation] };
	const verb = operation === 'move' ? 'move the message to' : 'copy the message to';
	return {
		description: [
			messageIdProperty(show),
			folderLocator('Folder', `The folder to ${verb}`, show),
			optionsCollection(show, batchingOptions),
		],
		async prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
			const target = readMessageTarget(this, itemIndex);
			const folder = await resolveFolder(this, itemIndex, client, target.mailbox);
			const effect = operation === 'move' ? 'moved this message' : 'copied this message';
			return messageWrite(itemIndex, target, batch(folder.ref, client.version), effect, (message) => {
				const created = readResultItemId(message);
				return {
					id: created?.id ?? null,
					changeKey: created?.changeKey ?? null,
					originalId: target.messageId,
					folder: { id: 'id' in folder.ref ? folder.ref.id : null, path: folder.path ?? null },
				};
			});
		},
	};
}
