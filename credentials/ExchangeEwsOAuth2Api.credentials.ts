import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { apiProperties, graphUrlProperty } from './onlineApi';
import { GRAPH_DELEGATED_PERMISSIONS } from '../nodes/Exchange/transport/graph/permissions';

// The origin (scheme and host) of a URL field, in n8n's expression language: scopes and endpoints derive from it.
const originOf = (field: string) => `$self["${field}"].trim().split("/").slice(0, 3).join("/")`;

// The scope for one API: app-only asks for the resource's /.default, a signed-in user for each permission by name.
const scopeOf = (field: string, delegated: string[]) =>
	`($self["grantType"] === "clientCredentials" ? ${originOf(field)} + "/.default" : "openid offline_access " + ${delegated.map((permission) => `${originOf(field)} + "/${permission}"`).join(' + " " + ')})`;

/**
 * Exchange Online (and hybrid Exchange with modern authentication) through Microsoft Entra ID. Extends n8n's
 * Microsoft OAuth2 credential, so n8n signs the user in, stores and renews the tokens. The authorize and token
 * URLs derive from Login Host and Tenant ID, the scopes from the EWS URL's host, so sovereign clouds and
 * hybrid endpoints work unchanged. Fields of the parent that differ between n8n 1.x and 2.x are only ever
 * overridden with types both lines accept.
 */
export class ExchangeEwsOAuth2Api implements ICredentialType {
	name = 'exchangeEwsOAuth2Api';

	extends = ['microsoftOAuth2Api'];

	displayName = 'Microsoft Exchange (EWS) OAuth2 API';

	documentationUrl = 'https://learn.microsoft.com/en-us/exchange/client-developer/exchange-web-services/how-to-authenticate-an-ews-application-by-using-oauth';

	icon = { light: 'file:../nodes/Exchange/exchange.svg', dark: 'file:../nodes/Exchange/exchange.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code (Delegated)',
					value: 'authorizationCode',
					description: 'A user signs in; the node acts as that user (permission EWS.AccessAsUser.All)',
				},
				{
					name: 'Client Credentials (App-Only)',
					value: 'clientCredentials',
					description: 'No user; the app acts as the mailbox each node names (permission full_access_as_app)',
				},
			],
			default: 'authorizationCode',
		},
		...apiProperties,
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: 'common',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000 or contoso.onmicrosoft.com',
			description:
				'The Directory (tenant) ID from the app registration\'s overview, or a verified domain. "common" lets users of any tenant sign in (delegated only); app-only access needs the tenant\'s own ID.',
		},
		{
			displayName: 'EWS URL',
			name: 'url',
			type: 'string',
			default: 'https://outlook.office365.com/EWS/Exchange.asmx',
			required: true,
			description: 'The EWS endpoint. The token\'s scope is made for its host. Change it only for sovereign clouds or hybrid Exchange servers.',
			displayOptions: { show: { api: ['ews'] } },
		},
		graphUrlProperty,
		{
			displayName: 'Login Host',
			name: 'loginHost',
			type: 'string',
			default: 'https://login.microsoftonline.com',
			description:
				'Microsoft Entra sign-in host: https://login.microsoftonline.us for US Government, https://login.partner.microsoftonline.cn for China',
		},
		{
			displayName: 'Test Mailbox',
			name: 'testMailbox',
			type: 'string',
			default: '',
			placeholder: 'alice@contoso.com',
			description: 'A mailbox the credential test opens through impersonation, to prove the app\'s access (app-only has no mailbox of its own)',
			displayOptions: { show: { grantType: ['clientCredentials'] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${originOf('loginHost')} + "/" + $self["tenantId"].trim() + "/oauth2/v2.0/authorize" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${originOf('loginHost')} + "/" + $self["tenantId"].trim() + "/oauth2/v2.0/token" }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: `={{ $self["api"] === "graph" ? ${scopeOf('graphUrl', GRAPH_DELEGATED_PERMISSIONS)} : ${scopeOf('url', ['EWS.AccessAsUser.All'])} }}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'response_mode=query&prompt=select_account',
		},
		{
			displayName: 'Microsoft Graph API Base URL',
			name: 'graphApiBaseUrl',
			type: 'hidden',
			default: 'https://graph.microsoft.com',
		},
	];
}
