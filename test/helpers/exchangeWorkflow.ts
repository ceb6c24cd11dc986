import { Container } from '@n8n/di';
import { BinaryDataService, FileLocation, TEMP_EXECUTION_ID } from 'n8n-core';
import type { IBinaryData, ICredentialDataDecryptedObject, INode, INodeExecutionData, INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { childObject, parseXml, type XmlObject } from './xmlObjects';
import type { RequestLogEntry } from '../../sandbox/requestLog';
import { expectAllRequestsSchemaValid } from './schema';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { listSearch, prepareBinaryData, runWorkflow, type WorkflowRun } from './workflowRunner';

/** The type name a community install of this package gives the node. */
export const EXCHANGE_NODE_TYPE = 'n8n-nodes-exchange-ews.exchange';
export const NODE_NAME = 'Exchange';
const CREDENTIAL_ID = 'exchange-credential';

export const SERVICE_ACCOUNT = { username: 'svc-n8n@contoso.com', password: 'S3rvice!Pass' };

export interface ExchangeRunOptions {
	/** The node's parameters; `authentication` is added. */
	parameters: INodeParameters;
	/** Overrides of the credential's fields (NTLM over HTTPS as the service account by default). */
	credential?: ICredentialDataDecryptedObject;
	/** Items pinned on the trigger; one empty item when absent. */
	items?: INodeExecutionData[];
	timezone?: string;
	/** Node settings such as `onError`. */
	settings?: Partial<INode>;
	/** Cancels the run when it aborts (Stop in the editor, the workflow timeout). */
	cancel?: AbortSignal;
}

export interface ExchangeTestEnvironment {
	readonly sandbox: Sandbox;
	/** Runs trigger → Exchange node through n8n's engine against the sandbox. */
	run(options: ExchangeRunOptions): Promise<WorkflowRun>;
	/** Calls the node's list search (a resource locator's picker) as the editor does, with the node's parameters. */
	listSearch(options: {
		method: string;
		parameter: string;
		parameters: INodeParameters;
		credential?: ICredentialDataDecryptedObject;
		filter?: string;
	}): Promise<INodeListSearchResult>;
	/** CreateItem requests the sandbox received since the test began. */
	createItemRequests(): RequestLogEntry[];
}

/**
 * One sandbox per test file, with Extended Protection on as hardened Exchange 2019 runs it. Each test starts
 * from empty mailboxes, logs and faults, and ends by checking that every request the sandbox processed passed
 * schema validation: a request the schema refuses would fail on a real Exchange too.
 */
export function useExchangeSandbox(): ExchangeTestEnvironment {
	let sandbox: Sandbox | undefined;

	beforeAll(async () => {
		sandbox = await startSandbox({ extendedProtection: true, log: () => undefined });
	});

	afterAll(async () => {
		await sandbox?.close();
	});

	beforeEach(() => {
		const current = environment.sandbox;
		current.store.reset();
		current.faults.clear();
		current.requests.length = 0;
		current.setOptions({ extendedProtection: true });
	});

	afterEach(() => {
		expectAllRequestsSchemaValid(environment.sandbox.requests);
	});

	const credentialData = (overrides?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject => ({
		url: environment.sandbox.httpsUrl,
		authentication: 'ntlm',
		...SERVICE_ACCOUNT,
		domain: '',
		version: 'Exchange2016',
		caCertificate: environment.sandbox.caCertificatePem,
		...overrides,
	});

	const environment: ExchangeTestEnvironment = {
		get sandbox(): Sandbox {
			if (!sandbox) throw new Error('The sandbox is not running: use the environment inside tests');
			return sandbox;
		},
		async run(options) {
			return await runWorkflow({
				nodes: [exchangeNode(options.parameters, options.settings)],
				nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
				credentialTypes: [new ExchangeEwsApi()],
				credentials: { [CREDENTIAL_ID]: { type: 'exchangeEwsApi', data: credentialData(options.credential) } },
				timezone: options.timezone,
				pinInput: options.items,
				cancel: options.cancel,
			});
		},
		async listSearch(options) {
			return await listSearch({
				node: exchangeNode(options.parameters),
				nodeType: new Exchange(),
				credentialTypes: [new ExchangeEwsApi()],
				credentials: { [CREDENTIAL_ID]: { type: 'exchangeEwsApi', data: credentialData(options.credential) } },
				method: options.method,
				parameter: options.parameter,
				filter: options.filter,
			});
		},
		createItemRequests() {
			return environment.sandbox.requests.filter((request) => request.operation === 'CreateItem');
		},
	};
	return environment;
}


/** The Exchange node with these parameters (authentication added) and settings. */
function exchangeNode(parameters: INodeParameters, settings?: Partial<INode>): INode {
	return {
		id: 'exchange-node',
		name: NODE_NAME,
		type: EXCHANGE_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: { authentication: 'onPremises', ...parameters },
		credentials: { exchangeEwsApi: { id: CREDENTIAL_ID, name: 'Exchange sandbox' } },
		...settings,
	};
}

/** An item with binary properties stored as n8n's filesystem mode stores them: the item holds ids, the files the bytes. */
export async function binaryItem(
	json: INodeExecutionData['json'],
	files: Record<string, { fileName: string; mimeType: string; content: Buffer }>,
): Promise<INodeExecutionData> {
	await prepareBinaryData();
	const binary: INodeExecutionData['binary'] = {};
	const location = FileLocation.ofExecution('exchange-tests', TEMP_EXECUTION_ID);
	for (const [property, file] of Object.entries(files)) {
		binary[property] = await Container.get(BinaryDataService).store(location, file.content, {
			data: '',
			fileName: file.fileName,
			mimeType: file.mimeType,
		});
	}
	return { json, binary };
}

/** The bytes of a binary property the node put out, wherever n8n keeps them. */
export async function binaryContent(binary: IBinaryData | undefined): Promise<Buffer> {
	if (!binary) throw new Error('The item has no such binary property');
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** A logged request's SOAP header and operation element, namespace prefixes removed. */
export function soapParts(request: RequestLogEntry): { header?: XmlObject; operation?: XmlObject } {
	const envelope = childObject(parseXml(request.body), 'Envelope');
	const body = childObject(envelope, 'Body');
	return { header: childObject(envelope, 'Header'), operation: request.operation ? childObject(body, request.operation) : undefined };
}
