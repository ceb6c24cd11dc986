import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Condition } from '../../ews/restriction';
import { odataFilter } from '../graphFilter';
import { graphFolderPath, resolveGraphFolder } from '../graphFolders';
import { graphPages } from '../graphPaging';
import type { GraphItemCall } from '../graphTypes';
import { readMailbox } from '../mailbox';
import { graphMessageExecutionItem, graphMessageQuery, graphRecipients } from '../output/graphMessages';
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
	const { restriction, toMe } = withoutToMe(search.restriction);
	if (search.queryString) {
		query.$search = `"${search.queryString.replace(/"/g, '\\"')}"`;
	} else {
		const everything = 'receivedDateTime ge 1900-01-01T00:00:00Z';
		query.$filter = restriction ? `${everything} and ${odataFilter(restriction)}` : undefined;
		query.$orderby = 'receivedDateTime desc';
	}
	const first = { method: 'GET' as const, path: `${graphFolderPath(folder.id)}/messages`, query: query as Record<string, string>, headers: message.headers };
	let remaining = limit ?? Infinity;
	for await (const entry of graphPages(call, first, mailbox, toMe ? undefined : limit)) {
		if (toMe && !graphRecipients(entry.toRecipients).some((recipient) => recipient.address.toLowerCase() === toMe)) continue;
		yield await graphMessageExecutionItem(this, entry, settings, call, mailbox);
		if (--remaining <= 0) return;
	}
}

/**
 * "To Me" is kept out of `$filter`: Exchange Online refuses a filter over a recipient list
 * (`toRecipients/any(...)`, "ErrorInvalidUrlQueryFilter: The query filter contains one or more invalid
 * nodes", reported by users although Graph's lambda documentation shows the form), so the node keeps the
 * messages whose To names the mailbox itself.
 */
function withoutToMe(restriction: Condition | undefined): { restriction?: Condition; toMe?: string } {
	if (!restriction || !('and' in restriction)) return { restriction };
	const isToMe = (condition: Condition) => 'contains' in condition && condition.field === 'to';
	const toMe = restriction.and.find(isToMe);
	const rest = restriction.and.filter((condition) => !isToMe(condition));
	return { restriction: rest.length > 0 ? { and: rest } : undefined, toMe: toMe && 'contains' in toMe ? toMe.contains.toLowerCase() : undefined };
}
