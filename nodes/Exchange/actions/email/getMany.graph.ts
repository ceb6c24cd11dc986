import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { odataFilter } from '../graphFilter';
import { graphFolderPath, resolveGraphFolder } from '../graphFolders';
import { graphPages } from '../graphPaging';
import type { GraphItemCall } from '../graphTypes';
import { readMailbox } from '../mailbox';
import { graphMessageExecutionItem, graphMessageQuery } from '../output/graphMessages';
import { readMessageSettings } from '../output/messageItems';
import { readLimit } from '../paging';
import { readSearch } from './getMany.operation';

export const kind = 'read';

/**
 * The newest first of Graph's messages in the folder. Graph keeps `$orderby` only when the `$filter` starts
 * with the ordered property ("InefficientFilter" otherwise), so filters are put behind a receivedDateTime
 * condition that holds for every message. `$search` (KQL, the same syntax as the AQS of the EWS path) cannot
 * be combined with `$orderby`: Graph orders search results newest sent first itself. Pages follow
 * `@odata.nextLink`, each turned into output before the next is asked for.
 */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { client, itemIndex } = call;
	const settings = readMessageSettings(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const mailbox = readMailbox(this, itemIndex);
	const search = readSearch(this, itemIndex, this.getNodeParameter('filters', itemIndex, {}) as IDataObject, mailbox);
	const limit = readLimit(this, itemIndex);
	const folder = await resolveGraphFolder(this, itemIndex, client, mailbox);

	const message = graphMessageQuery(settings);
	const query: IDataObject = { ...message.query };
	if (search.queryString) {
		query.$search = `"${search.queryString.replace(/"/g, '\\"')}"`;
	} else {
		const everything = 'receivedDateTime ge 1900-01-01T00:00:00Z';
		query.$filter = search.restriction ? `${everything} and ${odataFilter(search.restriction)}` : undefined;
		query.$orderby = 'receivedDateTime desc';
	}
	const first = { method: 'GET' as const, path: `${graphFolderPath(folder.id)}/messages`, query: query as Record<string, string>, headers: message.headers };
	for await (const entry of graphPages(call, first, mailbox, limit)) yield await graphMessageExecutionItem(this, entry, settings, call, mailbox);
}
