import type http from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import axios, { type AxiosResponse } from 'axios';
import type { NodeEgressFilter } from 'n8n-workflow';
import { EwsError } from '../errors';
import type { TlsSettings } from '../settings';
import { USER_AGENT } from '../userAgent';
import { createSingleConnectionAgent } from './agent';
import { incomingOf, readAnswer, type HttpAnswer } from './answer';
import { MAX_RESPONSE_BYTES, tooLarge } from './boundedBody';
import { checkEgress } from './egress';


export interface ConnectionOptions {
	url: URL;
	tls: TlsSettings;
	timeoutMs: number;
	/** n8n's outbound-request policy, when the running n8n offers one (http/egress.ts). */
	egress?: NodeEgressFilter;
}

let nextConnectionId = 1;

const NOTHING_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'CERT_HAS_EXPIRED',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_NOT_YET_VALID',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const UNTRUSTED_CERTIFICATE_CODES = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/**
 * What a request that got no HTTP answer means, and whether anything may have reached Exchange: nothing
 * did when the connection failed before the whole request was written (`requestSent` false), since
 * Exchange acts on a request only once it has all of it.
 */
export function networkError(error: { code?: string; message: string }, url: URL, timeoutMs: number, requestSent = true): EwsError {
	const code = error.code ?? 'NetworkError';
	const processing = NOTHING_SENT_CODES.has(code) || !requestSent ? 'notProcessed' : 'unknown';
	const host = url.host;
	if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
		return new EwsError({
			code: 'CertificateNotTrusted',
			message: `The certificate of ${host} is not trusted (${code})`,
			hint: 'If Exchange uses a certificate from an internal CA, paste that CA\'s certificate (PEM) into the credential\'s CA Certificate field. Turning on Ignore SSL Issues works too, but lets anyone in the network path read the password.',
			processing,
		});
	}
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		return new EwsError({
			code: 'CertificateNameMismatch',
			message: `The certificate of ${host} is not valid for this host name`,
			hint: 'Use the host name the certificate was issued for in the EWS URL (e.g. mail.contoso.com rather than the server\'s IP address).',
			processing,
		});
	}
	if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
		return new EwsError({
			code: 'CertificateExpired',
			message: `The certificate of ${host} is expired or not yet valid`,
			hint: 'Ask the Exchange admin to renew the certificate bound to the EWS site in IIS.',
			processing,
		});
	}
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message)) {
		return new EwsError({
			code: 'Timeout',
			message: `Exchange at ${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds`,
			hint:
				processing === 'notProcessed'
					? 'The request had not been sent yet. Check that n8n can reach the server, or raise the credential\'s timeout.'
					: 'The request may or may not have been carried out: check the mailbox before sending again. Raise the credential\'s timeout for large messages.',
			processing,
		});
	}
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
		return new EwsError({
			code: 'ConnectionFailed',
			message: `Could not connect to ${host} (${code})`,
			hint: 'Check the host name and port in the EWS URL, and that n8n can reach the server (firewall, proxy settings HTTPS_PROXY / NO_PROXY).',
			processing,
		});
	}
	if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
		return tooLarge();
	}
	return new EwsError({
		code: 'ConnectionLost',
		message: `The connection to ${host} failed before Exchange answered (${code})`,
		hint:
			processing === 'notProcessed'
				? 'The connection failed before the request was sent, so nothing was carried out.'
				: 'The request may or may not have been carried out: check the mailbox before sending again.',
		processing,
	});
}

/**
 * One keep-alive connection to the EWS endpoint. Axios carries the request (timeouts, size limits,
 * decompression); the dedicated agent keeps it on this connection so that NTLM's connection-bound
 * authentication holds.
 */
export class Connection {
	readonly id = nextConnectionId++;
	private readonly agent: http.Agent;
	/** The socket an authentication handshake succeeded on; NTLM must start over on any other socket. */
	authenticatedSocket?: Socket;
	/** The socket the last answer came on; once the server closes it, this connection has nothing left to reuse. */
	private socket?: Socket;
	lastUsed = Date.now();

	constructor(private readonly options: ConnectionOptions) {
		this.agent = createSingleConnectionAgent(options.url, options.tls, options.egress);
	}

	get isOpen(): boolean {
		return this.socket !== undefined && !this.socket.destroyed;
	}

	get isAuthenticated(): boolean {
		return this.authenticatedSocket !== undefined && !this.authenticatedSocket.destroyed;
	}

	/**
	 * One HTTP exchange under one deadline that covers connecting, sending, the headers and the whole body:
	 * a server that trickles its answer cannot hold the execution longer than the credential's timeout.
	 */
	async post(body: string, headers: Record<string, string>): Promise<HttpAnswer> {
		return await this.send({ method: 'POST', url: this.options.url, body, headers: { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'text/xml', ...headers } });
	}

	/** Any request on this connection's origin (Graph reaches many paths of one host), under the same deadline. */
	async send(request: { method: string; url: URL; body?: string | Buffer; headers: Record<string, string> }): Promise<HttpAnswer> {
		const { timeoutMs, egress } = this.options;
		const { url } = request;
		if (url.origin !== this.options.url.origin) throw new Error(`A connection to ${this.options.url.origin} cannot carry a request to ${url.origin}`);
		if (egress) await checkEgress(egress, url);
		this.lastUsed = Date.now();
		const deadline = new AbortController();
		const timer = setTimeout(() => deadline.abort(), timeoutMs);
		let response: AxiosResponse<string>;
		try {
			response = await axios.request<string>({
				url: url.href,
				method: request.method,
				data: request.body,
				headers: { 'User-Agent': USER_AGENT, ...request.headers },
				httpAgent: this.agent,
				httpsAgent: this.agent,
				// The agent already routes through HTTPS_PROXY when set; axios must not add a second proxy.
				proxy: false,
				signal: deadline.signal,
				maxRedirects: 0,
				maxContentLength: MAX_RESPONSE_BYTES,
				maxBodyLength: Infinity,
				responseType: 'text',
				transformResponse: (data: string) => data,
				validateStatus: () => true,
			});
		} catch (error) {
			const failure = error as { code?: string; message: string; request?: http.ClientRequest };
			// Axios reports our deadline as a cancellation; name it a timeout.
			const cause = deadline.signal.aborted ? { code: 'ETIMEDOUT', message: 'timeout' } : failure;
			throw networkError(cause, url, timeoutMs, failure.request?.writableFinished !== false);
		} finally {
			clearTimeout(timer);
			this.lastUsed = Date.now();
		}
		this.socket = (response.request as http.ClientRequest | undefined)?.socket ?? undefined;
		return await readAnswer({
			status: response.status,
			headers: response.headers,
			body: response.data,
			incoming: incomingOf(response),
			socket: this.socket,
		});
	}

	/** The DER certificate the server presented on this connection, for NTLM channel binding. */
	static peerCertificate(socket: Socket | undefined): Buffer | undefined {
		const tlsSocket = socket as TLSSocket | undefined;
		if (!tlsSocket || typeof tlsSocket.getPeerCertificate !== 'function') return undefined;
		const certificate = tlsSocket.getPeerCertificate(false);
		return certificate && certificate.raw ? certificate.raw : undefined;
	}

	close(): void {
		this.authenticatedSocket = undefined;
		this.socket = undefined;
		this.agent.destroy();
	}
}
