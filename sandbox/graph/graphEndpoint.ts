import * as http from 'http';
import * as https from 'https';
import { AddressInfo, Socket } from 'net';
import type { AccountDirectory } from '../accounts';
import { serverCertificate } from '../certificates';
import type { IdentityPlatform } from '../oauthIdentity';
import type { RequestLogEntry, SandboxStats } from '../requestLog';
import type { SandboxStore } from '../store';
import { writeBufferAsLargeAs } from '../tlsWriteBuffer';
import { authenticate } from './graphAuth';
import { BatchPart, readBatch, runBatch } from './graphBatch';
import { GraphDependencies, GraphOutcome, dispatchGraph, refusal, withFault } from './graphDispatch';
import { GraphFaultQueue } from './graphFaults';
import { GraphReply, RequestIds, errorReply, requestIds, resultReply } from './graphReply';
import { MailboxConcurrency } from './mailboxConcurrency';
import { GraphCaller, GraphError, GraphRoute } from './types';
import { UPLOAD_PATH_PREFIX, uploadRange } from './uploadSessions';

/**
 * The sandbox's Microsoft Graph endpoint: its own HTTP and HTTPS listeners on loopback (Graph is another host
 * than Exchange's EWS, so a token's audience tells them apart), serving `/v1.0/...` over the same store as
 * EWS. Each request: version, Bearer token, JSON body, injected faults, then `$batch` or one route
 * (graphDispatch.ts). Every request and every batch part goes to the sandbox's request log with `api: 'graph'`.
 */

const VERSION = 'v1.0';
// Graph refuses request bodies above 4 MB; larger content goes through upload sessions.
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const IDLE_CONNECTION_MS = 120_000;
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export interface GraphEndpointOptions {
	host: string;
	/** 0 or absent: a free port. */
	httpPort?: number;
	httpsPort?: number;
	/** Added to every request (a batch counts once): the simulated round trip, as for EWS. */
	latencyMs?: number;
	identity: IdentityPlatform;
	store: SandboxStore;
	directory: AccountDirectory;
	routes: readonly GraphRoute[];
	/** The sandbox's request log and counters, shared with EWS. */
	requests: RequestLogEntry[];
	stats: SandboxStats;
	faults: GraphFaultQueue;
	concurrency: MailboxConcurrency;
}

export class GraphEndpoint {
	httpUrl = '';
	httpsUrl = '';
	private readonly deps: GraphDependencies;
	private readonly httpServer: http.Server;
	private readonly httpsServer: https.Server;
	private readonly sockets = new Set<Socket>();
	private readonly connectionIds = new WeakMap<Socket, number>();
	private readonly inFlight = new Set<Promise<void>>();
	private readonly waiters = new Set<{ timer: NodeJS.Timeout; resolve(): void }>();
	private nextConnectionId = 1;
	private closed = false;

