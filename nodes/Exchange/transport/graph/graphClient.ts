import { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';
import { RetryState, throwIfCancelled, type CallKind } from '../retry';
import { ConcurrencyWindow } from '../throttling';
import { readGraphAnswer, readGraphError } from './graphErrors';
import type { GraphAnswer, GraphJson, GraphRequest } from './types';

/** One way of authenticating a Graph request (n8n's OAuth2 helper, a given Bearer token); the client never knows which. */
export interface GraphTransport {
	/** Sends one request and returns the HTTP answer, whatever its status; throws EwsError when no answer came. */
	send(request: { method: string; url: URL; body?: string; headers: Record<string, string> }, signal?: AbortSignal): Promise<HttpAnswer>;
	/**
	 * Sends bytes to a pre-authenticated URL Graph handed out (an upload session's uploadUrl) without the
	 * credential's token: the URL carries its own, and Graph's documentation says to send no Authorization.
	 */
	sendBytes?(request: { method: 'PUT'; url: URL; body: Buffer; headers: Record<string, string> }, signal?: AbortSignal): Promise<HttpAnswer>;
}

export interface GraphClientConfig {
	/** Graph's base, e.g. https://graph.microsoft.com (national clouds have their own). */
	baseUrl: URL;
	/** App-only access has no mailbox of its own: every request must name one. */
	appOnly: boolean;
	/** Requests in flight at most for the run; the window shrinks below it while Graph throttles. */
	maxConcurrency: number;
}

export interface GraphCallOptions {
	kind?: CallKind;
	signal?: AbortSignal;
	/** False when the caller sends again itself (the batcher, per part). */
	resend?: boolean;
}

/** Parts of one JSON batch at most (Graph's limit). */
export const GRAPH_BATCH_LIMIT = 20;

/**
 * The one seam every Graph operation calls: puts a request under its mailbox, sends it through the
 * credential's transport and reads the answer, with the same retry, cancel and error rules as the EWS client.
 */
export class GraphClient {
	readonly window: ConcurrencyWindow;

	constructor(
		private readonly transport: GraphTransport,
		readonly config: GraphClientConfig,
	) {
		this.window = new ConcurrencyWindow(config.maxConcurrency);
	}

	/** `/users/{mailbox}` or, for the signed-in user's own mailbox, `/me`. */
	mailboxPath(mailbox?: string): string {
		const address = mailbox?.trim();
		if (address) return `/users/${encodeURIComponent(address)}`;
		if (this.config.appOnly) {
			throw new EwsError({
				code: 'MailboxRequired',
				message: 'The "Mailbox" field is empty, but app-only access (client credentials) has no mailbox of its own',
				hint: 'Enter the SMTP address of the mailbox to act as in the node\'s Mailbox field, e.g. shared@contoso.com.',
				processing: 'notProcessed',
			});
		}
		return '/me';
	}

	/** The URL of a request, relative to `/v1.0` (as a batch part names it) and absolute. */
	relativeUrl(request: GraphRequest, mailbox?: string): string {
		if (request.url) {
			const url = new URL(request.url);
			const versionRoot = `${this.config.baseUrl.pathname.replace(/\/$/, '')}/v1.0`;
			return url.pathname.startsWith(versionRoot) ? url.pathname.slice(versionRoot.length) + url.search : url.pathname + url.search;
		}
		const path = (request.tenantWide ? '' : this.mailboxPath(mailbox)) + request.path;
		const query = Object.entries(request.query ?? {})
			.filter((entry): entry is [string, string | number] => entry[1] !== undefined)
			.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
			.join('&');
		return query ? `${path}?${query}` : path;
	}

	absoluteUrl(request: GraphRequest, mailbox?: string): URL {
		if (request.url) return this.sameOrigin(new URL(request.url));
		return new URL(`${this.config.baseUrl.href.replace(/\/$/, '')}/v1.0${this.relativeUrl(request, mailbox)}`);
	}

	/**
	 * Sends one request. What Graph turned away unprocessed because of load (429, 503, a reset before sending)
	 * is sent again after the pause it asked for, as is a read whose outcome is unknown; nothing else is.
	 */
	async request(request: GraphRequest, mailbox?: string, options: GraphCallOptions = {}): Promise<GraphAnswer> {
		const { signal } = options;
		const url = this.absoluteUrl(request, mailbox);
		const body = request.body === undefined ? undefined : JSON.stringify(request.body);
		const headers: Record<string, string> = { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...request.headers };
		const retry = new RetryState(options.kind ?? (request.method === 'GET' ? 'read' : 'write'), options.resend !== false);
		return await this.withRetry(retry, signal, async () => await this.transport.send({ method: request.method, url, body, headers }, signal));
	}

	/** Sends through the concurrency window, again after the pause the retry rule gives, until it may not. */
	private async withRetry(retry: RetryState, signal: AbortSignal | undefined, send: () => Promise<HttpAnswer>): Promise<GraphAnswer> {
		for (;;) {
			let wait: number | undefined;
			await this.window.acquire();
			try {
				throwIfCancelled(signal);
				const answer = readGraphAnswer(await send());
				this.window.succeeded();
				return answer;
			} catch (error) {
				wait = retry.delayAfter(error);
				if (wait === undefined) throw error;
				this.window.pushBack();
			} finally {
				this.window.release();
			}
			await retry.wait(wait, signal);
		}
	}

	/**
	 * Sends up to 20 requests as one JSON batch and gives each part's outcome in order: its answer, or the
	 * EwsError its own status means (a throttled part is `notProcessed` and may be sent again by the caller).
	 * The batch itself is sent again only when Graph refused all of it unprocessed.
	 */
	async batch(parts: Array<{ request: GraphRequest; mailbox?: string }>, options: GraphCallOptions = {}): Promise<Array<GraphAnswer | EwsError>> {
		if (parts.length > GRAPH_BATCH_LIMIT) throw new Error(`A JSON batch takes at most ${GRAPH_BATCH_LIMIT} requests`);
		const requests = parts.map(({ request, mailbox }, index) => ({
			id: String(index + 1),
			method: request.method,
			url: this.relativeUrl(request, mailbox),
			...(request.body === undefined ? {} : { body: request.body, headers: { 'Content-Type': 'application/json', ...request.headers } }),
			...(request.body === undefined && request.headers ? { headers: request.headers } : {}),
		}));
		const answer = await this.request({ method: 'POST', path: '/$batch', tenantWide: true, body: { requests } }, undefined, { ...options, kind: options.kind ?? 'write' });
		const responses = Array.isArray(answer.body?.responses) ? (answer.body.responses as GraphJson[]) : [];
		return requests.map(({ id }) => {
			const response = responses.find((candidate) => String(candidate.id) === id);
			if (!response) {
				return new EwsError({ code: 'BatchPartMissing', message: `Graph's batch answer has no response for request ${id}`, processing: 'unknown' });
			}
			const headers = Object.fromEntries(Object.entries((response.headers ?? {}) as Record<string, unknown>).map(([name, value]) => [name.toLowerCase(), String(value)]));
			const status = Number(response.status);
			if (status >= 200 && status < 300) return { status, headers, body: response.body as GraphJson | undefined };
			return readGraphError({ status, headers, body: response.body });
		});
	}

	/**
	 * PUTs one byte range to an upload session's URL, which Exchange Online serves on its own host
	 * (outlook.office.com): https only, or Graph's own origin. Sent again only when refused unprocessed.
	 */
	async uploadRange(uploadUrl: string, bytes: Buffer, contentRange: string, signal?: AbortSignal): Promise<GraphAnswer> {
		const url = new URL(uploadUrl);
		if (url.protocol !== 'https:' && url.origin !== this.config.baseUrl.origin) {
			throw new EwsError({ code: 'UnexpectedLink', message: `Graph's upload URL is not https (${url.origin}); nothing was uploaded`, processing: 'notProcessed' });
		}
		const { transport } = this;
		if (!transport.sendBytes) throw new Error('This Graph connection cannot upload files');
		const headers = { 'Content-Type': 'application/octet-stream', 'Content-Range': contentRange, 'Content-Length': String(bytes.length) };
		const { sendBytes } = transport;
		return await this.withRetry(new RetryState('write'), signal, async () => await sendBytes.call(transport, { method: 'PUT', url, body: bytes, headers }, signal));
	}

	/** Links Graph hands back are followed only on Graph's own origin, so an answer cannot send the token elsewhere. */
	private sameOrigin(url: URL): URL {
		if (url.origin !== this.config.baseUrl.origin) {
			throw new EwsError({
				code: 'UnexpectedLink',
				message: `Graph answered with a link to another host (${url.origin}); it was not followed`,
				processing: 'notProcessed',
			});
		}
		return url;
	}
}
