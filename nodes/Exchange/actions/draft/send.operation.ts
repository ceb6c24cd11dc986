import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sendItemBatch } from '../../ews/sendItem';
import type { EwsClient } from '../../transport';
import { batchingOptions } from '../batching';
import { optionsCollection, saveToSentItemsProperty } from '../commonProperties';
import { messageIdProperty } from '../messageIds';
import { messageWrite, readMessageTarget } from '../messageWrites';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['draft'], operation: ['send'] };

export const description: INodeProperties[] = [
	{ ...messageIdProperty(show), description: 'The EWS item ID of the draft, e.g. the ID Draft → Create or a reply saved as draft output' },
	optionsCollection(show, [...batchingOptions, saveToSentItemsProperty]),
];

/** SendItem, many drafts per request; the draft leaves Drafts, its copy goes to Sent Items unless turned off. */
export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const target = readMessageTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const saveToSentItems = options.saveToSentItems !== false;
	const access = client.access(target.mailbox);
	// A delegate's copy belongs in the Sent Items of the mailbox it sends from, not in its own.
	const delegate = access.mode === 'delegate' ? access.address : undefined;
	const request = sendItemBatch(saveToSentItems ? { id: 'sentitems', mailbox: delegate } : undefined);
	return messageWrite(itemIndex, target, request, 'sent this draft', () => ({
		draftId: target.messageId,
		sent: true,
		mailbox: access.address ?? null,
		savedToSentItems: saveToSentItems,
	}));
}
