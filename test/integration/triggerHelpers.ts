import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { ExchangeTrigger } from '../../nodes/Exchange/ExchangeTrigger.node';
import type { Sandbox } from '../../sandbox/server';
import type { StoredMessage } from '../../sandbox/store';
import type { ExchangeTestEnvironment } from '../helpers/exchangeWorkflow';
import { Poller } from '../helpers/pollRunner';

/** The trigger against the sandbox: a Poller over the service account's mailbox, and mail from outside. */

export const TRIGGER_TYPE = 'n8n-nodes-exchange-ews.exchangeTrigger';
export const MAILBOX = 'svc-n8n@contoso.com';
const CREDENTIAL_ID = 'exchange-credential';

export function triggerPoller(env: ExchangeTestEnvironment, parameters: INodeParameters): Poller {
	return new Poller({
		node: {
			id: 'trigger-node',
			name: 'Exchange Trigger',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { authentication: 'onPremises', ...parameters },
			credentials: { exchangeEwsApi: { id: CREDENTIAL_ID, name: 'Exchange sandbox' } },
		},
		nodeType: new ExchangeTrigger(),
		credentialTypes: [new ExchangeEwsApi()],
		credentials: { [CREDENTIAL_ID]: { type: 'exchangeEwsApi', data: env.credentialData() } },
	});
}

let counter = 0;

/** A message from outside into the mailbox's Inbox. */
export function deliver(sandbox: Sandbox, subject = `Message ${++counter}`, extra: { receivedAt?: Date; from?: string; attachment?: Buffer; categories?: string[] } = {}): StoredMessage {
	const [message] = sandbox.store.deliverIncoming({
		from: { address: extra.from ?? 'dana@fabrikam.example', name: 'Dana' },
		toRecipients: [{ address: MAILBOX }],
		subject,
		body: { type: 'Text', text: `Body of ${subject}` },
		receivedAt: extra.receivedAt,
		categories: extra.categories,
		attachments: extra.attachment && [{ name: 'data.bin', contentType: 'application/octet-stream', isInline: false, content: extra.attachment }],
	});
	return message;
}

export function subjects(items: INodeExecutionData[] | null): string[] {
	return (items ?? []).map((item) => String(item.json.subject));
}

/** Polls until one poll has nothing to emit; answers every item emitted meanwhile. */
export async function pollUntilQuiet(poller: Poller, limit = 10): Promise<INodeExecutionData[]> {
	const all: INodeExecutionData[] = [];
	for (let round = 0; round < limit; round++) {
		const { items } = await poller.poll();
		if (!items) return all;
		all.push(...items);
	}
	throw new Error(`still emitting after ${limit} polls`);
}

export function operationsSince(sandbox: Sandbox, from: number): string[] {
	return sandbox.requests.slice(from).flatMap((request) => (request.operation ? [request.operation] : []));
}

/**
 * Injected request faults answer before the sandbox validates the schema: their log entries are checked here
 * (one per fault, for the operation named) and taken out of the log the schema check reads after each test.
 */
export function takeInjectedFaults(sandbox: Sandbox, code: string): string[] {
	const injected = sandbox.requests.filter((request) => request.faultCode === code && request.schema === undefined);
	for (const entry of injected) sandbox.requests.splice(sandbox.requests.indexOf(entry), 1);
	return injected.map((entry) => entry.operation ?? '');
}
