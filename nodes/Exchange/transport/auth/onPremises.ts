import { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';
import type { ConnectionPool } from '../http/connectionPool';
import { splitNtlmUser } from '../ntlm/messages';
import type { OnPremisesSettings } from '../settings';
import { basicAuthorization, basicUnauthorized } from './basic';
import { ntlmUnauthorized, postWithNtlm } from './ntlm';
import type { SoapTransport } from './types';
import { ALLOW_LIST_COMMANDS, userAgentRefusal } from './userAgentPolicy';

/** The on-premises service account: NTLM or Basic, over the pooled keep-alive connections. */
export class OnPremisesTransport implements SoapTransport {
	constructor(
		private readonly settings: OnPremisesSettings,
		private readonly pool: ConnectionPool,
	) {}

	async post(envelope: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpAnswer> {
		const { settings } = this;
		if (settings.scheme === 'basic') {
			const authorization = basicAuthorization(settings.username, settings.password);
			return await this.pool.use(async (connection) => await connection.post(envelope, { ...headers, Authorization: authorization }), signal);
		}
		const { username, domain } = splitNtlmUser(settings.username, settings.domain);
		const credentials = { username, domain, password: settings.password };
		return await this.pool.use(async (connection) => await postWithNtlm(connection, envelope, headers, credentials), signal);
	}

	forbidden(answer: HttpAnswer) {
		return userAgentRefusal(answer) ?? new EwsError({
			code: 'Forbidden',
			message: 'Exchange refused access to EWS (HTTP 403)',
			hint: `EWS may be disabled for this account (Set-CASMailbox -EwsEnabled $true) or the application blocked by an EWS access policy (EwsApplicationAccessPolicy; to admit this node: ${ALLOW_LIST_COMMANDS}), or the site requires a client certificate or SSL settings the request does not meet.`,
			httpStatus: answer.status,
			processing: 'notProcessed',
		});
	}

	unauthorized(answer: HttpAnswer) {
		return this.settings.scheme === 'basic'
			? basicUnauthorized(answer)
			: ntlmUnauthorized(answer, this.settings.url.protocol === 'https:');
	}
}
