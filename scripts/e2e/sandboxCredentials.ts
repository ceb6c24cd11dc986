import { readFileSync } from 'fs';
import * as path from 'path';
import { SANDBOX_APPS, SANDBOX_TENANT_ID } from '../../sandbox/oauthApps';
import { CredentialFile } from './n8nInstance';
import { REPO_ROOT } from './packageTarball';

/**
 * Credentials pointing at the EWS sandbox, with the ids the example workflows reference. The passwords are
 * the sandbox's test fixtures (printed by `npm run sandbox`), not secrets.
 */

export const NTLM_CREDENTIAL_ID = 'ExchSandboxNtlm1';
export const BASIC_CREDENTIAL_ID = 'ExchSandboxBasic';
export const APP_ONLY_CREDENTIAL_ID = 'ExchOnlineAppOnly';
export const GRAPH_CREDENTIAL_ID = 'ExchOnlineGraph01';

/** The sandbox CA: n8n trusts it through NODE_EXTRA_CA_CERTS, as it trusts Microsoft's public CAs. */
export const SANDBOX_CA_FILE = path.join(REPO_ROOT, 'sandbox', 'certs', 'ca.pem');

export function sandboxCredentials(httpsUrl: string, graphHttpsUrl: string): CredentialFile[] {
	// The sandbox's certificate comes from its own CA: trusted through the credential, TLS checks stay on.
	const caCertificate = readFileSync(SANDBOX_CA_FILE, 'utf8');
	const appOnly = SANDBOX_APPS.find((app) => app.applicationPermissions.length > 0);
	if (!appOnly) throw new Error('The sandbox tenant has no app-only app registration');
	const common = { url: httpsUrl, version: 'Exchange2016', caCertificate, ignoreSSLIssues: false, timeout: 30 };
	return [
		{
			id: NTLM_CREDENTIAL_ID,
			name: 'Exchange sandbox (NTLM, impersonation)',
			type: 'exchangeEwsApi',
			data: {
				...common,
				authentication: 'ntlm',
				username: 'svc-n8n',
				password: 'S3rvice!Pass',
				domain: 'CONTOSO',
				impersonation: true,
				testMailbox: 'alice@contoso.com',
			},
		},
		{
			id: BASIC_CREDENTIAL_ID,
			name: 'Exchange sandbox (Basic, alice)',
			type: 'exchangeEwsApi',
			data: {
				...common,
				authentication: 'basic',
				username: 'alice@contoso.com',
				password: 'Al1ce!Pass',
				domain: '',
				impersonation: false,
				testMailbox: '',
			},
		},
		{
			// Exchange Online's way in: the sandbox's Microsoft identity platform look-alike signs the app in.
			id: APP_ONLY_CREDENTIAL_ID,
			name: 'Exchange Online sandbox (OAuth2, app-only)',
			type: 'exchangeEwsOAuth2Api',
			data: {
				grantType: 'clientCredentials',
				tenantId: SANDBOX_TENANT_ID,
				url: httpsUrl,
				loginHost: new URL(httpsUrl).origin,
				clientId: appOnly.clientId,
				clientSecret: appOnly.clientSecret,
				testMailbox: 'alice@contoso.com',
			},
		},
		{
			// The same app over Microsoft Graph: Exchange Online after EWS.
			id: GRAPH_CREDENTIAL_ID,
			name: 'Exchange Online sandbox (Microsoft Graph, app-only)',
			type: 'exchangeEwsOAuth2Api',
			data: {
				grantType: 'clientCredentials',
				api: 'graph',
				graphUrl: graphHttpsUrl,
				tenantId: SANDBOX_TENANT_ID,
				loginHost: new URL(httpsUrl).origin,
				clientId: appOnly.clientId,
				clientSecret: appOnly.clientSecret,
				testMailbox: 'alice@contoso.com',
			},
		},
	];
}
