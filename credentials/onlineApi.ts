import type { INodeProperties } from 'n8n-workflow';

/**
 * The API field of the Exchange Online credentials. EWS stays the default: n8n gives credentials saved before
 * the field its default, and they must keep working as they did. The same workflow moves to Graph by this
 * field alone: the node's parameters and output are the same over both.
 */
export const apiProperties: INodeProperties[] = [
	{
		displayName: 'API',
		name: 'api',
		type: 'options',
		options: [
			{ name: 'EWS', value: 'ews', description: 'Exchange Web Services: on-premises and hybrid servers, and Exchange Online until April 1, 2027' },
			{ name: 'Microsoft Graph', value: 'graph', description: 'Exchange Online after EWS: the same operations through Microsoft Graph' },
		],
		default: 'ews',
	},
	{
		displayName:
			'Microsoft switches EWS off in Exchange Online on April 1, 2027 (and blocks it since October 1, 2026 unless the tenant allows the app). Choose Microsoft Graph for Exchange Online mailboxes; the app registration needs Microsoft Graph permissions instead of Exchange ones (see the README). Ids differ between the APIs: read items again after switching.',
		name: 'graphNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { api: ['ews'] } },
	},
];

export const graphUrlProperty: INodeProperties = {
	displayName: 'Graph URL',
	name: 'graphUrl',
	type: 'string',
	default: 'https://graph.microsoft.com',
	required: true,
	description:
		'Microsoft Graph\'s host. The token\'s scope is made for it. Change it only for national clouds, e.g. https://graph.microsoft.us or https://microsoftgraph.chinacloudapi.cn.',
	displayOptions: { show: { api: ['graph'] } },
};
