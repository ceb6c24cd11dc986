import { AccountDirectory, SandboxMailbox } from '../accounts';
import { StoreError } from '../mailbox/errors';
import type { IdentityPlatform } from '../oauthIdentity';
import type { SandboxStore } from '../store';
import { checkPermission } from './graphAuth';
import { GraphFault, GraphFaultQueue, graphFaultError } from './graphFaults';
import { checkAccessPolicy, decodeSegment, mailboxPath, resolveMailbox } from './graphMailbox';
import { GraphReply, RequestIds, errorReply, resultReply } from './graphReply';
import { MAILBOX_CONCURRENCY_MESSAGE, MAILBOX_CONCURRENCY_RETRY_AFTER, MailboxConcurrency } from './mailboxConcurrency';
import { GraphCaller, GraphError, GraphRoute } from './types';

/**
 * One Graph request (a whole HTTP request or one part of a JSON batch) from its URL to its answer, in the
 * order Graph works: injected faults, route, user, permissions, application access policy, the mailbox's
 * concurrency limit, then the route's handler. Every refusal is a GraphError in Graph's format.
 */

export interface GraphDependencies {
	routes: readonly GraphRoute[];
	store: SandboxStore;
	directory: AccountDirectory;
	identity: IdentityPlatform;
	faults: GraphFaultQueue;
	concurrency: MailboxConcurrency;
	/** Waits, but ends early when the sandbox closes. */
	wait(ms: number): Promise<void>;
}

export interface GraphCall {
	method: string;
	/** Path and query after /v1.0, e.g. `/me/messages?$top=5`; still URL-encoded. */
	url: string;
	/** Header names in lower case. */
	headers: Record<string, string | undefined>;
	body: unknown;
	caller: GraphCaller;
	ids: RequestIds;
	/** The listener's origin, for the routes' @odata links. */
	origin: string;
}

export interface GraphOutcome {
	/** Absent only when the connection is dropped before processing. */
	reply?: GraphReply;
	/** Destroy the connection instead of answering. */
	drop?: boolean;
	/** The mailbox the request was for, once resolved. */
	mailbox?: string;
}

interface Matched {
	route: GraphRoute;
	groups: string[];
	/** The path the route matched (after the user segment for mailbox routes). */
	path: string;
	/** The user segment for mailbox routes. */
	user?: string;
}

export async function dispatchGraph(call: GraphCall, deps: GraphDependencies, fault: GraphFault | undefined): Promise<GraphOutcome> {
	return await withFault(fault, call.ids, deps, async () => {
		let mailbox: SandboxMailbox | undefined;
		try {
			const matched = matchRoute(call.method, call.url.split('?')[0], deps.routes);
			if (matched.user !== undefined) mailbox = resolveMailbox(matched.user, call.caller, deps.directory, deps.identity.onPremisesMailboxes);
			checkPermission(matched.route, call.caller, deps.directory, mailbox);
			if (mailbox) checkAccessPolicy(call.caller, mailbox, deps.identity.graphAccessPolicies, deps.directory);
			return { reply: await run(call, matched, mailbox, deps), mailbox: mailbox?.smtpAddress };
		} catch (error) {
			return { reply: refusal(error, call.ids), mailbox: mailbox?.smtpAddress };
		}
	});
}

/**
 * Carries `work` out under an injected fault: latency first; a drop before processing or an unprocessed
 * failure instead of the work; a processed failure or a drop after it once the work is done.
 */
export async function withFault(
	fault: GraphFault | undefined,
	ids: RequestIds,
	deps: Pick<GraphDependencies, 'wait'>,
	work: () => Promise<Omit<GraphOutcome, 'drop'>>,
): Promise<GraphOutcome> {
	if (fault?.kind === 'latency') await deps.wait(fault.ms);
	if (fault?.kind === 'dropConnection' && fault.after === 'beforeProcessing') return { drop: true };
	if (fault?.kind === 'status' && !fault.processed) return { reply: faultReply(fault, ids) };
	const done = await work();
	if (fault?.kind === 'dropConnection') return { ...done, drop: true };
	if (fault?.kind === 'status') return { ...done, reply: faultReply(fault, ids) };
	return done;
}

