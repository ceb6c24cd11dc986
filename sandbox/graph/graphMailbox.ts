import { AccountDirectory, SandboxMailbox, sameAddress } from '../accounts';
import type { GraphAccessPolicy } from '../oauthIdentity';
import { GraphCaller, GraphError } from './types';

/**
 * Which mailbox a Graph path is for: `/me/...` (the signed-in user's), `/users/{id-or-upn}/...` or
 * `/users('{id-or-upn}')/...`; and whether an application access policy lets an app-only caller reach it.
 */

export interface MailboxPath {
	/** The user segment as written, URL-decoded; 'me' for /me. */
	user: string;
	/** The rest of the path after the user segment, still URL-encoded ('' for the user itself). */
	rest: string;
}

/** Splits `/users/{x}/rest` or `/me/rest` (case-insensitive names, as Graph accepts); undefined for other paths. */
export function mailboxPath(path: string): MailboxPath | undefined {
	const me = /^\/me(?=\/|$)(.*)$/i.exec(path);
	if (me) return { user: 'me', rest: me[1] };
	const users = /^\/users(?:\/([^/]+)|\('([^/]*)'\))(.*)$/i.exec(path);
	if (!users) return undefined;
	return { user: decodeSegment(users[1] ?? users[2]), rest: users[3] };
}

/**
 * The mailbox a path names, for this caller: refused as Graph refuses unknown users, /me without a user, and
 * mailboxes of a hybrid tenant that are still on-premises (`onPremises`).
 */
export function resolveMailbox(user: string, caller: GraphCaller, directory: AccountDirectory, onPremises: readonly string[]): SandboxMailbox {
	if (user === 'me') {
		// Graph's refusal of /me under an app-only token.
		if (caller.kind === 'app' || !caller.user) throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
		user = caller.user;
	}
	const mailbox = directory.findMailbox(user);
	// Exchange's answer for a user (address or id) it cannot find in the tenant.
	if (!mailbox) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`);
	// Exchange Online's code and text for a mailbox it does not hold, as widely reported; the status is a guess.
	if (onPremises.some((address) => sameAddress(address, mailbox.smtpAddress))) {
		throw new GraphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
	}
	return mailbox;
}

/**
 * Application access policies (New-ApplicationAccessPolicy) apply to app-only callers: a DenyAccess policy
 * naming the mailbox, or RestrictAccess policies of which none names it, keep the app out. Exchange Online's
 * refusal text, as reported by admins hitting it.
 */
export function checkAccessPolicy(caller: GraphCaller, mailbox: SandboxMailbox, policies: readonly GraphAccessPolicy[], directory: AccountDirectory): void {
	if (caller.kind !== 'app') return;
	const own = policies.filter((policy) => policy.appId.toLowerCase() === caller.clientId.toLowerCase());
	const covers = (policy: GraphAccessPolicy) => policy.mailboxes.some((scope) => inScope(mailbox.smtpAddress, scope, directory, new Set()));
	const denied = own.some((policy) => policy.accessRight === 'DenyAccess' && covers(policy));
	const restricts = own.filter((policy) => policy.accessRight === 'RestrictAccess');
	if (denied || (restricts.length > 0 && !restricts.some(covers))) {
		throw new GraphError(403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
	}
}

/** Whether `address` is `scope` or a member (nested) of the group `scope`. */
function inScope(address: string, scope: string, directory: AccountDirectory, seen: Set<string>): boolean {
	if (sameAddress(address, scope)) return true;
	const group = directory.findGroup(scope);
	if (!group || seen.has(group.smtpAddress.toLowerCase())) return false;
	seen.add(group.smtpAddress.toLowerCase());
	return group.members.some((member) => inScope(address, member, directory, seen));
}

/** A path segment URL-decoded; a malformed escape stays as written. */
export function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}
