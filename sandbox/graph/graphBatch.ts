import { GraphCall, GraphDependencies, GraphOutcome, dispatchGraph, refusal } from './graphDispatch';
import { mailboxPath } from './graphMailbox';
import { GraphReply, errorReply, requestIds } from './graphReply';
import { MAILBOX_CONCURRENCY_LIMIT } from './mailboxConcurrency';
import { GraphError } from './types';

/**
 * JSON batching (POST /v1.0/$batch, learn.microsoft.com/graph/json-batching): up to 20 requests, each
 * dispatched as a standalone request with the batch's token. `dependsOn` orders them; a request whose
 * dependency failed is answered 424 without running. Exchange Online runs at most 4 requests of a batch at
 * a time for one mailbox; the answers come in the order the requests finish, not the order sent.
 */

export const BATCH_LIMIT = 20;

export interface BatchPart {
	id: string;
	/** 1-based position in the request, for aimed faults. */
	position: number;
	method: string;
	/** Path and query after /v1.0, with a leading slash. */
	url: string;
	headers: Record<string, string>;
	body: unknown;
	dependsOn: string[];
}

export interface BatchResponse {
	id: string;
	status: number;
	headers: Record<string, string>;
	body?: unknown;
}

type Json = Record<string, unknown>;

function invalid(message: string): GraphError {
	return new GraphError(400, 'BadRequest', message);
}

/**
 * The batch's requests, checked as Graph checks them before running any: an object with a `requests` array of
 * at most 20, unique ids (compared without case), a method and a URL each, Content-Type with every body, and
 * dependsOn naming requests of the batch without cycles, in a batch wholly parallel or wholly sequential.
 * Texts are the sandbox's own unless said otherwise.
 */
export function readBatch(body: unknown): BatchPart[] {
	const requests = isObject(body) ? body.requests : undefined;
	if (!Array.isArray(requests)) throw invalid('Invalid batch payload format: the body must be an object with a requests array.');
	if (requests.length > BATCH_LIMIT) throw invalid(`The batch holds ${requests.length} requests; at most ${BATCH_LIMIT} are allowed.`);
	const parts = requests.map((request: unknown, index) => readPart(request, index + 1));
	const ids = new Set<string>();
	for (const part of parts) {
		if (ids.has(part.id.toLowerCase())) throw invalid(`The batch holds the request id '${part.id}' more than once.`);
		ids.add(part.id.toLowerCase());
	}
	for (const part of parts) {
		const unknown = part.dependsOn.find((id) => !ids.has(id.toLowerCase()));
		if (unknown !== undefined) throw invalid(`Request '${part.id}' depends on '${unknown}', which the batch does not hold.`);
	}
	if (hasCycle(parts)) throw invalid('The requests of the batch depend on each other in a cycle.');
	// Graph runs a batch either all in parallel or all in sequence: when one request names a dependency, every
	// request after the first must. The text is Graph's as reported by users who mixed them; the SDK's
	// BatchRequestContent checks much the same on the client side.
	if (parts.some((part) => part.dependsOn.length > 0) && parts.slice(1).some((part) => part.dependsOn.length === 0)) {
		throw invalid('Batch should be either fully sequential or fully parallel');
	}
	return parts;
}

function readPart(request: unknown, position: number): BatchPart {
	if (!isObject(request)) throw invalid(`Request ${position} of the batch is not an object.`);
	const { id, method, url, headers, body, dependsOn } = request;
	if (typeof id !== 'string' || id === '') throw invalid(`Request ${position} of the batch has no id.`);
	if (typeof method !== 'string' || method === '') throw invalid(`Request '${id}' has no method.`);
	if (typeof url !== 'string' || url === '') throw invalid(`Request '${id}' has no url.`);
	if (headers !== undefined && !isObject(headers)) throw invalid(`Request '${id}': headers must be an object.`);
	const partHeaders: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) partHeaders[name.toLowerCase()] = String(value);
	if (body !== undefined && body !== null && partHeaders['content-type'] === undefined) {
		throw invalid(`Request '${id}' has a body but no Content-Type header.`);
	}
	if (dependsOn !== undefined && !(Array.isArray(dependsOn) && dependsOn.every((d) => typeof d === 'string'))) {
		throw invalid(`Request '${id}': dependsOn must be an array of request ids.`);
	}
	return { id, position, method: method.toUpperCase(), url: partUrl(url), headers: partHeaders, body: body ?? undefined, dependsOn: (dependsOn as string[] | undefined) ?? [] };
}

/**
 * A part's URL relative to the version: `/me`, `me`, or with the version or the whole Graph URL before it
 * (the SDK's BatchRequestContent sends `/v1.0/me`, keeping the path of the URL it was given).
 */
function partUrl(url: string): string {
	const relative = /^https?:\/\//i.test(url) ? `${new URL(url).pathname}${new URL(url).search}` : url.startsWith('/') ? url : `/${url}`;
	return relative.replace(/^\/v1\.0(?=\/|\?|$)/i, '') || '/';
}