/** The handler, inside one of the mailbox's concurrency slots for mailbox routes. */
async function run(call: GraphCall, matched: Matched, mailbox: SandboxMailbox | undefined, deps: GraphDependencies): Promise<GraphReply> {
	const slot = mailbox?.smtpAddress;
	if (slot !== undefined && !deps.concurrency.enter(call.caller.clientId, slot)) {
		throw new GraphError(429, 'ApplicationThrottled', MAILBOX_CONCURRENCY_MESSAGE, { 'Retry-After': String(MAILBOX_CONCURRENCY_RETRY_AFTER) });
	}
	try {
		const query = new URLSearchParams(call.url.includes('?') ? call.url.slice(call.url.indexOf('?') + 1) : '');
		const result = await matched.route.handle(
			{
				method: call.method,
				path: matched.path,
				query,
				body: call.body,
				headers: call.headers,
				caller: call.caller,
				mailbox,
				store: deps.store,
				directory: deps.directory,
				baseUrl: `${call.origin}/v1.0`,
			},
			matched.groups,
		);
		return resultReply(result, call.ids);
	} finally {
		if (slot !== undefined) deps.concurrency.leave(call.caller.clientId, slot);
	}
}

/**
 * The route for a method and path: mailbox routes on what follows `/users/{id}` or `/me`, tenant routes on the
 * whole path. A path no route knows is refused naming the first segment Graph could not resolve; a known path
 * with another method gets 405.
 */
function matchRoute(method: string, path: string, routes: readonly GraphRoute[]): Matched {
	const user = mailboxPath(path);
	const candidates: Array<{ scope: GraphRoute['scope']; path: string }> = [];
	if (user) candidates.push({ scope: 'mailbox', path: user.rest });
	candidates.push({ scope: 'tenant', path });
	for (const candidate of candidates) {
		const scoped = routes.filter((route) => route.scope === candidate.scope);
		const onPath = scoped.filter((route) => route.pattern.test(candidate.path));
		if (onPath.length === 0) continue;
		const route = onPath.find((r) => r.method === method.toUpperCase());
		if (!route) {
			// Graph's text for a method the resource does not take, as public reports show it from directory
			// resources (code Request_BadRequest there; mailbox resources' code is a guess), with OData's Allow header.
			const allow = [...new Set(onPath.map((r) => r.method))].join(', ');
			const code = candidate.scope === 'tenant' ? 'Request_BadRequest' : 'BadRequest';
			throw new GraphError(405, code, 'Specified HTTP method is not allowed for the request target.', { Allow: allow });
		}
		const groups = (route.pattern.exec(candidate.path) ?? []).slice(1).map((group) => (group === undefined ? group : decodeSegment(group)));
		return { route, groups: groups as string[], path: candidate.path, user: candidate.scope === 'mailbox' ? user?.user : undefined };
	}
	const unresolved = user && routes.some((route) => route.scope === 'mailbox') ? unresolvedSegment(user.rest, routes, 'mailbox') : unresolvedSegment(path, routes, 'tenant');
	throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${unresolved}'.`);
}

/** The segment after the longest leading part of `path` some route of the scope matches (any method). */
function unresolvedSegment(path: string, routes: readonly GraphRoute[], scope: GraphRoute['scope']): string {
	const segments = path.split('/').slice(1);
	let known = 0;
	for (let count = 1; count <= segments.length; count++) {
		const prefix = `/${segments.slice(0, count).join('/')}`;
		if (routes.some((route) => route.scope === scope && route.pattern.test(prefix))) known = count;
	}
	return decodeSegment(segments[Math.min(known, segments.length - 1)] ?? '');
}

function faultReply(fault: Extract<GraphFault, { kind: 'status' }>, ids: RequestIds): GraphReply {
	const { code, message, headers } = graphFaultError(fault);
	return errorReply(fault.status, code, message, ids, headers);
}

/** Graph's answer for a refusal: GraphError as thrown; the store's own errors as Exchange reports them over Graph. */
export function refusal(error: unknown, ids: RequestIds): GraphReply {
	if (error instanceof GraphError) return errorReply(error.status, error.code, error.message, ids, error.headers);
	if (error instanceof StoreError) {
		const status = error.code.endsWith('NotFound') ? 404 : ['ErrorFolderExists', 'ErrorIrresolvableConflict'].includes(error.code) ? 409 : 400;
		return errorReply(status, error.code, error.message, ids);
	}
	return errorReply(500, 'ErrorInternalServerError', `The sandbox failed on this request: ${(error as Error).message}`, ids);
}
