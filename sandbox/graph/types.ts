import type { AccountDirectory, SandboxMailbox } from '../accounts';
import type { SandboxStore } from '../store';

/**
 * How one Microsoft Graph resource of the sandbox plugs into its Graph endpoint (graphEndpoint.ts): a route
 * names its method, its path pattern and the permissions that allow it; the endpoint has already checked the
 * token (audience, expiry), the mailbox (in the tenant, reachable by this caller) and throttling.
 */

/** Who calls: an app on its own (application permissions, `roles`) or for a signed-in user (delegated, `scp`). */
export interface GraphCaller {
	kind: 'app' | 'delegated';
	clientId: string;
	/** Graph permission names the token carries, e.g. Mail.ReadWrite. */
	permissions: string[];
	/** The signed-in user's SMTP address (delegated). */
	user?: string;
}

export interface GraphRequestContext {
	method: string;
	/** The path as matched: after `/v1.0/users/{id}` (or `/v1.0/me`) for mailbox routes, after `/v1.0` for tenant-wide ones. */
	path: string;
	query: URLSearchParams;
	/** The parsed JSON body; undefined when there is none. */
	body: unknown;
	/** Header names in lower case (Prefer, If-Match...). */
	headers: Record<string, string | undefined>;
	caller: GraphCaller;
	/** The mailbox the request is for; undefined for tenant-wide routes. */
	mailbox?: SandboxMailbox;
	store: SandboxStore;
	directory: AccountDirectory;
	/** The endpoint's own base, e.g. http://127.0.0.1:4321/v1.0, for @odata.nextLink and @odata.deltaLink. */
	baseUrl: string;
}

export interface GraphResult {
	status: number;
	/** Serialised as JSON; absent for 202 / 204. */
	body?: unknown;
	headers?: Record<string, string>;
}

export interface GraphRoute {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
	/** Anchored pattern on `path`; its groups are handed to `handle`, already URL-decoded. */
	pattern: RegExp;
	/** Under a mailbox (`/users/{id}/...`, `/me/...`) or tenant-wide (`/places/...`, `/groups/...`, `/users?$filter`). */
	scope: 'mailbox' | 'tenant';
	/**
	 * Any one of these permissions allows the call: delegated names for delegated tokens, application names for
	 * app-only ones (Graph uses the same names for both; `.Shared` variants are needed by delegated callers for
	 * another user's mailbox and are checked by the endpoint).
	 */
	permissions: string[];
	handle(context: GraphRequestContext, groups: string[]): GraphResult | Promise<GraphResult>;
}

/**
 * Graph's error: `{"error":{"code","message","innerError":{...}}}` with its HTTP status. Codes as Graph sends
 * them for Exchange resources: ErrorItemNotFound, ErrorInvalidIdMalformed, ErrorAccessDenied, ErrorInvalidUser,
 * Authorization_RequestDenied, InvalidAuthenticationToken, BadRequest, ApplicationThrottled...
 */
export class GraphError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}
