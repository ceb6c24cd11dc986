import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { operationDescriptions } from './actions/operations';
import { authenticationProperties, credentials } from './authentication';
import { router } from './actions/router';
import { exchangeEwsApiTest } from './methods/credentialTest';
import { searchFolders } from './methods/listSearch';
import { exchangeEwsOAuth2ApiTest } from './methods/oauth2CredentialTest';

export class Exchange implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Exchange (EWS)',
		name: 'exchange',
		icon: { light: 'file:exchange.svg', dark: 'file:exchange.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send and read email, create appointments and make any EWS request on Microsoft Exchange Server through Exchange Web Services (EWS)',
		defaults: { name: 'Microsoft Exchange (EWS)' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials,
		properties: [
			...authenticationProperties,
			...operationDescriptions,
		],
	};

	methods = { credentialTest: { exchangeEwsApiTest, exchangeEwsOAuth2ApiTest }, listSearch: { searchFolders } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
