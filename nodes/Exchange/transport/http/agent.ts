import http from 'node:http';
import https from 'node:https';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { TlsSettings } from '../settings';

/**
 * https-proxy-agent applies its constructor's TLS options to the proxy connection only; the tunnelled
 * connection to Exchange must check Exchange's certificate against the credential's trust settings too.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
	constructor(
		proxy: string,
		private readonly targetTls: { secureContext?: SecureContext; rejectUnauthorized: boolean },
	) {
		super(proxy, { keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
	}

	async connect(request: http.ClientRequest, options: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
		return await super.connect(request, { ...options, ...this.targetTls });
	}
}

const secureContexts = new Map<string, SecureContext>();

/**
 * A custom CA is trusted in addition to the public roots (`ca` alone would replace them). The context is
 * built once per CA and shared: as a plain `ca` option the whole root bundle would be reprocessed for
 * every request and every connection.
 */
function secureContextFor(caCertificate: string | undefined): SecureContext | undefined {
	if (!caCertificate) return undefined;
	let context = secureContexts.get(caCertificate);
	if (!context) {
		context = createSecureContext({ ca: [...rootCertificates, caCertificate] });
		secureContexts.set(caCertificate, context);
	}
	return context;
}

/**
 * One keep-alive TCP connection. NTLM authenticates a connection, not a request, so each agent holds
 * at most one socket: every request made through it travels over the connection its handshake
 * authenticated, for as long as the server keeps it open.
 */
export function createSingleConnectionAgent(url: URL, tls: TlsSettings): http.Agent {
	const targetTls = { secureContext: secureContextFor(tls.caCertificate), rejectUnauthorized: tls.rejectUnauthorized };
	const options = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1, ...targetTls };
	// The same environment variables, and the same package, as n8n's own requests use for proxies.
	const proxy = getProxyForUrl(url.href);
	if (url.protocol === 'https:') {
		return proxy ? new TunnelAgent(proxy, targetTls) : new https.Agent(options);
	}
	return proxy ? new HttpProxyAgent(proxy, options) : new http.Agent(options);
}
