import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Resolution } from '../../ews/resolveNames';
import type { GraphJson, GraphRequest } from '../../transport/graph/types';
import { graphPages } from '../graphPaging';
import { namingPermission } from '../graphPermission';
import type { GraphItemCall } from '../graphTypes';
import { CONTACT_SELECT, DIRECTORY_SELECT, graphContact, graphDirectoryMailbox } from '../output/graphDirectory';
import { readResolveNameParameters, resolutionJson } from './resolveName.operation';

export const kind = 'read';

/** ResolveNames gives at most 100 candidates; so does this. */
const MAX_MATCHES = 100;

/**
 * A directory search for users (people, rooms) or mail-enabled groups. Graph has no ResolveNames; `$search`
 * comes closest to it: a display name matches by the start of any of its words, any other property by its
 * start (learn.microsoft.com/graph/search-query-parameter), and it needs the ConsistencyLevel header.
 */
function directorySearch(collection: '/users' | '/groups', entry: string, contactDetails: boolean): GraphRequest {
	const term = entry.replace(/["\\]/g, '\\$&');
	return {
		method: 'GET',
		path: collection,
		tenantWide: true,
		headers: { ConsistencyLevel: 'eventual' },
		query: {
			$search: `"displayName:${term}" OR "mail:${term}"`,
			$select: contactDetails && collection === '/users' ? CONTACT_SELECT : DIRECTORY_SELECT,
			$count: 'true',
		},
	};
}

/**
 * Directory → Resolve Name over Microsoft Graph: the directory's users, then its groups, whose name or address
 * starts with the entry; an entry that is some entry's address exactly gives that entry alone, as ResolveNames
 * does. Personal contacts are not searched (see the parameter's description).
 */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { entry: typed, contactDetails } = readResolveNameParameters(this, call.itemIndex);
	const entry = typed.replace(/^smtp:/i, '');
	const found: Array<{ entry: GraphJson; type: string }> = [];
	for (const [collection, type, permission] of [
		['/users', '#microsoft.graph.user', contactDetails ? 'User.Read.All' : 'User.ReadBasic.All'],
		['/groups', '#microsoft.graph.group', 'GroupMember.Read.All'],
	] as const) {
		try {
			for await (const match of graphPages(call, directorySearch(collection, entry, contactDetails), undefined, MAX_MATCHES - found.length)) {
				// A group without mail (a security group) is no recipient, as ResolveNames does not list one.
				if (typeof match.mail === 'string' && match.mail !== '') found.push({ entry: match, type });
			}
		} catch (error) {
			throw namingPermission(error, permission);
		}
	}
	const exact = found.filter(({ entry: match }) => String(match.mail).toLowerCase() === entry.toLowerCase());
	for (const match of exact.length > 0 ? exact : found) {
		const resolution: Resolution = { mailbox: graphDirectoryMailbox(match.entry, match.type), contact: graphContact(match.entry) };
		yield { json: resolutionJson(resolution, contactDetails) };
	}
}
