import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { DEFAULT_EXCHANGE_VERSION, DEFAULT_TIMEOUT_SECONDS } from '../nodes/Exchange/transport/defaults';

/**
 * An on-premises Exchange service account. Its test is a method on the node (`exchangeEwsApiTest`):
 * NTLM cannot be expressed as a declarative test request.
 */
export class ExchangeEwsApi implements ICredentialType {
	name = 'exchangeEwsApi';

	displayName = 'Microsoft Exchange (EWS) On-Premises API';

	documentationUrl = 'https://learn.microsoft.com/en-us/exchange/client-developer/exchange-web-services/start-using-web-services-in-exchange';

	icon = { light: 'file:../nodes/Exchange/exchange.svg', dark: 'file:../nodes/Exchange/exchange.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'EWS URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://mail.contoso.com/EWS/Exchange.asmx',
			description: 'The Exchange Web Services endpoint, usually https://<your Exchange host>/EWS/Exchange.asmx',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'NTLM', value: 'ntlm', description: 'Windows authentication (NTLMv2), the Exchange default' },
				{ name: 'Basic', value: 'basic', description: 'User name and password in each request; use only over HTTPS' },
			],
			default: 'ntlm',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'svc-n8n@contoso.com or CONTOSO\\svc-n8n',
			description: 'The service account: its UPN, e-mail address or DOMAIN\\user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The service account\'s password',
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			default: '',
			placeholder: 'CONTOSO',
			description: 'The Windows domain for NTLM, when the username does not name it (leave empty for a UPN)',
			displayOptions: { show: { authentication: ['ntlm'] } },
		},
		{
			displayName: 'Exchange Version',
			name: 'version',
			type: 'options',
			options: [
				{ name: 'Exchange 2010 SP2', value: 'Exchange2010_SP2' },
				{ name: 'Exchange 2013', value: 'Exchange2013' },
				{ name: 'Exchange 2013 SP1 or Later', value: 'Exchange2013_SP1' },
				{ name: 'Exchange 2016, 2019 or Subscription Edition', value: 'Exchange2016' },
			],
			default: DEFAULT_EXCHANGE_VERSION,
			description: 'The schema version requests ask for. Exchange 2019 and Subscription Edition take Exchange 2016.',
		},
		{
			displayName: 'Impersonation',
			name: 'impersonation',
			type: 'boolean',
			default: false,
			description:
				'Whether to act as other mailboxes through EWS impersonation (the account needs the ApplicationImpersonation role). Off: other mailboxes are opened as a delegate.',
		},
		{
			displayName: 'Test Mailbox',
			name: 'testMailbox',
			type: 'string',
			default: '',
			placeholder: 'alice@contoso.com',
			description: 'A mailbox the credential test opens, to prove the impersonation right (or delegate access); leave empty to test the account\'s own mailbox',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if the server\'s certificate cannot be verified. Prefer adding your CA certificate below.',
		},
		{
			displayName: 'CA Certificate',
			name: 'caCertificate',
			type: 'string',
			typeOptions: { rows: 4, password: false },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description: 'PEM of the internal CA that issued the Exchange certificate, trusted in addition to the public CAs',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait for Exchange to answer one request',
		},
	];
}
