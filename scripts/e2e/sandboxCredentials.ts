import { readFileSync } from 'fs';
import * as path from 'path';
import { CredentialFile } from './n8nInstance';
import { REPO_ROOT } from './packageTarball';

/**
 * Credentials pointing at the EWS sandbox, with the ids the example workflows reference. The passwords are
 * the sandbox's test fixtures (printed by `npm run sandbox`), not secrets.
 */

export const NTLM_CREDENTIAL_ID = 'ExchSandboxNtlm1';
export const BASIC_CREDENTIAL_ID = 'ExchSandboxBasic';

export function sandboxCredentials(httpsUrl: string): CredentialFile[] {
	// The sandbox's certificate comes from its own CA: trusted through the credential, TLS checks stay on.
	const caCertificate = readFileSync(path.join(REPO_ROOT, 'sandbox', 'certs', 'ca.pem'), 'utf8');
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
	];
}
