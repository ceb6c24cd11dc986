import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialTestFunctions,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, runWorkflow, testCredential } from '../helpers/workflowRunner';

const PROBE_TYPE = 'n8n-nodes-exchange-ews.harnessProbe';

class HarnessProbeApi implements ICredentialType {
	name = 'harnessProbeApi';
	displayName = 'Harness Probe API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' },
	];
}

// Shaped like the package's future Exchange Online credential.
class HarnessProbeOAuth2Api implements ICredentialType {
	name = 'harnessProbeOAuth2Api';
	extends = ['microsoftOAuth2Api'];
	displayName = 'Harness Probe OAuth2 API';
	properties: ICredentialType['properties'] = [
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'https://outlook.office365.com/EWS.AccessAsUser.All offline_access',
		},
	];
}

/** A tiny node exercising what the harness must provide: items, expressions, timezone, credentials, errors. */
class HarnessProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Probe',
		name: 'harnessProbe',
		group: ['transform'],
		version: 1,
		description: 'Test node for the in-process workflow runner',
		defaults: { name: 'Harness Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'harnessProbeApi',
				required: true,
				testedBy: 'harnessProbeTest',
				displayOptions: { show: { operation: ['echo'] } },
			},
			{
				name: 'harnessProbeOAuth2Api',
				required: true,
				displayOptions: { show: { operation: ['request'] } },
			},
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				options: [
					{ name: 'Echo', value: 'echo' },
					{ name: 'Request', value: 'request' },
				],
				default: 'echo',
			},
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		],
	};

	methods = {
		credentialTest: {
			async harnessProbeTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				try {
					const answer = (await this.helpers.request({ uri: `${data.url}/ping`, json: true })) as {
						pong: string;
					};
					return { status: 'OK', message: `${data.greeting} ${answer.pong}` };
				} catch (error) {
					return { status: 'Error', message: `Ping failed: ${(error as Error).message}` };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				if (this.getNodeParameter('fail', itemIndex) as boolean) {
					throw new NodeOperationError(this.getNode(), `Item ${itemIndex} asked to fail`, {
						itemIndex,
					});
				}
				const json =
					operation === 'request'
						? await this.helpers.httpRequestWithAuthentication.call(
								this,
								'harnessProbeOAuth2Api',
								{ url: this.getNodeParameter('url', itemIndex) as string, json: true },
							)
						: {
								value: this.getNodeParameter('value', itemIndex),
								timezone: this.getTimezone(),
								credential: await this.getCredentials('harnessProbeApi', itemIndex),
							};
				output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

const probeCredentials = {
	'cred-1': { type: 'harnessProbeApi', data: { url: 'http://127.0.0.1:1' } },
};

function probeNode(name: string, parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return {
		id: name,
		name,
		type: PROBE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { harnessProbeApi: { id: 'cred-1', name: 'Probe' } },
		...extra,
	};
}

const common = {
	nodeTypes: { [PROBE_TYPE]: new HarnessProbe() },
	credentialTypes: [new HarnessProbeApi(), new HarnessProbeOAuth2Api()],
	credentials: probeCredentials,
};

describe('runWorkflow', () => {
	it('feeds pinned items through chained nodes, pairs them and evaluates expressions', async () => {
		const run = await runWorkflow({
			...common,
			nodes: [
				probeNode('First', { value: '={{ $json.x }}' }),
				probeNode('Second', { value: '={{ $json.value + "!" }}' }),
			],
			pinInput: [{ json: { x: 'a' } }, { json: { x: 'b' } }],
		});

		expect(run.status).toBe('success');
		expect(run.outputOf('First').map((item) => item.json.value)).toEqual(['a', 'b']);
		expect(run.outputOf('Second').map((item) => item.json.value)).toEqual(['a!', 'b!']);
		expect(run.outputOf('Second').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
		expect(Object.keys(run.runData)).toEqual([
			'When clicking ‘Execute workflow’',
			'First',
			'Second',
		]);
	});

	it('starts from one empty item when nothing is pinned, as `n8n execute` does', async () => {
		const run = await runWorkflow({ ...common, nodes: [probeNode('Probe', { value: 'plain' })] });

		expect(run.outputOf('Probe')).toHaveLength(1);
		expect(run.outputOf('Probe')[0].json.value).toBe('plain');
	});

	it('honours explicit connections and an explicit trigger', async () => {
		const trigger: INode = {
			id: 't',
			name: 'Start',
			type: MANUAL_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const run = await runWorkflow({
			...common,
			nodes: [trigger, probeNode('Used', { value: 'u' }), probeNode('Unused', { value: 'n' })],
			connections: { Start: { main: [[{ node: 'Used', type: 'main', index: 0 }]] } },
		});

		expect(run.outputOf('Used')[0].json.value).toBe('u');
		expect(() => run.outputOf('Unused')).toThrow('did not run');
	});

	it('exposes the workflow timezone to the node', async () => {
		const run = await runWorkflow({
			...common,
			nodes: [probeNode('Probe', {})],
			timezone: 'Europe/Berlin',
		});
		const utc = await runWorkflow({ ...common, nodes: [probeNode('Probe', {})] });

		expect(run.outputOf('Probe')[0].json.timezone).toBe('Europe/Berlin');
		expect(utc.outputOf('Probe')[0].json.timezone).toBe('UTC');
	});

	it('gives the node its credential with the type defaults applied', async () => {
		const run = await runWorkflow({ ...common, nodes: [probeNode('Probe', {})] });

		expect(run.outputOf('Probe')[0].json.credential).toEqual({
			url: 'http://127.0.0.1:1',
			greeting: 'hello',
		});
	});

	it('turns failures into error items under continue-on-fail', async () => {
		const run = await runWorkflow({
			...common,
			nodes: [probeNode('Probe', { fail: '={{ $json.fail }}' }, { onError: 'continueRegularOutput' })],
			pinInput: [{ json: { fail: false } }, { json: { fail: true } }],
		});

		expect(run.status).toBe('success');
		const output = run.outputOf('Probe');
		expect(output[0].json.error).toBeUndefined();
		expect(output[1].json).toEqual({ error: 'Item 1 asked to fail' });
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	it('fails the run with the NodeOperationError a node throws', async () => {
		const run = await runWorkflow({
			...common,
			nodes: [probeNode('Probe', { fail: true })],
		});

		expect(run.status).toBe('error');
		expect(run.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Item 0 asked to fail',
			node: { name: 'Probe' },
		});
		expect(run.runData.Probe[0].error?.message).toBe('Item 0 asked to fail');
	});

	it('rejects a node whose credential id is unknown', async () => {
		const run = await runWorkflow({
			...common,
			nodes: [probeNode('Probe', {}, { credentials: { harnessProbeApi: { id: 'x', name: 'X' } } })],
		});

		expect(run.status).toBe('error');
		expect(run.error?.message).toContain('Credential with ID "x" does not exist');
	});
});

describe('n8n-nodes-base parts the harness loads', () => {
	// A fresh process, because jest's module registry hides what plain require() pulls in.
	it('pull in nothing beyond themselves once n8n-workflow is loaded', () => {
		const script = `
			require('n8n-workflow');
			const before = new Set(Object.keys(require.cache));
			require('n8n-nodes-base/dist/nodes/ManualTrigger/ManualTrigger.node');
			require('n8n-nodes-base/dist/credentials/OAuth2Api.credentials');
			require('n8n-nodes-base/dist/credentials/MicrosoftOAuth2Api.credentials');
			const added = Object.keys(require.cache).filter((file) => !before.has(file));
			console.log(JSON.stringify(added.map((file) => file.split('node_modules/').pop())));
		`;
		const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });

		expect(child.stderr).toBe('');
		expect(JSON.parse(child.stdout)).toEqual([
			'n8n-nodes-base/dist/nodes/ManualTrigger/ManualTrigger.node.js',
			'n8n-nodes-base/dist/credentials/OAuth2Api.credentials.js',
			'n8n-nodes-base/dist/credentials/MicrosoftOAuth2Api.credentials.js',
		]);
	});
});

describe('OAuth2 through the harness', () => {
	let server: Server;
	let baseUrl: string;
	const seen: string[] = [];
	let tokenForm = new URLSearchParams();

	beforeAll(async () => {
		server = createServer((request, response) => {
			seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
			let body = '';
			request.on('data', (chunk) => (body += chunk));
			request.on('end', () => {
				response.setHeader('content-type', 'application/json');
				if (request.url === '/token') {
					const form = new URLSearchParams(body);
					tokenForm = form;
					if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'old-refresh') {
						response.statusCode = 400;
						response.end(JSON.stringify({ error: 'invalid_grant' }));
						return;
					}
					response.end(
						JSON.stringify({
							access_token: 'fresh-access',
							refresh_token: 'new-refresh',
							token_type: 'Bearer',
							expires_in: 3600,
						}),
					);
					return;
				}
				if (request.headers.authorization !== 'Bearer fresh-access') {
					response.statusCode = 401;
					response.end(JSON.stringify({ error: 'expired' }));
					return;
				}
				response.end(JSON.stringify({ mailbox: 'ok' }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('refreshes an expired token and reports what n8n persisted', async () => {
		const run = await runWorkflow({
			...common,
			nodes: [
				probeNode(
					'Probe',
					{ operation: 'request', url: `${baseUrl}/api` },
					{ credentials: { harnessProbeOAuth2Api: { id: 'oauth', name: 'Online' } } },
				),
			],
			credentials: {
				oauth: {
					type: 'harnessProbeOAuth2Api',
					data: {
						clientId: 'client',
						clientSecret: 'secret',
						accessTokenUrl: `${baseUrl}/token`,
						oauthTokenData: {
							access_token: 'stale-access',
							refresh_token: 'old-refresh',
							token_type: 'Bearer',
						},
					},
				},
			},
		});

		expect(run.error).toBeUndefined();
		expect(run.outputOf('Probe')[0].json).toEqual({ mailbox: 'ok' });
		expect(seen.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
			'GET /api',
			'POST /token',
			'GET /api',
		]);
		// microsoftOAuth2Api's hidden default sends the client in the body, where oAuth2Api would use a Basic header.
		expect(tokenForm.get('client_id')).toBe('client');
		expect(tokenForm.get('client_secret')).toBe('secret');
		expect(seen[1]).toBe('POST /token ');
		expect(run.credentialUpdates).toHaveLength(1);
		const [update] = run.credentialUpdates;
		expect(update.id).toBe('oauth');
		expect(update.data.clientId).toBe('client');
		expect(update.data.oauthTokenData).toMatchObject({
			access_token: 'fresh-access',
			refresh_token: 'new-refresh',
		});
	});
});

describe('testCredential', () => {
	let server: Server;
	let baseUrl: string;

	beforeAll(async () => {
		server = createServer((request, response) => {
			response.setHeader('content-type', 'application/json');
			response.statusCode = request.url === '/ping' ? 200 : 404;
			response.end(JSON.stringify({ pong: 'from sandbox' }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('calls the node method named by testedBy with defaults applied and a real request helper', async () => {
		const result = await testCredential('harnessProbeApi', { url: baseUrl }, new HarnessProbe(), [
			new HarnessProbeApi(),
		]);

		expect(result).toEqual({ status: 'OK', message: 'hello from sandbox' });
	});

	it('returns the error status the method reports', async () => {
		const result = await testCredential(
			'harnessProbeApi',
			{ url: `${baseUrl}/missing`, greeting: 'hi' },
			new HarnessProbe(),
			[new HarnessProbeApi()],
		);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Ping failed: .*404/);
	});
});
