import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** The credentials and the authentication parameters the Exchange node and its trigger share. */

export const credentials: INodeCredentialDescription[] = [
	{
		name: 'exchangeEwsApi',
		required: true,
		testedBy: 'exchangeEwsApiTest',
		displayOptions: { show: { authentication: ['onPremises'] } },
	},
	{
		name: 'exchangeEwsOAuth2Api',
		required: true,
		testedBy: 'exchangeEwsOAuth2ApiTest',
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		name: 'exchangeEwsAccessTokenApi',
		required: true,
		displayOptions: { show: { authentication: ['accessToken'] } },
	},
];

export const authenticationProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'On-Premises Service Account',
				value: 'onPremises',
				description: 'Exchange Server 2013 to Subscription Edition, with NTLM or Basic',
			},
			{
				name: 'OAuth2 (Exchange Online)',
				value: 'oAuth2',
				description: 'Microsoft Entra ID sign-in, delegated or app-only; also hybrid Exchange with modern authentication',
			},
			{
				name: 'Access Token',
				value: 'accessToken',
				description: 'A token obtained elsewhere, e.g. by an earlier HTTP Request node',
			},
		],
		default: 'onPremises',
	},
	{
		displayName:
			'Microsoft blocks EWS in Exchange Online since October 1, 2026 unless the tenant allows this app, and shuts it down on April 1, 2027. Set the credential\'s API to Microsoft Graph for Exchange Online: the operations, parameters and output stay the same. Exchange Server on-premises keeps EWS.',
		name: 'ewsRetirementNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['oAuth2', 'accessToken'] } },
	},
	{
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: '={{ $json.access_token }}',
		description:
			'Replaces the credential\'s token when set, e.g. an expression reading the token an earlier node fetched. Read once per run, from the first item.',
		displayOptions: { show: { authentication: ['accessToken'] } },
	},
];
