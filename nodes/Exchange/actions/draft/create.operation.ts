import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { createItemBatch, readCreatedItemIds } from '../../ews/createItem';
import type { EwsClient } from '../../transport';
import { composedMessageProperties, composeMessage } from '../composedMessage';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['draft'], operation: ['create'] };

/** Email → Send's parameters, saved in Drafts instead of sent (CreateItem SaveOnly); To may wait. */
export const description: INodeProperties[] = composedMessageProperties(show, { toRequired: false, extraOptions: [] });

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const message = composeMessage(this, client, itemIndex, { toRequired: false });
	return {
		itemIndex,
		mailbox: message.mailbox,
		// A delegate's draft belongs in the Drafts of the mailbox it will be sent from.
		request: createItemBatch({ messageDisposition: 'SaveOnly', savedItemFolder: { id: 'drafts', mailbox: message.delegate } }),
		effect: 'saved this draft',
		build: message.build,
		output: (answer) => {
			const [created] = readCreatedItemIds(answer);
			return { id: created?.id ?? null, changeKey: created?.changeKey ?? null, ...message.output };
		},
	};
}
