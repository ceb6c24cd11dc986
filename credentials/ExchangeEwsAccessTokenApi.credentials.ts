import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { apiProperties, graphUrlProperty } from './onlineApi';

/**
 * An access token obtained elsewhere: an earlier HTTP Request node, a company identity service. The node
 * sends it as it is and cannot renew it.
 */
export class ExchangeEwsAccessTokenApi implements ICredentialType {
	name = 'exchangeEwsAccessTokenApi';

	displayName = 'Microsoft Exchange (EWS) Access Token API';

	documentationUrl = 'https://learn.microsoft.com/en-us/exchange/client-developer/exchange-web-services/how-to-authenticate-an-ews-application-by-using-oauth';

	icon = { light: 'file:../nodes/Exchange/exchange.svg', dark: 'file:../nodes/Exchange/exchange.dark.svg' } as const;

	properties: INodeProperties[] = [
		...apiProperties,
		{
			displayName: 'EWS URL',
			name: 'url',
			type: 'string',
			default: 'https://outlook.office365.com/EWS/Exchange.asmx',
			required: true,
			description: 'The EWS endpoint the token is for',
			displayOptions: { show: { api: ['ews'] } },
		},
		graphUrlProperty,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A Microsoft Entra access token: for EWS with scope https://outlook.office365.com/EWS.AccessAsUser.All (or /.default with full_access_as_app); for Microsoft Graph with scope https://graph.microsoft.com/.default or the Graph permissions the README lists. Leave empty to pass it in the node\'s Access Token parameter instead.',
		},
	];
}
