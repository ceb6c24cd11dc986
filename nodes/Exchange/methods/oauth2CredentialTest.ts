import type { ICredentialsDecrypted, ICredentialTestFunctions, IHttpRequestOptions, INodeCredentialTestResult } from 'n8n-workflow';
import { buildGetFolder } from '../ews/getFolder';
import { OAuth2Transport, type HelperRequest } from '../transport/auth/oauth2';
import { requestAppOnlyToken } from '../transport/auth/oauthClientCredentials';
import { ONLINE_VERSION, readOAuth2Settings } from '../transport/auth/onlineSettings';
import { EwsClient } from '../transport/ewsClient';
import { GraphClient } from '../transport/graph/graphClient';
import { OAuth2GraphTransport } from '../transport/graph/transports';
import { responseMessageError } from '../transport/responses';
import { failure } from './credentialTest';

/**
 * The credential test's context offers no OAuth2 helper, only n8n's plain HTTP helper (`helpers.request`, the
 * same HTTP stack and outbound-request policy under n8n's OAuth2 helper): requests the node would send through
 * the OAuth2 helper go through it, with every answer returned whatever its status, as a stream.
 */
function plainRequest(helpers: ICredentialTestFunctions['helpers'], rejectUnauthorized: boolean, token?: string): HelperRequest {
	return async (request: IHttpRequestOptions) =>
		await helpers.request({
			method: request.method,
			uri: request.url,
			body: request.body,
			headers: token ? { ...request.headers, Authorization: `Bearer ${token}` } : request.headers,
			json: false,
			resolveWithFullResponse: true,
			simple: false,
			useStream: request.encoding === 'stream',
			followRedirect: request.disableFollowRedirect !== true,
			timeout: request.timeout,
			rejectUnauthorized,
		});
}

/**
 * n8n tests an OAuth2 credential only for client credentials (a delegated one is proved by Connect): this gets
 * an app-only token from the tenant and makes a real call with it through the same OAuth2 transport as the
 * node's runs: over EWS a GetFolder of the test mailbox's root through impersonation, over Microsoft Graph
 * a read of the test mailbox's Inbox (which needs Mail.ReadWrite, like the node's operations).
 */
export async function exchangeEwsOAuth2ApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		const settings = readOAuth2Settings(data);
		if (!settings.appOnly) {
			return { status: 'Error', message: 'Delegated access is tested by signing in: click Connect, then run the node' };
		}
		const mailbox = typeof data.testMailbox === 'string' ? data.testMailbox.trim() : '';
		if (!mailbox) return { status: 'Error', message: 'Enter a Test Mailbox: app-only access has no mailbox of its own to open' };
		const rejectUnauthorized = data.ignoreSSLIssues !== true;
		const token = await requestAppOnlyToken(data, settings.timeoutMs, plainRequest(this.helpers, rejectUnauthorized));
		const transport = new OAuth2Transport(plainRequest(this.helpers, rejectUnauthorized, token), settings);
		if (settings.api === 'graph') {
			const graph = new GraphClient(new OAuth2GraphTransport(transport), { baseUrl: settings.graphUrl, appOnly: true, maxConcurrency: 1 });
			await graph.request({ method: 'GET', path: '/mailFolders/inbox', query: { $select: 'id' } }, mailbox);
			return { status: 'OK', message: `Connected to Microsoft Graph as the app, with access to ${mailbox}` };
		}
		const client = new EwsClient(transport, {
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
	}
}
