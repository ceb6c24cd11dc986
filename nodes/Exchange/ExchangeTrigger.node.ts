import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { authenticationProperties, credentials } from './authentication';
import { exchangeEwsApiTest } from './methods/credentialTest';
import { searchFolders } from './methods/listSearch';
import { exchangeEwsOAuth2ApiTest } from './methods/oauth2CredentialTest';
import { triggerProperties } from './trigger/description';
import { pollTrigger } from './trigger/poll';

export class ExchangeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Exchange (EWS) Trigger',
		name: 'exchangeTrigger',
		icon: { light: 'file:exchange.svg', dark: 'file:exchange.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when mail arrives or the calendar changes in a Microsoft Exchange mailbox, each item exactly once',
		defaults: { name: 'Microsoft Exchange (EWS) Trigger' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials,
		properties: [...authenticationProperties, ...triggerProperties],
	};

	methods = { credentialTest: { exchangeEwsApiTest, exchangeEwsOAuth2ApiTest }, listSearch: { searchFolders } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger(this);
	}
}
