import { readFileSync } from 'fs';
import * as path from 'path';
import type { ICredentialDataDecryptedObject, ICredentialType, INodeParameters } from 'n8n-workflow';
import { ExchangeEwsAccessTokenApi } from '../../credentials/ExchangeEwsAccessTokenApi.credentials';
import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { EXCHANGE_NODE_TYPE, NODE_NAME, SERVICE_ACCOUNT } from '../../test/helpers/exchangeWorkflow';
import { runWorkflow } from '../../test/helpers/workflowRunner';
import { PeakRss, collectGarbage } from './peakMemory';
import { startBenchSandbox, type BenchSandbox, type SandboxSettings, type SandboxStats } from './sandboxProcess';
import type { Workload } from './workloads';

/** One timed run of the node through n8n's engine against a fresh sandbox process, with what it cost. */

const CA_CERTIFICATE = readFileSync(path.resolve(__dirname, '..', '..', 'sandbox', 'certs', 'ca.pem'), 'utf8');
const CREDENTIAL_ID = 'bench-credential';

export interface Mode {
	label: string;
	batchSize: number;
	concurrency: number;
	/** Over Microsoft Graph (JSON batches, app-only token, as the service account's mailbox) instead of EWS. */
	graph?: boolean;
}

export interface ScenarioResult {
	workload: string;
	mode: Mode;
	items: number;
	failed: number;
	wallMs: number;
	stats: SandboxStats;
	/** Resident memory once the input items existed, before the node ran. */
	rssBefore: number;
	peakRss: number;
	/** Round trips the batch size and concurrency need at the least, times the simulated round trip. */
	lowerBoundMs: number;
}

export function lowerBoundMs(items: number, mode: Mode, latencyMs: number): number {
	const requests = Math.ceil(items / mode.batchSize);
	// Over Graph, one mailbox's batches go one at a time (Exchange Online works on 4 of its requests at once).
	const parallel = mode.graph ? Math.max(1, Math.floor(4 / mode.batchSize)) : mode.concurrency;
	return Math.ceil(requests / parallel) * latencyMs;
}

/** The node's credential for the mode: NTLM over HTTPS to EWS, or a Graph token over the sandbox's Graph endpoint. */
async function credentialFor(mode: Mode, sandbox: BenchSandbox): Promise<{ authentication: string; type: string; data: ICredentialDataDecryptedObject; credentialType: ICredentialType }> {
	if (mode.graph) {
		return {
			authentication: 'accessToken',
			type: 'exchangeEwsAccessTokenApi',
			data: { api: 'graph', graphUrl: sandbox.graphHttpUrl, accessToken: await sandbox.graphToken() },
			credentialType: new ExchangeEwsAccessTokenApi(),
		};
	}
	return {
		authentication: 'onPremises',
		type: 'exchangeEwsApi',
		data: { url: sandbox.httpsUrl, authentication: 'ntlm', ...SERVICE_ACCOUNT, domain: '', version: 'Exchange2016', caCertificate: CA_CERTIFICATE },
		credentialType: new ExchangeEwsApi(),
	};
}

export async function runScenario(workload: Workload, mode: Mode, itemCount: number, sandboxSettings: SandboxSettings): Promise<ScenarioResult> {
	// A fresh sandbox per run: its counters and peak concurrency describe this run alone.
	const sandbox = await startBenchSandbox(sandboxSettings);
	try {
		const items = await workload.items(itemCount);
		const options: INodeParameters = { batchSize: mode.batchSize, concurrency: mode.concurrency };
		const credential = await credentialFor(mode, sandbox);
		// App-only Graph has no mailbox of its own: it acts as the service account's, which the EWS rows use.
		const mailbox = mode.graph ? { mailbox: SERVICE_ACCOUNT.username } : {};
		collectGarbage();
		const peak = new PeakRss();
		const started = performance.now();
		const run = await runWorkflow({
			nodes: [
				{
					id: 'exchange-node',
					name: NODE_NAME,
					type: EXCHANGE_NODE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { authentication: credential.authentication, ...mailbox, ...workload.parameters(options) },
					credentials: { [credential.type]: { id: CREDENTIAL_ID, name: 'Exchange sandbox' } },
					// Failed items come out as items, so the count of failures is reported instead of the first one thrown.
					onError: 'continueRegularOutput',
				},
			],
			nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
			credentialTypes: [credential.credentialType],
			credentials: { [CREDENTIAL_ID]: { type: credential.type, data: credential.data } },
			pinInput: items,
		});
		const wallMs = performance.now() - started;
		const peakRss = peak.stop();
		if (run.status !== 'success') throw new Error(`The workflow failed: ${run.error?.message}`);
		const output = run.outputOf(NODE_NAME);
		const failed = output.filter((item) => item.json.error !== undefined);
		if (failed.length > 0) console.error(`${workload.name}, ${mode.label}: ${failed.length} items failed, first: ${String(failed[0].json.error)}`);
		return {
			workload: workload.name,
			mode,
			items: itemCount,
			failed: failed.length + itemCount - output.length,
			wallMs,
			stats: await sandbox.stats(),
			rssBefore: peak.start,
			peakRss,
			lowerBoundMs: lowerBoundMs(itemCount, mode, sandboxSettings.latencyMs),
		};
	} finally {
		// The next run's sandbox listens on new ports, so its connections are counted from zero.
		await sandbox.stop();
	}
}
