import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { EwsError } from '../../transport/errors';
import type { GraphJson } from '../../transport/graph/types';
import { graphPages } from '../graphPaging';
import { namingPermission } from '../graphPermission';
import type { GraphItemCall } from '../graphTypes';
import { directoryMailboxJson } from '../output/directory';
import { DIRECTORY_SELECT, graphDirectoryMailbox, isGraphGroup } from '../output/graphDirectory';
import { GROUP_ADDRESS_HINT, readGroupAddress } from './expandGroup.operation';

export const kind = 'read';

const PERMISSION = 'GroupMember.Read.All (and User.ReadBasic.All to see the members\' names and addresses)';

/** The group with this address (`$filter=mail eq '...'`), or an error naming the field. */
async function findGroup(call: GraphItemCall, address: string): Promise<GraphJson> {
	const literal = address.replace(/'/g, "''");
	const answer = await call.send({
		method: 'GET',
		path: '/groups',
		tenantWide: true,
		query: { $filter: `mail eq '${literal}'`, $select: DIRECTORY_SELECT },
	});
	const [group] = Array.isArray(answer.body?.value) ? (answer.body.value as GraphJson[]) : [];
	if (!group?.id) {
		throw new EwsError({
			code: 'ErrorNameResolutionNoResults',
			message: `"Group Address" ${address} is not a group Microsoft Graph knows`,
			hint: GROUP_ADDRESS_HINT,
			processing: 'processed',
		});
	}
	return group;
}

/**
 * A group's direct members, as directory entries. A member Graph shows by id alone (its type is one the app
 * may not read) cannot be listed by address: that is a missing permission, not a member to leave out.
 */
async function* membersOf(call: GraphItemCall, group: GraphJson): AsyncIterable<GraphJson> {
	const path = `/groups/${encodeURIComponent(String(group.id))}/members`;
	for await (const member of graphPages(call, { method: 'GET', path, tenantWide: true, query: { $select: DIRECTORY_SELECT } })) {
		if (member.mail === undefined && member.displayName === undefined) {
			throw new EwsError({
				code: 'ErrorAccessDenied',
				message: `Microsoft Graph shows a member of ${String(group.mail)} by its id alone: the app may not read its properties`,
				hint: `Grant the app ${PERMISSION} in Entra ID and admin consent.`,
				processing: 'processed',
			});
		}
		if (typeof member.mail === 'string' && member.mail !== '') yield member;
	}
}

/**
 * Directory → Expand Group over Microsoft Graph: the group found by its address, then its members. Nested
 * groups are expanded one level at a time (breadth first), as over EWS, rather than through
 * transitiveMembers: so each person comes out once, under the first group found to hold them, with the same
 * `group` field as over EWS.
 */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const address = readGroupAddress(this, call.itemIndex);
	const options = this.getNodeParameter('options', call.itemIndex, {}) as IDataObject;
	const nested = options.expandNested === true;
	try {
		const group = await findGroup(call, address);
		if (!nested) {
			for await (const member of membersOf(call, group)) yield { json: { ...directoryMailboxJson(graphDirectoryMailbox(member)), group: address } };
			return;
		}
		const expanded = new Set([String(group.id)]);
		const seen = new Set<string>();
		const queue: Array<{ group: GraphJson; address: string }> = [{ group, address }];
		for (let next = queue.shift(); next; next = queue.shift()) {
			for await (const member of membersOf(call, next.group)) {
				if (isGraphGroup(member)) {
					if (!expanded.has(String(member.id))) queue.push({ group: member, address: String(member.mail) });
					expanded.add(String(member.id));
					continue;
				}
				const key = String(member.mail).toLowerCase();
				if (seen.has(key)) continue;
				seen.add(key);
				yield { json: { ...directoryMailboxJson(graphDirectoryMailbox(member)), group: next.address } };
			}
		}
	} catch (error) {
		throw namingPermission(error, PERMISSION);
	}
}
