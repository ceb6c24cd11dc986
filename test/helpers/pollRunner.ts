import { randomUUID } from 'node:crypto';
import { Container } from '@n8n/di';
import { PollContext, TriggersAndPollers } from 'n8n-core';
import { Workflow, type ICredentialType, type IDataObject, type INode, type INodeExecutionData, type INodeType } from 'n8n-workflow';
import { CredentialTypeRegistry, InMemoryCredentialsHelper, type StoredCredential } from './credentialsHelper';
import { HarnessNodeTypes, buildAdditionalData, prepareN8nCore } from './workflowRunner';

/**
 * Runs a polling trigger's poll() in-process the way n8n's poll executor does (TriggersAndPollers
 * .runPollFunction with n8n-core's PollContext, mode `trigger`, activation `activate`), with the workflow's
 * static data persisted between polls as n8n stores it: a poll's changes are kept when the poll returns (items
 * emitted, or nothing to emit) and dropped when it throws. Each poll runs in a fresh Workflow built from
 * the stored JSON, as after a restart of n8n or on another main process.
 */

export interface PollerOptions {
	node: INode;
	nodeType: INodeType;
	credentialTypes: ICredentialType[];
	credentials: Record<string, StoredCredential>;
}

export interface PollResult {
	/** Items of output 0, or null when the poll had nothing to emit. */
	items: INodeExecutionData[] | null;
}

export class Poller {
	/** The workflow's static data as n8n's database holds it. */
	storedStaticData = '{}';

	constructor(private readonly options: PollerOptions) {}

	private workflow(staticData: IDataObject): Workflow {
		const nodeTypes = new HarnessNodeTypes({ [this.options.node.type]: this.options.nodeType });
		return new Workflow({
			id: 'trigger-workflow',
			name: 'Trigger test workflow',
			nodes: [this.options.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData,
			settings: { timezone: 'UTC', executionOrder: 'v1' },
		});
	}

	private context(workflow: Workflow, mode: 'trigger' | 'manual'): PollContext {
		const nodeTypes = workflow.nodeTypes as HarnessNodeTypes;
		const credentialsHelper = new InMemoryCredentialsHelper(new CredentialTypeRegistry(this.options.credentialTypes), this.options.credentials, nodeTypes);
		const additionalData = buildAdditionalData(credentialsHelper, undefined, randomUUID());
		return new PollContext(workflow, this.options.node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate');
	}

	/** One scheduled poll. */
	async poll(): Promise<PollResult> {
		prepareN8nCore();
		const workflow = this.workflow(JSON.parse(this.storedStaticData) as IDataObject);
		const context = this.context(workflow, 'trigger');
		const response = await Container.get(TriggersAndPollers).runPollFunction(workflow, this.options.node, context);
		this.storedStaticData = JSON.stringify(workflow.staticData);
		return { items: response?.[0] ?? null };
	}

	/** "Fetch Test Event" in the editor: a manual poll, whose static data n8n does not keep. */
	async fetchTestEvent(): Promise<INodeExecutionData[] | null> {
		prepareN8nCore();
		const workflow = this.workflow(JSON.parse(this.storedStaticData) as IDataObject);
		const response = await this.options.nodeType.poll?.call(this.context(workflow, 'manual'));
		return response?.[0] ?? null;
	}
}
