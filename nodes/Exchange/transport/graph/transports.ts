import type { OAuth2Transport } from '../auth/oauth2';
import type { HttpAnswer } from '../http/answer';
import type { ConnectionPool } from '../http/connectionPool';
import type { GraphTransport } from './graphClient';

type GraphHttpRequest = Parameters<GraphTransport['send']>[0];

/** Graph through n8n's OAuth2 helper: the same token handling, renewal and outbound policy as the node's EWS requests. */
export class OAuth2GraphTransport implements GraphTransport {
	constructor(private readonly oAuth2: OAuth2Transport) {}

	async send(request: GraphHttpRequest): Promise<HttpAnswer> {
		return await this.oAuth2.exchange({ method: request.method as 'GET', url: request.url.href, body: request.body, headers: request.headers }, request.url);
	}
}

/** A Bearer token given by the user, on the node's own connections to Graph's host. */
export class AccessTokenGraphTransport implements GraphTransport {
	constructor(
		private readonly token: string,
		private readonly pool: ConnectionPool,
	) {}

	async send(request: GraphHttpRequest, signal?: AbortSignal): Promise<HttpAnswer> {
		const headers = { ...request.headers, Authorization: `Bearer ${this.token}` };
		return await this.pool.use(async (connection) => await connection.send({ ...request, headers }), signal);
	}
}
