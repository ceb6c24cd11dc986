import { readFileSync } from 'fs';
import * as path from 'path';
import type { INodeParameters } from 'n8n-workflow';
import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { EXCHANGE_NODE_TYPE, NODE_NAME, SERVICE_ACCOUNT } from '../../test/helpers/exchangeWorkflow';
import { runWorkflow } from '../../test/helpers/workflowRunner';
import { PeakRss, collectGarbage } from './peakMemory';
import { startBenchSandbox, type SandboxSettings, type SandboxStats } from './sandboxProcess';
import type { Workload } from './workloads';

/** One timed run of the node through n8n's engine against a fresh sandbox process, with what it cost. */

const CA_CERTIFICATE = readFileSync(path.resolve(__dirname, '..', '..', 'sandbox', 'certs', 'ca.pem'), 'utf8');
const CREDENTIAL_ID = 'bench-credential';

export interface Mode {
	label: string;
	batchSize: number;
	concurrency: number;
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
	return Math.ceil(requests / mode.concurrency) * latencyMs;
}

export async function runScenario(workload: Workload, mode: Mode, itemCount: number, sandboxSettings: SandboxSettings): Promise<ScenarioResult> {
	// A fresh sandbox per run: its counters and peak concurrency describe this run alone.
	const sandbox = await startBenchSandbox(sandboxSettings);
	try {
		const items = await workload.items(itemCount);
		const options: INodeParameters = { batchSize: mode.batchSize, concurrency: mode.concurrency };
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
					parameters: { authentication: 'onPremises', ...workload.parameters(options) },
					credentials: { exchangeEwsApi: { id: CREDENTIAL_ID, name: 'Exchange sandbox' } },
					// Failed items come out as items, so the count of failures is reported instead of the first one thrown.
					onError: 'continueRegularOutput',
				},
			],
			nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
			credentialTypes: [new ExchangeEwsApi()],
			credentials: {
				[CREDENTIAL_ID]: {
					type: 'exchangeEwsApi',
					data: {
						url: sandbox.httpsUrl,
						authentication: 'ntlm',
						...SERVICE_ACCOUNT,
						domain: '',
						version: 'Exchange2016',
						caCertificate: CA_CERTIFICATE,
					},
				},
			},
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
