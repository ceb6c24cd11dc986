import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { operationDescriptions } from './actions/operations';
import { router } from './actions/router';
import { exchangeEwsApiTest } from './methods/credentialTest';

export class Exchange implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Exchange (EWS)',
		name: 'exchange',
		icon: { light: 'file:exchange.svg', dark: 'file:exchange.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send email and create appointments on Microsoft Exchange Server through Exchange Web Services (EWS)',
		defaults: { name: 'Microsoft Exchange (EWS)' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{
				name: 'exchangeEwsApi',
				required: true,
				testedBy: 'exchangeEwsApiTest',
				displayOptions: { show: { authentication: ['onPremises'] } },
			},
		],
		properties: [
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
				],
				default: 'onPremises',
			},
			...operationDescriptions,
		],
	};

	methods = { credentialTest: { exchangeEwsApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