	constructor(private readonly options: GraphEndpointOptions) {
		this.deps = { ...options, wait: (ms) => this.wait(ms) };
		const certificate = serverCertificate('trusted');
		this.httpServer = http.createServer((req, res) => this.track(this.handle(req, res, 'http')));
		this.httpsServer = https.createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => this.track(this.handle(req, res, 'https')));
		// Graph's answers are at most a few MB (a page of messages with bodies).
		writeBufferAsLargeAs(this.httpsServer, MAX_ANSWER_BYTES);
		for (const server of [this.httpServer, this.httpsServer]) {
			server.keepAliveTimeout = IDLE_CONNECTION_MS;
			server.headersTimeout = IDLE_CONNECTION_MS + 1000;
			server.on('connection', (socket: Socket) => {
				this.options.stats.connections++;
				this.connectionIds.set(socket, this.nextConnectionId++);
				this.sockets.add(socket);
				socket.on('close', () => this.sockets.delete(socket));
			});
		}
	}

	async listen(): Promise<void> {
		const host = this.options.host;
		const listen = (server: http.Server, port = 0) =>
			new Promise<number>((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
			});
		const urlHost = host.includes(':') ? `[${host}]` : host;
		this.httpUrl = `http://${urlHost}:${await listen(this.httpServer, this.options.httpPort)}`;
		this.httpsUrl = `https://${urlHost}:${await listen(this.httpsServer, this.options.httpsPort)}`;
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const waiter of this.waiters) {
			clearTimeout(waiter.timer);
			waiter.resolve();
		}
		const closing = [this.httpServer, this.httpsServer].map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
		for (const socket of this.sockets) socket.destroy();
		await Promise.all([...closing, ...this.inFlight]);
	}

	private track(work: Promise<void>): void {
		this.inFlight.add(work);
		void work.finally(() => this.inFlight.delete(work));
	}

	/** A timer that close() cuts short. */
	private wait(ms: number): Promise<void> {
		if (this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			const waiter = {
				resolve,
				timer: setTimeout(() => {
					this.waiters.delete(waiter);
					resolve();
				}, ms),
			};
			this.waiters.add(waiter);
		});
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse, protocol: 'http' | 'https'): Promise<void> {
		this.options.stats.requests++;
		const { authorization, ...headers } = req.headers;
		const entry: RequestLogEntry = {
			api: 'graph',
			connectionId: this.connectionIds.get(req.socket) ?? 0,
			protocol,
			method: req.method ?? '',
			path: req.url ?? '',
			headers,
			authorizationScheme: authorization?.split(' ')[0],
			body: '',
		};
		this.options.requests.push(entry);
		const ids = requestIds(single(req.headers['client-request-id']));
		let outcome: GraphOutcome;
		try {
			outcome = await this.answer(req, entry, protocol, ids);
		} catch (error) {
			outcome = { reply: refusal(error, ids) };
		}
		this.deliver(req, res, entry, outcome);
	}

	private async answer(req: http.IncomingMessage, entry: RequestLogEntry, protocol: 'http' | 'https', ids: RequestIds): Promise<GraphOutcome> {
		const bytes = await readBody(req);
		if (bytes === undefined) return { reply: errorReply(413, 'RequestEntityTooLarge', 'The request body is larger than Graph accepts.', ids) };
		const origin = `${protocol}://${req.headers.host ?? ''}`;
		if ((req.url ?? '').startsWith(UPLOAD_PATH_PREFIX)) {
			entry.body = `(${bytes.length} bytes)`;
			return await this.upload(req, origin, bytes, ids);
		}
		const raw = bytes.toString('utf8');
		entry.body = raw;
		if (this.options.latencyMs) await this.wait(this.options.latencyMs);
		const version = /^\/([^/?]*)(.*)$/.exec(req.url ?? '/');
		// Graph serves v1.0 and beta; the sandbox v1.0 only. The text for another version segment is a guess.
		if (!version || version[1].toLowerCase() !== VERSION) return { reply: errorReply(400, 'BadRequest', `Invalid version: ${version?.[1] ?? ''}`, ids) };
		const url = version[2] || '/';
		let caller: GraphCaller;
		let body: unknown;
		try {
			caller = authenticate(req.headers.authorization, origin, this.options.identity);
			entry.account = caller.user ?? caller.clientId;
			body = parseBody(raw, single(req.headers['content-type']));
		} catch (error) {
			return { reply: refusal(error, ids) };
		}
		const method = (req.method ?? 'GET').toUpperCase();
		const path = url.split('?')[0];
		const fault = this.options.faults.takeForRequest(method, path);
		entry.injectedFault = fault?.kind;
		if (path.toLowerCase() === '/$batch') {
			return await withFault(fault, ids, this.deps, async () => ({ reply: await this.batch(method, body, { caller, origin }, ids, entry) }));
		}
		const outcome = await dispatchGraph({ method, url, headers: lowerCaseHeaders(req.headers), body, caller, ids, origin }, this.deps, fault);
		entry.mailbox = outcome.mailbox;
		return outcome;
	}

	/** A PUT to an upload session's URL: no Bearer token, the URL's own authtoken; faults apply as to any request. */
	private async upload(req: http.IncomingMessage, origin: string, bytes: Buffer, ids: RequestIds): Promise<GraphOutcome> {
		const method = (req.method ?? 'PUT').toUpperCase();
		const path = req.url ?? '/';
		const fault = this.options.faults.takeForRequest(method, path.split('?')[0]);
		return await withFault(fault, ids, this.deps, async () => {
			try {
				return { reply: resultReply(uploadRange(this.options.store, origin, method, path, lowerCaseHeaders(req.headers), bytes), ids) };
			} catch (error) {
				return { reply: refusal(error, ids) };
			}
		});
	}

	private async batch(method: string, body: unknown, batch: { caller: GraphCaller; origin: string }, ids: RequestIds, entry: RequestLogEntry): Promise<GraphReply> {
		try {
			if (method !== 'POST') throw new GraphError(405, 'BadRequest', 'Specified HTTP method is not allowed for the request target.');
			const parts = readBatch(body);
			const answer = await runBatch(parts, batch, ids.clientRequestId, this.deps, (part, outcome) => this.logPart(entry, part, outcome));
			return resultReply({ status: 200, body: answer }, ids);
		} catch (error) {
			return refusal(error, ids);
		}
	}

	/** Each part gets its own log entry, as if it had been sent alone on the batch's connection. */
	private logPart(batchEntry: RequestLogEntry, part: BatchPart, outcome: GraphOutcome): void {
		this.options.requests.push({
			api: 'graph',
			batchPartId: part.id,
			connectionId: batchEntry.connectionId,
			protocol: batchEntry.protocol,
			method: part.method,
			path: `/${VERSION}${part.url}`,
			headers: part.headers,
			authorizationScheme: batchEntry.authorizationScheme,
			body: part.body === undefined ? '' : JSON.stringify(part.body),
			account: batchEntry.account,
			mailbox: outcome.mailbox,
			status: outcome.reply?.status,
			faultCode: outcome.reply?.errorCode,
		});
	}

	private deliver(req: http.IncomingMessage, res: http.ServerResponse, entry: RequestLogEntry, outcome: GraphOutcome): void {
		if (outcome.drop || !outcome.reply) {
			entry.status = 0;
			req.socket.destroy();
			return;
		}
		const { status, headers, body, errorCode } = outcome.reply;
		entry.status = status;
		entry.faultCode = errorCode;
		if (res.destroyed || res.headersSent) return;
		// Raw content (a message's MIME, an attachment's bytes through `/$value`) goes as it is; anything else is JSON.
		const text = body === undefined ? '' : Buffer.isBuffer(body) ? body : JSON.stringify(body);
		res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	}
}

/**
 * The JSON body; undefined when empty. A body of another content type (MIME content, bytes) stays text for the
 * route. Graph's text for JSON it cannot read.
 */
function parseBody(raw: string, contentType: string | undefined): unknown {
	if (raw.trim() === '') return undefined;
	if (contentType !== undefined && !/json/i.test(contentType)) return raw;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
	}
}

function lowerCaseHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
	const result: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (name !== 'authorization') result[name.toLowerCase()] = single(value);
	}
	return result;
}

function single(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join(', ') : value;
}

/** The whole body, or undefined when it exceeds the limit. */
async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
	}
	return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}
