import type { DistributionGroup } from '../accounts';
import { directoryPage } from './directoryQuery';
import { directoryObjectId, groupJson, READ_GROUPS, READ_USERS, userJson, userReadLevel, type GraphObject } from './representations/directoryObject';
import { GraphError, type GraphRequestContext, type GraphRoute } from './types';

/**
 * The directory over Microsoft Graph: users (`/users` with $search / $filter), mail-enabled groups
 * (`/groups`), and a group's members and transitiveMembers, from the same directory ResolveNames and ExpandDL
 * read. Permissions as Graph documents them for each list (user-list, group-list, group-list-members).
 */

function users(context: GraphRequestContext): GraphObject[] {
	const level = userReadLevel(context.caller);
	return context.directory.directory.mailboxes.map((mailbox) => userJson(mailbox, level));
}

function findGroupById(context: GraphRequestContext, id: string): DistributionGroup {
	const group = context.directory.directory.groups.find((candidate) => directoryObjectId(candidate.smtpAddress) === id.toLowerCase());
	if (!group) throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
	return group;
}

/**
 * A member as a directoryObject, typed by @odata.type. A user member shows its id alone to a caller with no
 * permission to read users, as Graph returns "limited information" for types the app may not read.
 */
function memberJson(context: GraphRequestContext, address: string): GraphObject | undefined {
	const mailbox = context.directory.findMailbox(address);
	if (mailbox) return { '@odata.type': '#microsoft.graph.user', ...userJson(mailbox, userReadLevel(context.caller)) };
	const group = context.directory.findGroup(address);
	return group && { '@odata.type': '#microsoft.graph.group', ...groupJson(group) };
}

/** Every member at any depth, each once: the nested groups themselves and their members, as transitiveMembers lists them. */
function transitiveMembers(context: GraphRequestContext, group: DistributionGroup): string[] {
	const found: string[] = [];
	const visit = (current: DistributionGroup) => {
		for (const member of current.members) {
			if (found.some((address) => address.toLowerCase() === member.toLowerCase())) continue;
			found.push(member);
			const nested = context.directory.findGroup(member);
			if (nested) visit(nested);
		}
	};
	visit(group);
	return found;
}

export const DIRECTORY_ROUTES: GraphRoute[] = [
	{
		method: 'GET',
		pattern: /^\/users$/,
		scope: 'tenant',
		permissions: READ_USERS,
		handle: (context) => directoryPage(context, users(context), 'users'),
	},
	{
		method: 'GET',
		pattern: /^\/groups$/,
		scope: 'tenant',
		permissions: READ_GROUPS,
		handle: (context) => directoryPage(context, context.directory.directory.groups.map(groupJson), 'groups'),
	},
	{
		method: 'GET',
		pattern: /^\/groups\/([^/]+)\/(members|transitiveMembers)$/,
		scope: 'tenant',
		permissions: READ_GROUPS,
		handle: (context, [id, relation]) => {
			const group = findGroupById(context, id);
			const addresses = relation === 'members' ? group.members : transitiveMembers(context, group);
			const members = addresses.map((address) => memberJson(context, address)).filter((member): member is GraphObject => member !== undefined);
			return directoryPage(context, members, 'directoryObjects');
		},
	},
];
