import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { createItemBatch } from '../../ews/createItem';
import type { EwsClient } from '../../transport';
import { composedMessageProperties, composeMessage } from '../composedMessage';
import { saveToSentItemsProperty } from '../commonProperties';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['email'], operation: ['send'] };

export const description: INodeProperties[] = composedMessageProperties(show, { toRequired: true, extraOptions: [saveToSentItemsProperty] });

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const message = composeMessage(this, client, itemIndex, { toRequired: true });
	const saveToSentItems = message.options.saveToSentItems !== false;
	const output = { ...message.output, savedToSentItems: saveToSentItems };
	return {
		itemIndex,
		mailbox: message.mailbox,
		request: createItemBatch({
			messageDisposition: saveToSentItems ? 'SendAndSaveCopy' : 'SendOnly',
			// A delegate's copy belongs in the Sent Items of the mailbox it sends from, not in its own.
			savedItemFolder: saveToSentItems ? { id: 'sentitems', mailbox: message.delegate } : undefined,
		}),
		effect: 'sent this message',
		build: message.build,
		output: () => output,
	};
}
