import * as http from 'http';
import * as https from 'https';
import { AddressInfo, Socket } from 'net';
import { AccountDirectory, DEFAULT_DIRECTORY, Directory } from './accounts';
import { AuthScheme, Authenticator, BearerTokenResolver, ConnectionAuth } from './auth';
import { CertificateChoice, ServerCertificate, caCertificatePem, serverCertificate } from './certificates';
import { AccountConcurrency } from './concurrencyLimit';
import { Answer, handleEwsRequest } from './ewsEndpoint';
import { FaultQueue } from './faults';
import { GraphEndpoint } from './graph/graphEndpoint';
import type { GraphControlTarget } from './graph/graphControls';
import { GraphFaultQueue } from './graph/graphFaults';
import { MailboxConcurrency } from './graph/mailboxConcurrency';
import { GRAPH_ROUTES } from './graph/routes';
import type { GraphRoute } from './graph/types';
import { iisErrorPage } from './iisPages';
import { loadNtlmHashes } from './ntlm/ntlmv2';
import { IdentityPlatform } from './oauthIdentity';
import { RequestLogEntry, SandboxStats } from './requestLog';
import { SchemaValidator } from './schemaValidator';
import { soapFault } from './soap';
import { writeBufferAsLargeAs } from './tlsWriteBuffer';
import { SandboxStore } from './store';
import { serveViewer } from './viewer';

/**
 * The EWS sandbox: an HTTP and an HTTPS listener on loopback serving /EWS/Exchange.asmx the way an
 * Exchange 2016 behind IIS does, with per-connection NTLM, schema validation and injectable faults.
 */

export const EWS_PATH = '/EWS/Exchange.asmx';
// Exchange 2013+ default request limit for EWS.
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const IDLE_CONNECTION_MS = 120_000;

export interface SandboxOptions {
	/** Default 127.0.0.1: the sandbox never listens beyond loopback unless told. */
	host?: string;
	/** 0 (default) picks a free port. */
	httpPort?: number;
	httpsPort?: number;
	certificate?: CertificateChoice;
	authSchemes?: AuthScheme[];
	/** Require NTLM channel binding on HTTPS (Exchange 2019 CU14+ default). */
	extendedProtection?: boolean;
	bearerTokens?: BearerTokenResolver;
	directory?: Directory;
	/** Default: on when the schema folder exists. */
	validateSchema?: boolean;
	schemaDir?: string;
	/** Added to every request. */
	latencyMs?: number;
	/**
	 * EwsApplicationAccessPolicy EnforceAllowList with this EwsAllowList: only User-Agents matching one of the
	 * patterns (`*` any text) get through; others get Exchange's 403. Default: no policy.
	 */
	ewsAllowList?: string[];
	/** EWSMaxConcurrency: requests one account may have in progress at once (sandbox/concurrencyLimit.ts); default no limit. */
	maxConcurrency?: number;
	/** Where notices such as "schema validation skipped" go; default console.warn. */
	log?: (line: string) => void;
	/** Serves the mailbox viewer page, its JSON API and the test controls under /sandbox/ (sandbox/viewer.ts). */
	viewer?: boolean;
	/** Microsoft identity platform look-alike (sandbox/oauthIdentity.ts): token and authorize endpoints, and Exchange Online's refusals of Bearer tokens. */
	identity?: IdentityPlatform;
	/**
	 * Serves Microsoft Graph (/v1.0) on a listener pair of its own (sandbox/graph/graphEndpoint.ts), with Bearer
	 * tokens of `identity` (required then). Default off.
	 */
	graph?: boolean;
	/** The Graph listeners' ports; 0 (default) picks free ones. */
	graphHttpPort?: number;
	graphHttpsPort?: number;
	/** Graph routes served besides GRAPH_ROUTES, e.g. a test's own. */
	graphRoutes?: GraphRoute[];
}

export type RuntimeOptions = Pick<
	SandboxOptions,
	'certificate' | 'authSchemes' | 'extendedProtection' | 'bearerTokens' | 'validateSchema' | 'latencyMs' | 'ewsAllowList'