function hasCycle(parts: BatchPart[]): boolean {
	const byId = new Map(parts.map((part) => [part.id.toLowerCase(), part]));
	const state = new Map<string, 'visiting' | 'done'>();
	const visit = (id: string): boolean => {
		if (state.get(id) === 'done') return false;
		if (state.get(id) === 'visiting') return true;
		state.set(id, 'visiting');
		const cyclic = (byId.get(id)?.dependsOn ?? []).some((dependency) => visit(dependency.toLowerCase()));
		state.set(id, 'done');
		return cyclic;
	};
	return parts.some((part) => visit(part.id.toLowerCase()));
}

/** What the batch shares with its parts: the whole request's call (token, origin, client-request-id). */
export type BatchCall = Omit<GraphCall, 'method' | 'url' | 'headers' | 'body' | 'ids'>;

/** Runs the parts and resolves with Graph's batch answer body; `onPart` sees each part's outcome (for the request log). */
export async function runBatch(
	parts: BatchPart[],
	batch: BatchCall,
	clientRequestId: string,
	deps: GraphDependencies,
	onPart: (part: BatchPart, outcome: GraphOutcome) => void,
): Promise<{ responses: BatchResponse[] }> {
	const responses: BatchResponse[] = [];
	const statuses = new Map<string, number>();
	const pending = [...parts];
	const running = new Map<string, number>();
	let active = 0;
	return await new Promise((resolve) => {
		const finish = (part: BatchPart, outcome: GraphOutcome) => {
			// Parts take no drop faults, so every part has an answer.
			const reply = outcome.reply as GraphReply;
			statuses.set(part.id.toLowerCase(), reply.status);
			responses.push(partResponse(part.id, reply));
			onPart(part, outcome);
		};
		const pump = () => {
			let progressed = true;
			while (progressed) {
				progressed = false;
				for (const part of [...pending]) {
					const dependencies = part.dependsOn.map((id) => statuses.get(id.toLowerCase()));
					if (dependencies.some((status) => status === undefined)) continue;
					const key = mailboxKey(part.url, batch.caller.user);
					if (dependencies.some((status) => !succeeded(status as number))) {
						pending.splice(pending.indexOf(part), 1);
						finish(part, { reply: failedDependency(clientRequestId) });
						progressed = true;
						continue;
					}
					if (key !== undefined && (running.get(key) ?? 0) >= MAILBOX_CONCURRENCY_LIMIT) continue;
					pending.splice(pending.indexOf(part), 1);
					if (key !== undefined) running.set(key, (running.get(key) ?? 0) + 1);
					active++;
					void runPart(part, batch, clientRequestId, deps).then((outcome) => {
						if (key !== undefined) running.set(key, (running.get(key) ?? 1) - 1);
						active--;
						finish(part, outcome);
						pump();
					});
				}
			}
			if (pending.length === 0 && active === 0) resolve({ responses });
		};
		pump();
	});
}

async function runPart(part: BatchPart, batch: BatchCall, clientRequestId: string, deps: GraphDependencies): Promise<GraphOutcome> {
	const path = part.url.split('?')[0];
	const fault = deps.faults.takeForPart(part.position, part.method, path);
	const call: GraphCall = { ...batch, method: part.method, url: part.url, headers: part.headers, body: part.body, ids: requestIds(clientRequestId) };
	try {
		return await dispatchGraph(call, deps, fault);
	} catch (error) {
		return { reply: refusal(error, call.ids) };
	}
}

/** A part's answer as the batch body carries it: the request ids stay in the error body, not the part's headers. */
function partResponse(id: string, reply: GraphReply): BatchResponse {
	const headers = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => !['request-id', 'client-request-id'].includes(name.toLowerCase())));
	if (reply.body === undefined) return { id, status: reply.status, headers };
	// Graph carries a part's content that is not JSON base64-encoded in the batch answer.
	return { id, status: reply.status, headers, body: Buffer.isBuffer(reply.body) ? reply.body.toString('base64') : reply.body };
}

/** 424 for a part whose dependency failed; the code is the sandbox's guess (Graph's documentation gives only the status). */
function failedDependency(clientRequestId: string): GraphReply {
	return errorReply(424, 'FailedDependency', 'A request this one depends on failed; this one was not run.', requestIds(clientRequestId));
}

/** The mailbox a part is for (lower case), for the per-mailbox limit; undefined for tenant-wide requests. */
function mailboxKey(url: string, signedInUser: string | undefined): string | undefined {
	const user = mailboxPath(url.split('?')[0])?.user;
	if (user === undefined) return undefined;
	return (user === 'me' ? (signedInUser ?? 'me') : user).toLowerCase();
}

function succeeded(status: number): boolean {
	return status >= 200 && status < 300;
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
