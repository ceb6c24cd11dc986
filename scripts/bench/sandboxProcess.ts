import * as path from 'path';
import { Service } from '../e2e/process';

/**
 * The EWS sandbox in its own process (`sandbox/cli.ts`), so its work (TLS, NTLM, parsing, storing) neither
 * shares the benchmark's CPU time slices on the event loop nor counts in the benchmark's memory.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface SandboxSettings {
	latencyMs: number;
	/** EWSMaxConcurrency per account. */
	maxConcurrency: number;
}

/** What GET /sandbox/api/stats reports. */
export interface SandboxStats {
	/** TCP connections that carried EWS requests (the viewer's own left out). */
	ewsConnections: number;
	ntlmHandshakes: number;
	requests: number;
	peakConcurrentRequests: number;
	refusedOverConcurrencyLimit: number;
}

export interface BenchSandbox {
	httpsUrl: string;
	stats(): Promise<SandboxStats>;
	/** POSTs one of the sandbox's test controls (sandbox/testControls.ts), e.g. `incoming`. */
	control(name: string, body: unknown): Promise<void>;
	stop(): Promise<void>;
}

export async function startBenchSandbox(settings: SandboxSettings): Promise<BenchSandbox> {
	const tsNode = path.join(REPO_ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js');
	const args = [
		// The request log keeps every body: the attachment scenario sends gigabytes.
		'--max-old-space-size=16384',
		tsNode,
		'--transpile-only',
		path.join(REPO_ROOT, 'sandbox', 'cli.ts'),
		'--extended-protection',
		'--no-schema',
		`--latency=${settings.latencyMs}`,
		`--max-concurrency=${settings.maxConcurrency}`,
	];
	const service = Service.start('EWS sandbox', process.execPath, args, {
		cwd: REPO_ROOT,
		env: { ...process.env, SANDBOX_HTTP_PORT: '0', SANDBOX_HTTPS_PORT: '0' },
	});
	await service.waitUntil(() => service.log.includes('Ctrl-C stops it.'), 60_000);
	const line = (label: string) => {
		const match = new RegExp(`${label}:\\s+(\\S+)`).exec(service.log);
		if (!match) throw new Error(`The sandbox printed no ${label} line:\n${service.log}`);
		return match[1];
	};
	const statsUrl = new URL('api/stats', line('Mailbox viewer'));
	return {
		httpsUrl: line('HTTPS'),
		async stats() {
			const response = await fetch(statsUrl);
			if (!response.ok) throw new Error(`GET ${statsUrl.href}: HTTP ${response.status}`);
			return (await response.json()) as SandboxStats;
		},
		async control(name, body) {
			const url = new URL(name, statsUrl);
			const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
			if (!response.ok) throw new Error(`POST ${url.href}: HTTP ${response.status} ${await response.text()}`);
		},
		stop: () => service.stop(),
	};
}