>;

export interface Sandbox {
	httpUrl: string;
	httpsUrl: string;
	/** The CA that signed the 'trusted' certificate. */
	caCertificatePem: string;
	store: SandboxStore;
	directory: AccountDirectory;
	requests: RequestLogEntry[];
	stats: SandboxStats;
	faults: FaultQueue;
	/** Requests in progress per account: peak, and refusals beyond `maxConcurrency`. */
	concurrency: AccountConcurrency;
	/** The Graph endpoint's base URLs (without /v1.0), e.g. http://127.0.0.1:4321; empty when `graph` is off. */
	graphHttpUrl: string;
	graphHttpsUrl: string;
	/** Failures the Graph endpoint produces on the requests that follow (sandbox/graph/graphFaults.ts). */
	graphFaults: GraphFaultQueue;
	/** Graph requests in progress per app and mailbox (limit 4): peaks and refusals. */
	graphConcurrency: MailboxConcurrency;
	/**
	 * Closes every connection with no request in progress, as IIS does when its idle timeout passes or its
	 * worker process recycles: clients must connect and sign in again. Resolves once they had time to notice.
	 */
	closeIdleConnections(): Promise<void>;
	/** Changes behaviour for the requests that follow, e.g. turning Extended Protection on. */
	setOptions(options: RuntimeOptions): void;
	/** Stops listening, destroys every connection and waits for requests in progress. */
	close(): Promise<void>;
}

let skipNoticeGiven = false;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	await loadNtlmHashes();
	const sandbox = new EwsSandbox(options);
	await sandbox.listen();
	return sandbox;
}

interface ConnectionState {
	id: number;
	auth: ConnectionAuth;
}

class EwsSandbox implements Sandbox {
	httpUrl = '';
	httpsUrl = '';
	readonly caCertificatePem = caCertificatePem();
	readonly directory: AccountDirectory;
	readonly store: SandboxStore;
	readonly requests: RequestLogEntry[] = [];
	readonly stats: SandboxStats = { connections: 0, ntlmHandshakes: 0, requests: 0 };
	readonly faults = new FaultQueue();
	readonly concurrency: AccountConcurrency;
	graphHttpUrl = '';
	graphHttpsUrl = '';
	readonly graphFaults = new GraphFaultQueue();
	readonly graphConcurrency = new MailboxConcurrency();
	/** For the viewer's graph/... test controls. */
	readonly graphControls: GraphControlTarget;
	private graph?: GraphEndpoint;

	private readonly settings: Required<Omit<RuntimeOptions, 'bearerTokens' | 'ewsAllowList'>> &
		Pick<RuntimeOptions, 'bearerTokens' | 'ewsAllowList'>;
	private readonly authenticator: Authenticator;
	private readonly validator?: SchemaValidator;
	private certificate: ServerCertificate;
	private readonly httpServer: http.Server;
	private readonly httpsServer: https.Server;
	private readonly sockets = new Set<Socket>();
	/** Sockets with a request in progress. */
	private readonly busy = new Set<Socket>();
	private readonly connections = new WeakMap<Socket, ConnectionState>();
	private readonly inFlight = new Set<Promise<void>>();
	private readonly waiters = new Set<{ timer?: NodeJS.Timeout; resolve(): void }>();
	private nextConnectionId = 1;
	private closed = false;

