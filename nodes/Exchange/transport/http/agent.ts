import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { TlsSettings } from '../settings';

/**
 * One keep-alive TCP connection. NTLM authenticates a connection, not a request, so each agent holds
 * at most one socket: every request made through it travels over the connection its handshake
 * authenticated, for as long as the server keeps it open.
 */
export function createSingleConnectionAgent(url: URL, tls: TlsSettings): http.Agent {
	const options = {
		keepAlive: true,
		maxSockets: 1,
		maxFreeSockets: 1,
		// A custom CA is trusted in addition to the public roots: setting `ca` alone would replace them.
		ca: tls.caCertificate ? [...rootCertificates, tls.caCertificate] : undefined,
		rejectUnauthorized: tls.rejectUnauthorized,
	};
	// The same environment variables, and the same package, as n8n's own requests use for proxies.
	const proxy = getProxyForUrl(url.href);
	if (url.protocol === 'https:') {
		return proxy ? new HttpsProxyAgent(proxy, options) : new https.Agent(options);
	}
	return proxy ? new HttpProxyAgent(proxy, options) : new http.Agent(options);
}
