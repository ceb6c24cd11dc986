import type { ICredentialDataDecryptedObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ExchangeEwsAccessTokenApi } from '../../credentials/ExchangeEwsAccessTokenApi.credentials';
import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { GRAPH_APPLICATION_PERMISSIONS } from '../../nodes/Exchange/transport/graph/permissions';
import { IdentityPlatform, type SandboxApp } from '../../sandbox/oauthIdentity';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { EXCHANGE_NODE_TYPE, NODE_NAME, SERVICE_ACCOUNT } from './exchangeWorkflow';
import { expectAllRequestsSchemaValid } from './schema';
import { runWorkflow, type WorkflowRun } from './workflowRunner';

/**
 * The same workflows through Microsoft Graph and through EWS, against one sandbox whose Graph endpoint and EWS
 * endpoint share one mailbox store: what a test reads back from the store is the same whichever API wrote it.
 * Graph runs use the access-token credential with its API set to Microsoft Graph and an app-only token the
 * sandbox's identity platform issued for the Graph endpoint; EWS runs the service account over NTLM.
 */

export const GRAPH_APP: SandboxApp = {
	clientId: '0a1b2c3d-0000-4000-8000-00000000c4a1',
	clientSecret: 'graph~app~secret',
	redirectUris: [],
	delegatedPermissions: [],
	applicationPermissions: GRAPH_APPLICATION_PERMISSIONS,
};

const CREDENTIAL_ID = 'graph-credential';
const EWS_CREDENTIAL_ID = 'ews-credential';

export interface GraphRunOptions {
	/** The node's parameters; `authentication` is added. */
	parameters: INodeParameters;
	/** Items pinned on the trigger; one empty item when absent. */
	items?: INodeExecutionData[];
	/** Overrides of the access-token credential's fields (token, graphUrl, api...). */
	credential?: ICredentialDataDecryptedObject;
	timezone?: string;
	settings?: Partial<INode>;
	cancel?: AbortSignal;
}

export interface GraphTestEnvironment {
	readonly sandbox: Sandbox;
	readonly identity: IdentityPlatform;
	/** The Graph endpoint's base URL (no /v1.0), as the credential's Graph URL holds it. */
	readonly graphUrl: string;
	/** An app-only Graph token with these application permissions (default: all the node needs). */
	appToken(permissions?: string[]): string;
	/** A delegated Graph token for a user, with these delegated permissions. */
	delegatedToken(user: string, permissions: string[]): string;
	/** Runs trigger → Exchange node over Microsoft Graph. */
	run(options: GraphRunOptions): Promise<WorkflowRun>;
	/** Runs the same workflow over EWS (the on-premises service account, impersonating the Mailbox parameter's mailbox). */
	runEws(options: Omit<GraphRunOptions, 'credential'> & { credential?: ICredentialDataDecryptedObject }): Promise<WorkflowRun>;
	/** The access-token credential's data for Graph, with overrides. */
	credentialData(overrides?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
}

export function useGraphSandbox(): GraphTestEnvironment {
	let sandbox: Sandbox | undefined;
	let identity: IdentityPlatform | undefined;

	beforeAll(async () => {
		identity = new IdentityPlatform({ apps: [GRAPH_APP] });
		sandbox = await startSandbox({
			graph: true,
			identity,
			bearerTokens: identity.bearerTokens,
			authSchemes: ['ntlm', 'basic', 'bearer'],
			log: () => undefined,
		});
	});

	afterAll(async () => {
		await sandbox?.close();
	});

	beforeEach(() => {
		const current = environment.sandbox;
		current.store.reset();
		current.faults.clear();
		current.graphFaults.clear();
		current.requests.length = 0;
		environment.identity.graphAccessPolicies = [];
	});

	afterEach(() => {
		// EWS requests of the parity runs are held to Microsoft's schema as everywhere else; Graph's are JSON.
		expectAllRequestsSchemaValid(environment.sandbox.requests.filter((request) => request.api !== 'graph'));
	});

	const graphOrigin = () => new URL(environment.sandbox.graphHttpUrl).origin;

	const environment: GraphTestEnvironment = {
		get sandbox(): Sandbox {
			if (!sandbox) throw new Error('The sandbox is not running: use the environment inside tests');
			return sandbox;
		},
		get identity(): IdentityPlatform {
			if (!identity) throw new Error('The sandbox is not running: use the environment inside tests');
			return identity;
		},
		get graphUrl(): string {
			return graphOrigin();
		},
		appToken(permissions = GRAPH_APPLICATION_PERMISSIONS) {
			return environment.identity.issueAccessToken({ kind: 'app', clientId: GRAPH_APP.clientId, audience: graphOrigin(), permissions });
		},
		delegatedToken(user, permissions) {
			return environment.identity.issueAccessToken({ kind: 'delegated', clientId: GRAPH_APP.clientId, audience: graphOrigin(), permissions, user });
		},
		credentialData(overrides) {
			return { api: 'graph', graphUrl: graphOrigin(), url: environment.sandbox.httpUrl, accessToken: environment.appToken(), ...overrides };
		},
		async run(options) {
			return await runWorkflow({
				nodes: [exchangeNode({ authentication: 'accessToken', ...options.parameters }, 'exchangeEwsAccessTokenApi', CREDENTIAL_ID, options.settings)],
				nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
				credentialTypes: [new ExchangeEwsAccessTokenApi()],
				credentials: { [CREDENTIAL_ID]: { type: 'exchangeEwsAccessTokenApi', data: environment.credentialData(options.credential) } },
				timezone: options.timezone,
				pinInput: options.items,
				cancel: options.cancel,
			});
		},
		async runEws(options) {
			const data = {
				url: environment.sandbox.httpsUrl,
				authentication: 'ntlm',
				...SERVICE_ACCOUNT,
				domain: '',
				version: 'Exchange2016',
				impersonation: true,
				caCertificate: environment.sandbox.caCertificatePem,
				...options.credential,
			};
			return await runWorkflow({
				nodes: [exchangeNode({ authentication: 'onPremises', ...options.parameters }, 'exchangeEwsApi', EWS_CREDENTIAL_ID, options.settings)],
				nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
				credentialTypes: [new ExchangeEwsApi()],
				credentials: { [EWS_CREDENTIAL_ID]: { type: 'exchangeEwsApi', data } },
				timezone: options.timezone,
				pinInput: options.items,
				cancel: options.cancel,
			});
		},
	};
	return environment;
}

function exchangeNode(parameters: INodeParameters, credentialType: string, credentialId: string, settings?: Partial<INode>): INode {
	return {
		id: 'exchange-node',
		name: NODE_NAME,
		type: EXCHANGE_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { [credentialType]: { id: credentialId, name: 'Exchange sandbox' } },
		...settings,
	};
}