	constructor(private readonly options: SandboxOptions) {
		this.directory = new AccountDirectory(options.directory ?? DEFAULT_DIRECTORY);
		this.store = new SandboxStore(this.directory);
		this.concurrency = new AccountConcurrency(options.maxConcurrency);
		this.graphControls = { faults: this.graphFaults, identity: options.identity };
		const schemaDir = options.schemaDir;
		const schemaAvailable = SchemaValidator.available(schemaDir);
		if (schemaAvailable) this.validator = new SchemaValidator(schemaDir);
		if (!schemaAvailable && !skipNoticeGiven) {
			skipNoticeGiven = true;
			(options.log ?? console.warn)('schema validation skipped: ../shared/ews-schema not found');
		}
		this.settings = {
			certificate: options.certificate ?? 'trusted',
			authSchemes: options.authSchemes ?? ['ntlm', 'basic'],
			extendedProtection: options.extendedProtection ?? false,
			bearerTokens: options.bearerTokens,
			validateSchema: options.validateSchema !== false && this.validator !== undefined,
			latencyMs: options.latencyMs ?? 0,
			ewsAllowList: options.ewsAllowList,
		};
		this.authenticator = new Authenticator(this.directory, this.authSettings());
		this.certificate = serverCertificate(this.settings.certificate);
		this.httpServer = http.createServer((req, res) => this.track(this.handle(req, res, 'http')));
		this.httpsServer = https.createServer(
			{ key: this.certificate.keyPem, cert: this.certificate.certPem },
			(req, res) => this.track(this.handle(req, res, 'https')),
		);
		writeBufferAsLargeAs(this.httpsServer, MAX_BODY_BYTES);
		for (const server of [this.httpServer, this.httpsServer]) {
			// IIS keeps idle connections (and with them their NTLM logon) for 120 s; Node's default is 5 s.
			server.keepAliveTimeout = IDLE_CONNECTION_MS;
			server.headersTimeout = IDLE_CONNECTION_MS + 1000;
			server.on('connection', (socket: Socket) => {
				if (this.faults.takeConnectionReset()) {
					socket.resetAndDestroy();
					return;
				}
				this.stats.connections++;
				this.sockets.add(socket);
				socket.on('close', () => this.sockets.delete(socket));
			});
		}
	}

	async listen(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		const listen = (server: http.Server, port: number) =>
			new Promise<number>((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
			});
		const httpPort = await listen(this.httpServer, this.options.httpPort ?? 0);
		const httpsPort = await listen(this.httpsServer, this.options.httpsPort ?? 0);
		const urlHost = host.includes(':') ? `[${host}]` : host;
		this.httpUrl = `http://${urlHost}:${httpPort}${EWS_PATH}`;
		this.httpsUrl = `https://${urlHost}:${httpsPort}${EWS_PATH}`;
		if (this.options.graph) await this.listenGraph(host);
	}

	private async listenGraph(host: string): Promise<void> {
		const identity = this.options.identity;
		if (!identity) throw new Error('The Graph endpoint needs the identity platform (option identity) for its tokens.');
		this.graph = new GraphEndpoint({
			host,
			httpPort: this.options.graphHttpPort,
			httpsPort: this.options.graphHttpsPort,
			latencyMs: this.settings.latencyMs,
			identity,
			store: this.store,
			directory: this.directory,
			routes: [...GRAPH_ROUTES, ...(this.options.graphRoutes ?? [])],
			requests: this.requests,
			stats: this.stats,
			faults: this.graphFaults,
			concurrency: this.graphConcurrency,
		});
		await this.graph.listen();
		this.graphHttpUrl = this.graph.httpUrl;
		this.graphHttpsUrl = this.graph.httpsUrl;
	}

	setOptions(options: RuntimeOptions): void {
		const { validateSchema, ...rest } = options;
		Object.assign(this.settings, rest);
		if (validateSchema !== undefined) this.settings.validateSchema = validateSchema && this.validator !== undefined;
		this.authenticator.configure(this.authSettings());
		if (options.certificate) {
			this.certificate = serverCertificate(options.certificate);
			this.httpsServer.setSecureContext({ key: this.certificate.keyPem, cert: this.certificate.certPem });
		}
	}

