import { createHash } from 'crypto';
import type { DistributionGroup, SandboxMailbox } from '../../accounts';
import type { GraphCaller } from '../types';

/**
 * The directory as Microsoft Graph shows it: each mailbox (person, room, shared mailbox) is a user, each
 * distribution group (room lists too) a mail-enabled group. Directory objects have GUIDs for ids; the
 * sandbox derives them from the address, so they stay the same across runs and resets.
 */

export function directoryObjectId(address: string): string {
	const hex = createHash('sha1').update(`directory:${address.toLowerCase()}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Permissions that let a caller read users: User.ReadBasic.All the basic properties, the others all of them. */
const READ_USERS_FULLY = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const READ_USERS_BASIC = ['User.ReadBasic.All', ...READ_USERS_FULLY];
export const READ_USERS = READ_USERS_BASIC;
export const READ_GROUPS = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

/** The properties User.ReadBasic.All shows (learn.microsoft.com/graph/permissions-reference). */
const BASIC_USER_PROPERTIES = new Set(['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName']);

export type UserReadLevel = 'none' | 'basic' | 'full';

export function userReadLevel(caller: GraphCaller): UserReadLevel {
	if (caller.permissions.some((permission) => READ_USERS_FULLY.includes(permission))) return 'full';
	return caller.permissions.includes('User.ReadBasic.All') ? 'basic' : 'none';
}

export type GraphObject = Record<string, unknown>;

export function userJson(mailbox: SandboxMailbox, level: UserReadLevel): GraphObject {
	const contact = mailbox.contact ?? {};
	const user: GraphObject = {
		id: directoryObjectId(mailbox.smtpAddress),
		displayName: mailbox.displayName,
		givenName: contact.givenName ?? null,
		surname: contact.surname ?? null,
		mail: mailbox.smtpAddress,
		userPrincipalName: mailbox.smtpAddress,
		jobTitle: contact.jobTitle ?? null,
		department: contact.department ?? null,
		officeLocation: null,
		companyName: null,
		businessPhones: contact.businessPhone ? [contact.businessPhone] : [],
		mobilePhone: null,
		proxyAddresses: [`SMTP:${mailbox.smtpAddress}`],
	};
	if (level === 'full') return user;
	// Without any user permission a group's member shows its id alone (see members in directory.ts).
	if (level === 'none') return { id: user.id };
	return Object.fromEntries(Object.entries(user).filter(([name]) => BASIC_USER_PROPERTIES.has(name)));
}

export function groupJson(group: DistributionGroup): GraphObject {
	return {
		id: directoryObjectId(group.smtpAddress),
		displayName: group.displayName,
		mail: group.smtpAddress,
		mailEnabled: true,
		mailNickname: group.smtpAddress.split('@')[0],
		securityEnabled: false,
		groupTypes: [],
		proxyAddresses: [`SMTP:${group.smtpAddress}`],
	};
}

/** Only the properties `$select` names (and the id, which Graph always returns); all without `$select`. */
export function selected(object: GraphObject, select: string | null): GraphObject {
	if (!select) return object;
	const names = new Set(['id', '@odata.type', ...select.split(',').map((name) => name.trim())]);
	return Object.fromEntries(Object.entries(object).filter(([name]) => names.has(name)));
}
