import type { OAuth2Transport, HelperRequest } from '../auth/oauth2';
import { n8nNetworkError } from '../auth/oauth2';
import type { HttpAnswer } from '../http/answer';
import { readN8nResponse } from '../http/answer';
import { Connection, type ConnectionOptions } from '../http/connection';
import type { ConnectionPool } from '../http/connectionPool';
import { USER_AGENT } from '../userAgent';
import type { GraphTransport } from './graphClient';

type GraphHttpRequest = Parameters<GraphTransport['send']>[0];
type GraphBytesRequest = Parameters<NonNullable<GraphTransport['sendBytes']>>[0];

/** Graph through n8n's OAuth2 helper: the same token handling, renewal and outbound policy as the node's EWS requests. */
export class OAuth2GraphTransport implements GraphTransport {
	constructor(
		private readonly oAuth2: OAuth2Transport,
		/** n8n's plain HTTP helper, for the pre-authenticated upload URLs that must not get the token. */
		private readonly uploads?: { request: HelperRequest; timeoutMs: number },
	) {}

	async send(request: GraphHttpRequest): Promise<HttpAnswer> {
		return await this.oAuth2.exchange({ method: request.method as 'GET', url: request.url.href, body: request.body, headers: request.headers }, request.url);
	}

	async sendBytes(request: GraphBytesRequest): Promise<HttpAnswer> {
		const { uploads } = this;
		if (!uploads) throw new Error('No HTTP helper for uploads was given');
		try {
			return await readN8nResponse(
				await uploads.request({
					method: request.method,
					url: request.url.href,
					body: request.body,
					headers: { 'User-Agent': USER_AGENT, ...request.headers },
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					json: false,
					encoding: 'stream',
					disableFollowRedirect: true,
					timeout: uploads.timeoutMs,
				}),
			);
		} catch (error) {
			throw n8nNetworkError(error, request.url, uploads.timeoutMs);
		}
	}
}

/** A Bearer token given by the user, on the node's own connections to Graph's host. */
export class AccessTokenGraphTransport implements GraphTransport {
	constructor(
		private readonly token: string,
		private readonly pool: ConnectionPool,
		/** TLS, timeout and outbound policy for a connection of its own to an upload URL's host. */
		private readonly uploads: Omit<ConnectionOptions, 'url'>,
	) {}

	async send(request: GraphHttpRequest, signal?: AbortSignal): Promise<HttpAnswer> {
		const headers = { ...request.headers, Authorization: `Bearer ${this.token}` };
		return await this.pool.use(async (connection) => await connection.send({ ...request, headers }), signal);
	}

	/** No token: the upload URL carries its own, and may be on another host than Graph's. */
	async sendBytes(request: GraphBytesRequest): Promise<HttpAnswer> {
		const connection = new Connection({ ...this.uploads, url: request.url });
		try {
			return await connection.send(request);
		} finally {
			connection.close();
		}
	}
}
