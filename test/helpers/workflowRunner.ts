import { renameSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	CredentialTestContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import { ManualTrigger } from 'n8n-nodes-base/dist/nodes/ManualTrigger/ManualTrigger.node';
import {
	NodeHelpers,
	UnexpectedError,
	VersionedNodeType,
	Workflow,
	deepCopy,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialType,
	IConnections,
	ExecutionError,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
	INodeTypes,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import {
	CredentialTypeRegistry,
	InMemoryCredentialsHelper,
	type CredentialUpdate,
	type StoredCredential,
} from './credentialsHelper';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

export interface RunWorkflowOptions {
	/** Full n8n workflow nodes; a manual trigger is prepended when none is present. */
	nodes: INode[];
	/** Defaults to a chain of the nodes in the given order. */
	connections?: IConnections;
	/** Node types by full type name, e.g. `n8n-nodes-exchange-ews.exchange` as a community install names it. */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes?: ICredentialType[];
	/** Stored credentials by id; nodes reference them as `credentials: { [type]: { id, name } }`. */
	credentials?: Record<string, StoredCredential>;
	/** Workflow settings timezone, 'UTC' by default. */
	timezone?: string;
	/** Items the trigger outputs, pinned on it as a user would pin them in the editor. */
	pinInput?: INodeExecutionData[];
	/** Cancels the execution when it aborts, as Stop in the editor or the workflow timeout does. */
	cancel?: AbortSignal;
}

export interface WorkflowRun {
	status: 'success' | 'error';
	/** As n8n records it: the thrown error's fields copied onto a plain object (message, description, context, node...). */
	error?: ExecutionError;
	/** Main output 0 of the node's last run; throws if the node did not run. */
	outputOf(nodeName: string): INodeExecutionData[];
	runData: IRunData;
	/** What n8n asked to persist, in order (pre-authentication, OAuth2 token refresh). */
	credentialUpdates: CredentialUpdate[];
}

// `n8n execute` runs workflows in this mode.
const EXECUTION_MODE = 'cli';
const BASE_URL = 'http://127.0.0.1:5678/';

/** Node types known to one run: the manual trigger plus the caller's. */
class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(extra: Record<string, INodeType | IVersionedNodeType> = {}) {
		this.types = { [MANUAL_TRIGGER_TYPE]: new ManualTrigger(), ...extra };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (type === undefined) throw new UnexpectedError(`Unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/**
 * Prepares n8n-core's process-wide services for in-process runs, once per module registry.
 * Instance settings (encryption key, instance id) live in `<folder>/.n8n/config`, created on first
 * use: point them at a shared temporary folder, never the user's home, and create the file
 * atomically so parallel jest workers never read it half written. n8n logs every node error;
 * keep test output quiet unless N8N_LOG_LEVEL asks otherwise.
 */
function prepareN8nCore(): void {
	const config = Container.get(InstanceSettingsConfig);
	const n8nFolder = path.join(tmpdir(), 'n8n-nodes-exchange-ews-tests', '.n8n');
	if (config.n8nFolder === n8nFolder) return;
	const encryptionKey = 'n8n-nodes-exchange-ews-test-key';
	const settingsFile = path.join(n8nFolder, 'config');
	if (!existsSync(settingsFile)) {
		mkdirSync(n8nFolder, { recursive: true });
		const partial = `${settingsFile}.${process.pid}.${randomUUID()}`;
		writeFileSync(partial, JSON.stringify({ encryptionKey }), { mode: 0o600 });
		renameSync(partial, settingsFile);
	}
	Object.assign(config, { n8nFolder, userHome: path.dirname(n8nFolder), encryptionKey });
	if (process.env.N8N_LOG_LEVEL === undefined) {
		Container.get(GlobalConfig).logging.level = 'silent';
	}
}

/** The additional data n8n's server gives an execution, minus what needs a server (sub-workflows, task runners). */
function buildAdditionalData(
	credentialsHelper: InMemoryCredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
	executionId?: string,
): IWorkflowExecuteAdditionalData {
	const notAvailable = (feature: string) => async () => {
		throw new UnexpectedError(`${feature} is not available in the in-process test harness`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		startRunnerTask: notAvailable('A task runner'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE_URL}rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}form`,
		formWaitingBaseUrl: `${BASE_URL}form-waiting`,
		formTestBaseUrl: `${BASE_URL}form-test`,
		webhookBaseUrl: `${BASE_URL}webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}webhook-test`,
		mcpBaseUrl: `${BASE_URL}mcp`,
		mcpTestBaseUrl: `${BASE_URL}mcp-test`,
	};
}

function chain(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let index = 1; index < nodes.length; index++) {
		connections[nodes[index - 1].name] = {
			main: [[{ node: nodes[index].name, type: 'main', index: 0 }]],
		};
	}
	return connections;
}

function withTrigger(options: RunWorkflowOptions): { nodes: INode[]; trigger: INode } {
	const nodes = deepCopy(options.nodes);
	const existing = nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE);
	if (existing) return { nodes, trigger: existing };
	if (options.connections) {
		throw new UnexpectedError('Explicit connections need an explicit manual trigger node');
	}
	const trigger: INode = {
		id: randomUUID(),
		name: 'When clicking ‘Execute workflow’',
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return { nodes: [trigger, ...nodes], trigger };
}

let binaryDataReady: Promise<void> | undefined;

/**
 * Binary data as n8n keeps it by default: files under the n8n folder (`filesystem` mode), items holding only an
 * id. n8n's in-memory mode, where items carry base64, is on its way out; the node must not depend on it.
 */
export function prepareBinaryData(): Promise<void> {
	prepareN8nCore();
	binaryDataReady ??= (async () => {
		const { n8nFolder } = Container.get(InstanceSettingsConfig);
		Object.assign(Container.get(BinaryDataConfig), { mode: 'filesystem', localStoragePath: path.join(n8nFolder, 'binaryData') });
		await Container.get(BinaryDataService).init();
	})();
	return binaryDataReady;
}

/** Runs a workflow in-process through n8n-core's engine, as `n8n execute` does. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRun> {
	await prepareBinaryData();
	const { nodes, trigger } = withTrigger(options);
	const connections = options.connections ?? chain(nodes);
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const credentialsHelper = new InMemoryCredentialsHelper(
		new CredentialTypeRegistry(options.credentialTypes),
		options.credentials ?? {},
		nodeTypes,
	);
	const pinData = options.pinInput ? { [trigger.name]: deepCopy(options.pinInput) } : undefined;
	const workflowData: IWorkflowBase = {
		id: randomUUID(),
		name: 'In-process test workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: { timezone: options.timezone ?? 'UTC', executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks(EXECUTION_MODE, executionId, workflowData);
	const additionalData = buildAdditionalData(credentialsHelper, hooks, executionId);

	const execution = new WorkflowExecute(additionalData, EXECUTION_MODE).run({
		workflow,
		startNode: trigger,
		pinData,
	});
	options.cancel?.addEventListener('abort', () => execution.cancel(), { once: true });
	const run = await execution;

	const { runData, error } = run.data.resultData;
	return {
		status: error === undefined ? 'success' : 'error',
		error,
		runData,
		credentialUpdates: credentialsHelper.updates,
		outputOf(nodeName) {
			const runs = runData[nodeName];
			if (runs === undefined || runs.length === 0) {
				throw new UnexpectedError(`Node "${nodeName}" did not run`);
			}
			return runs[runs.length - 1].data?.main[0] ?? [];
		},
	};
}

/** Finds the node method that `testedBy` names for this credential type, in any version of the node. */
function findCredentialTest(
	credentialType: string,
	nodeType: INodeType | IVersionedNodeType,
): ICredentialTestFunction {
	const versions =
		nodeType instanceof VersionedNodeType ? Object.values(nodeType.nodeVersions) : [nodeType as INodeType];
	for (const version of versions.reverse()) {
		const testedBy = version.description.credentials?.find(
			(credential) => credential.name === credentialType,
		)?.testedBy;
		if (typeof testedBy === 'string' && version.methods?.credentialTest?.[testedBy]) {
			return version.methods.credentialTest[testedBy];
		}
	}
	throw new UnexpectedError(`The node declares no credential test method for "${credentialType}"`);
}

/**
 * Tests credentials the way n8n's "Test" button does for a `testedBy` method: defaults applied,
 * then the node's method called with n8n-core's credential test context.
 */
export async function testCredential(
	credentialTypeName: string,
	data: ICredentialDataDecryptedObject,
	nodeType: INodeType | IVersionedNodeType,
	credentialTypes: ICredentialType[] = [],
): Promise<INodeCredentialTestResult> {
	prepareN8nCore();
	const credentialsHelper = new InMemoryCredentialsHelper(
		new CredentialTypeRegistry(credentialTypes),
		{},
		new HarnessNodeTypes(),
	);
	const additionalData = buildAdditionalData(credentialsHelper);
	const test = findCredentialTest(credentialTypeName, nodeType);
	const withDefaults = await credentialsHelper.applyDefaults(
		additionalData,
		structuredClone(data),
		credentialTypeName,
		'internal',
	);
	const context = new CredentialTestContext(additionalData);
	const { status, message } = await test.call(context, {
		id: randomUUID(),
		name: 'Test credential',
		type: credentialTypeName,
		data: withDefaults,
	});
	return { status, message };
}

export interface ListSearchOptions {
	node: INode;
	nodeType: INodeType;
	credentialTypes: ICredentialType[];
	credentials: Record<string, { type: string; data: ICredentialDataDecryptedObject }>;
	/** The `searchListMethod` to call. */
	method: string;
	/** The resource locator parameter the picker belongs to. */
	parameter: string;
	filter?: string;
}

/**
 * Calls a node's list search the way the editor's resource locator does: the node's method with n8n-core's
 * load-options context over the node's current parameters and credential.
 */
export async function listSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	prepareN8nCore();
	const nodeTypes = new HarnessNodeTypes({ [options.node.type]: options.nodeType });
	const credentialsHelper = new InMemoryCredentialsHelper(new CredentialTypeRegistry(options.credentialTypes), options.credentials, nodeTypes);
	const workflow = new Workflow({ nodes: [options.node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(workflow, options.node, buildAdditionalData(credentialsHelper), `parameters.${options.parameter}`);
	const method = options.nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`The node has no list search method "${options.method}"`);
	return await method.call(context, options.filter);
}
