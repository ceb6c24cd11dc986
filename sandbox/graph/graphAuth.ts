import { AccountDirectory, SandboxMailbox, sameAddress } from '../accounts';
import { GRAPH_RESOURCE, type IdentityPlatform } from '../oauthIdentity';
import { GraphCaller, GraphError, GraphRoute } from './types';

/**
 * Graph's checks of the caller: the Bearer token (issued by the identity platform, unexpired, for Graph as
 * its audience), then the route's permissions. Refusals use Graph's codes and texts as
 * seen in Microsoft's documentation and public reports (learn.microsoft.com/graph/resolve-auth-errors).
 */

/**
 * The audiences the endpoint takes: its own origin (the sandbox's stand-in for graph.microsoft.com), and what
 * Entra puts in tokens for Microsoft Graph itself (its resource URI, or its app id), e.g. for scopes that name
 * no resource. Tokens for EWS (outlook.office365.com, the sandbox's EWS origin) are refused.
 */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_AUDIENCES = (origin: string) => [origin.toLowerCase(), GRAPH_RESOURCE, GRAPH_APP_ID];

/** Graph's WWW-Authenticate on a 401: where to get a token, and Graph's own app id as the resource. */
const BEARER_CHALLENGE =
	`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;

function unauthenticated(message: string): GraphError {
	return new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': BEARER_CHALLENGE });
}

/** The caller behind the Authorization header; `origin` is this listener's (scheme://host:port), one audience a token may name. */
export function authenticate(authorization: string | undefined, origin: string, identity: IdentityPlatform): GraphCaller {
	const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization ?? '');
	// Graph's text for a request without a token (or with another scheme).
	if (!match || match[1] === '') throw unauthenticated('Access token is empty.');
	const token = match[1];
	const issued = identity.accessToken(token);
	if (!issued) {
		// Graph names a token that is no JWT at all differently from a JWT it cannot validate; the sandbox's
		// tokens are JWT-shaped, so a made-up value of another shape gets the first (reported wording).
		throw unauthenticated(token.split('.').length === 3 ? 'Access token validation failure.' : 'IDX14100: JWT is not well formed, there are no dots (.).');
	}
	if (issued.expiresAt <= Date.now()) throw unauthenticated('Lifetime validation failed, the token is expired.');
	if (!GRAPH_AUDIENCES(origin).includes(issued.audience.replace(/\/+$/, '').toLowerCase())) {
		throw unauthenticated('Access token validation failure. Invalid audience.');
	}
	return { kind: issued.kind, clientId: issued.clientId, permissions: [...issued.permissions], user: issued.user };
}

/** Mail, calendar and contact permissions have a `.Shared` variant for delegated access to other users' mailboxes. */
const SHARED_VARIANT = /^(Mail|Calendars|Contacts)\./;

/**
 * Whether the caller may run the route (on `mailbox` for mailbox routes). A delegated caller on another
 * user's mailbox needs a `.Shared` permission and Full Access to that mailbox (as Exchange grants it, the
 * directory's fullAccessTo); routes whose permissions have no `.Shared` variant stay limited to the own mailbox.
 */
export function checkPermission(route: GraphRoute, caller: GraphCaller, directory: AccountDirectory, mailbox?: SandboxMailbox): void {
	const otherMailbox = caller.kind === 'delegated' && mailbox !== undefined && !sameAddress(mailbox.smtpAddress, caller.user ?? '');
	const accepted = otherMailbox
		? route.permissions.filter((permission) => SHARED_VARIANT.test(permission)).map((permission) => `${permission}.Shared`)
		: route.permissions;
	const granted = accepted.some((permission) => caller.permissions.includes(permission));
	const delegatedToMailbox =
		!otherMailbox ||
		directory.directory.accounts.some(
			(account) => sameAddress(account.primarySmtpAddress, caller.user ?? '') && account.fullAccessTo.some((address) => sameAddress(address, mailbox.smtpAddress)),
		);
	if (granted && delegatedToMailbox) return;
	if (route.scope === 'tenant') {
		// Directory resources answer as Entra ID does.
		throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
	}
	throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}
