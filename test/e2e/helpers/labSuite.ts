import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Lab, startLab } from '../../../scripts/e2e/lab';
import { ExecutionResult, WorkflowFile } from '../../../scripts/e2e/n8nInstance';
import { ensureN8n, N8nTarget } from '../../../scripts/e2e/runtime';
import { TARBALL_ENV } from './tarball';

/** A first install of n8n 2.x takes minutes; later runs find it in the cache. */
const SETUP_TIMEOUT_MS = 30 * 60_000;

export interface LabSuite {
	readonly lab: Lab;
	/** Executes an imported workflow with `n8n execute` and returns its run data. */
	execute(workflowId: string): Promise<ExecutionResult>;
}

/** One lab per test file: the sandbox process and a fresh n8n user folder, removed afterwards. */
export function useLab(target: N8nTarget, workflows: WorkflowFile[], options: { fileAccessFolder?: string } = {}): LabSuite {
	let lab: Lab | undefined;
	let userFolder: string | undefined;

	beforeAll(async () => {
		const tarball = process.env[TARBALL_ENV];
		if (!tarball) throw new Error(`${TARBALL_ENV} is not set: run the suite with npm run test:e2e`);
		const log = (line: string) => process.stderr.write(`[n8n ${target.version}] ${line}\n`);
		const runtime = await ensureN8n(target, log);
		userFolder = mkdtempSync(path.join(tmpdir(), `n8n-${target.version}-e2e-`));
		lab = await startLab({ runtime, tarball, userFolder, workflows, log, fileAccessFolder: options.fileAccessFolder });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await lab?.stop();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	return {
		get lab(): Lab {
			if (!lab) throw new Error('The lab is not running: use it inside tests');
			return lab;
		},
		execute(workflowId) {
			return this.lab.n8n.execute(workflowId);
		},
	};
}

/** The items a node put out on its first output in its first run. */
export function outputOf(result: ExecutionResult, nodeName: string): Array<Record<string, unknown>> {
	const runs = result.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`Node ${nodeName} did not run; nodes that ran: ${Object.keys(result.data.resultData.runData).join(', ')}`);
	const [run] = runs;
	if (run.error) throw new Error(`Node ${nodeName} failed: ${run.error.message}`);
	return (run.data?.main[0] ?? []).map((item) => item.json);
}
