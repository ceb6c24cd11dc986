import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { buildGetFolder } from '../ews/getFolder';
import { AccessTokenTransport } from '../transport/auth/accessToken';
import { requestAppOnlyToken } from '../transport/auth/oauthClientCredentials';
import { ONLINE_VERSION, readOAuth2Settings } from '../transport/auth/onlineSettings';
import { EwsClient } from '../transport/ewsClient';
import { ConnectionPool } from '../transport/http/connectionPool';
import { egressFilterOf } from '../transport/http/egress';
import { responseMessageError } from '../transport/responses';
import { failure } from './credentialTest';

/**
 * n8n tests an OAuth2 credential only for client credentials (a delegated one is proved by Connect): this gets
 * an app-only token from the tenant and makes a real EWS call with it, a GetFolder of the test mailbox's root
 * through impersonation, as the node's requests are made.
 */
export async function exchangeEwsOAuth2ApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let pool: ConnectionPool | undefined;
	try {
		const settings = readOAuth2Settings(data);
		if (!settings.appOnly) {
			return { status: 'Error', message: 'Delegated access is tested by signing in: click Connect, then run the node' };
		}
		const mailbox = typeof data.testMailbox === 'string' ? data.testMailbox.trim() : '';
		if (!mailbox) return { status: 'Error', message: 'Enter a Test Mailbox: app-only access has no mailbox of its own to open' };
		// n8n 2.x's credential test context offers no outbound-request policy; one that does is applied.
		const egress = egressFilterOf(this.helpers);
		const token = await requestAppOnlyToken(data, settings.timeoutMs, egress);
		pool = new ConnectionPool(
			{ url: settings.url, tls: { rejectUnauthorized: data.ignoreSSLIssues !== true }, timeoutMs: settings.timeoutMs, egress },
			1,
		);
		const client = new EwsClient(new AccessTokenTransport({ token }, pool, 'oAuth2', settings.clientId), {
			version: ONLINE_VERSION,
			impersonation: true,
			mailboxRequired: true,
			maxConcurrency: 1,
		});
		const answer = await client.call(buildGetFolder('msgfolderroot'), { mailbox });
		const failed = answer.messages.find((message) => message.responseClass === 'Error');
		if (failed) return failure(responseMessageError(failed));
		return { status: 'OK', message: `Connected to Exchange as the app, impersonating ${mailbox}` };
	} catch (error) {
		return failure(error);
	} finally {
		pool?.close();
	}
}
