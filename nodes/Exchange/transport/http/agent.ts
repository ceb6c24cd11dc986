import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { NodeEgressFilter } from 'n8n-workflow';
import { getProxyForUrl } from 'proxy-from-env';
import type { TlsSettings } from '../settings';
import { LruCache } from './lruCache';

/**
 * https-proxy-agent applies its constructor's TLS options to the proxy connection only; the tunnelled
 * connection to Exchange must check Exchange's certificate against the credential's trust settings too.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
	constructor(
		proxy: string,
		private readonly targetTls: { secureContext?: SecureContext; rejectUnauthorized: boolean },
		lookup?: LookupFunction,
	) {
		super(proxy, { keepAlive: true, maxSockets: 1, maxFreeSockets: 1, ...(lookup && { lookup }) });
	}

	async connect(request: http.ClientRequest, options: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
		return await super.connect(request, { ...options, ...this.targetTls });
	}
}

/** Secure contexts kept for custom CAs: a few per instance in practice; each holds the whole root bundle. */
export const MAX_SECURE_CONTEXTS = 16;

const secureContexts = new LruCache<string, SecureContext>(MAX_SECURE_CONTEXTS);

/**
 * A custom CA is trusted in addition to the public roots (`ca` alone would replace them). The context is
 * built once per CA and shared: as a plain `ca` option the whole root bundle would be reprocessed for
 * every request and every connection. Connections keep the context they were made with after it leaves
 * the cache.
 */
export function secureContextFor(caCertificate: string | undefined): SecureContext | undefined {
	if (!caCertificate) return undefined;
	return secureContexts.getOrCreate(caCertificate, () => createSecureContext({ ca: [...rootCertificates, caCertificate] }));
}

/**
 * One keep-alive TCP connection. NTLM authenticates a connection, not a request, so each agent holds
 * at most one socket: every request made through it travels over the connection its handshake
 * authenticated, for as long as the server keeps it open.
 */
export function createSingleConnectionAgent(url: URL, tls: TlsSettings, egress?: NodeEgressFilter): http.Agent {
	const targetTls = { secureContext: secureContextFor(tls.caCertificate), rejectUnauthorized: tls.rejectUnauthorized };
	// n8n's policy checks the addresses a name resolves to when the socket connects (to the target or the proxy).
	const lookup = egress?.createSecureLookup();
	const options = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1, ...targetTls, ...(lookup && { lookup }) };
	// The same environment variables, and the same package, as n8n's own requests use for proxies.
	const proxy = getProxyForUrl(url.href);
	if (url.protocol === 'https:') {
		return proxy ? new TunnelAgent(proxy, targetTls, lookup) : new https.Agent(options);
	}
	return proxy ? new HttpProxyAgent(proxy, options) : new http.Agent(options);
}