	async closeIdleConnections(): Promise<void> {
		for (const socket of this.sockets) if (!this.busy.has(socket)) socket.destroy();
		// The client learns of the close through its event loop; give it a few turns.
		await new Promise((resolve) => setTimeout(resolve, 50));
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const waiter of this.waiters) {
			clearTimeout(waiter.timer);
			waiter.resolve();
		}
		const closing = [this.httpServer, this.httpsServer].map(
			(server) => new Promise<void>((resolve) => server.close(() => resolve())),
		);
		for (const socket of this.sockets) socket.destroy();
		await Promise.all([...closing, ...this.inFlight, this.graph?.close()]);
	}

	private authSettings() {
		return {
			schemes: this.settings.authSchemes,
			extendedProtection: this.settings.extendedProtection,
			bearerTokens: this.settings.bearerTokens,
		};
	}

	private track(work: Promise<void>): void {
		this.inFlight.add(work);
		void work.finally(() => this.inFlight.delete(work));
	}

	/** A timer that close() cuts short; with `ms` undefined it waits for close only. */
	private wait(ms?: number): Promise<void> {
		if (this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			const waiter: { timer?: NodeJS.Timeout; resolve(): void } = { resolve };
			if (ms !== undefined) {
				waiter.timer = setTimeout(() => {
					this.waiters.delete(waiter);
					resolve();
				}, ms);
			}
			this.waiters.add(waiter);
		});
	}

	private connectionOf(socket: Socket): ConnectionState {
		let state = this.connections.get(socket);
		if (!state) {
			state = { id: this.nextConnectionId++, auth: {} };
			this.connections.set(socket, state);
		}
		return state;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse, protocol: 'http' | 'https'): Promise<void> {
		if (this.options.viewer && serveViewer(req, res, this)) return;
		if (this.options.identity && (await this.options.identity.serve(req, res, EWS_PATH))) return;
		this.stats.requests++;
		const socket = req.socket;
		this.busy.add(socket);
		res.once('close', () => this.busy.delete(socket));
		const connection = this.connectionOf(req.socket);
		const { authorization, ...headers } = req.headers;
		const entry: RequestLogEntry = {
			connectionId: connection.id,
			protocol,
			method: req.method ?? '',
			path: req.url ?? '',
			headers,
			authorizationScheme: authorization?.split(' ')[0],
			body: '',
			anchorMailbox: headerValue(req.headers['x-anchormailbox']),
		};
		this.requests.push(entry);
		try {
			const body = await readBody(req);
			if (body === undefined) return this.send(res, entry, 413, { 'Content-Type': 'text/html' }, iisErrorPage(413));
			entry.body = body;
			const path = (req.url ?? '').split('?')[0];
			// IIS matches paths case-insensitively.
			if (path.toLowerCase() !== EWS_PATH.toLowerCase()) {
				return this.send(res, entry, 404, { 'Content-Type': 'text/html' }, iisErrorPage(404));
			}
			const outcome = this.authenticator.authenticate({
				authorization,
				host: hostName(req.headers.host),
				connection: connection.auth,
				serverCertificateDer: protocol === 'https' ? this.certificate.der : undefined,
			});
			if (outcome.kind === 'challenge') {
				entry.authReason = outcome.reason;
				return this.send(res, entry, 401, { 'Content-Type': 'text/html', 'WWW-Authenticate': outcome.wwwAuthenticate }, iisErrorPage(401));
			}
			if (outcome.completedNtlmHandshake) this.stats.ntlmHandshakes++;
			entry.ntlm = outcome.ntlm;
			// Refused before EWS reads the request, so the log names no account for it (nothing was processed).
			if (!userAgentAllowed(headerValue(req.headers['user-agent']), this.settings.ewsAllowList)) {
				entry.authReason = 'EwsApplicationAccessPolicy: User-Agent not on the EwsAllowList';
				return this.send(res, entry, 403, { 'Content-Type': 'text/html', 'X-MS-Diagnostics': USER_AGENT_BLOCKED_DIAGNOSTICS }, iisErrorPage(403));
			}
			entry.account = outcome.principal.name;
			if (req.method !== 'POST') {
				return this.send(res, entry, 405, { 'Content-Type': 'text/html', Allow: 'POST' }, iisErrorPage(405));
			}
			const account = outcome.principal.name;
			if (!this.concurrency.enter(account)) {
				entry.faultCode = 'ErrorServerBusy';
				return this.send(res, entry, 500, { 'Content-Type': 'text/xml; charset=utf-8' }, this.concurrency.refusal());
			}
			try {
				const answer = await handleEwsRequest(body, outcome.principal, entry, {
					store: this.store,
					directory: this.directory,
					faults: this.faults,
					validator: this.settings.validateSchema ? this.validator : undefined,
					latencyMs: this.settings.latencyMs,
					wait: (ms) => this.wait(ms),
				});
				await this.deliver(answer, req, res, entry, connection);
			} finally {
				this.concurrency.leave(account);
			}
		} catch (error) {
			entry.faultCode = 'ErrorInternalServerError';
			const message = `The sandbox failed on this request: ${(error as Error).message}`;
			this.send(res, entry, 500, { 'Content-Type': 'text/xml; charset=utf-8' }, soapFault({ code: 'ErrorInternalServerError', message }));
		}
	}

	private async deliver(
		answer: Answer,
		req: http.IncomingMessage,
		res: http.ServerResponse,
		entry: RequestLogEntry,
		connection: ConnectionState,
	): Promise<void> {
		switch (answer.kind) {
			case 'respond':
				return this.send(res, entry, answer.status, answer.headers, answer.body);
			case 'drop':
				entry.status = 0;
				req.socket.destroy();
				return;
			case 'hang':
				await this.wait();
				return;
			case 'trickle':
				return await this.trickle(res, entry, answer);
			case 'unauthorized': {
				// Like an IIS worker recycle: the connection's NTLM logon is gone and must be redone.
				connection.auth = {};
				const outcome = this.authenticator.authenticate({ host: hostName(req.headers.host), connection: connection.auth });
				entry.authReason = 'injected: connection authentication dropped';
				const offers = outcome.kind === 'challenge' ? outcome.wwwAuthenticate : [];
				return this.send(res, entry, 401, { 'Content-Type': 'text/html', 'WWW-Authenticate': offers }, iisErrorPage(401));
			}
		}
	}

	/** Headers at once, then the body a byte at a time, until it is all sent or the client gives up. */
	private async trickle(res: http.ServerResponse, entry: RequestLogEntry, answer: Extract<Answer, { kind: 'trickle' }>): Promise<void> {
		entry.status = answer.status;
		const bytes = Buffer.from(answer.body, 'utf8');
		res.writeHead(answer.status, { ...answer.headers, 'Content-Length': bytes.length, Server: 'Microsoft-IIS/10.0' });
		res.flushHeaders();
		for (let offset = 0; offset < bytes.length && !res.destroyed && !this.closed; offset++) {
			res.write(bytes.subarray(offset, offset + 1));
			await this.wait(answer.intervalMs);
		}
		if (!res.destroyed) res.end();
	}

	private send(
		res: http.ServerResponse,
		entry: RequestLogEntry,
		status: number,
		headers: Record<string, string | string[]>,
		body: string,
	): void {
		entry.status = status;
		if (res.destroyed || res.headersSent) return;
		res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body), Server: 'Microsoft-IIS/10.0' });
		res.end(body);
	}
}

/** What Exchange names in its diagnostics when EwsApplicationAccessPolicy turns a client away. */
const USER_AGENT_BLOCKED_DIAGNOSTICS = 'reason="Request was blocked due to a Tenant-Configured UserAgent AllowList being set for this Organization"';

/** EwsAllowList entries are User-Agent patterns in which `*` stands for any text, compared without case. */
function userAgentAllowed(userAgent: string | undefined, allowList: string[] | undefined): boolean {
	if (!allowList) return true;
	return allowList.some((pattern) => {
		const expression = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
		return new RegExp(`^${expression}$`, 'i').test(userAgent ?? '');
	});
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** The realm names the host; anything that could break out of the quoted string is dropped. */
function hostName(host: string | undefined): string {
	const name = (host ?? 'localhost').replace(/:\d+$/, '');
	return name.replace(/[^A-Za-z0-9.\-[\]:]/g, '');
}

/** The whole body as UTF-8, or undefined when it exceeds the limit. */
async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) tooLarge = true;
		else chunks.push(chunk as Buffer);
	}
	return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}
