import type { HttpAnswer } from '../http/answer';
import type { ConnectionPool } from '../http/connectionPool';
import type { AccessTokenSettings } from './onlineSettings';
import { ewsBlocked, onlineUnauthorized, type TokenSource } from './onlineRefusals';
import type { SoapTransport } from './types';

/**
 * A Bearer token obtained elsewhere (an earlier node, a company identity service), sent as it is: it cannot
 * be renewed here, so an expired or refused token ends in an error that says so.
 */
export class AccessTokenTransport implements SoapTransport {
	constructor(
		private readonly settings: Pick<AccessTokenSettings, 'token'>,
		private readonly pool: ConnectionPool,
		private readonly source: TokenSource = 'accessToken',
		private readonly clientId?: string,
	) {}

	async post(envelope: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpAnswer> {
		const authorization = `Bearer ${this.settings.token}`;
		return await this.pool.use(async (connection) => await connection.post(envelope, { ...headers, Authorization: authorization }), signal);
	}

	forbidden(answer: HttpAnswer) {
		return ewsBlocked(answer, this.clientId);
	}

	unauthorized(answer: HttpAnswer) {
		return onlineUnauthorized(answer, this.source);
	}
}
