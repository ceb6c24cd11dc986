import * as path from 'path';
import { SANDBOX_APPS, SANDBOX_TENANT_ID } from '../../sandbox/oauthApps';
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
	/** Microsoft Graph over the same store (no /v1.0). */
	graphHttpUrl: string;
	/** An app-only Graph token from the sandbox's identity platform, as Entra would issue it to the app. */
	graphToken(): Promise<string>;
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
		'--graph',
		'--no-schema',
		`--latency=${settings.latencyMs}`,
		`--max-concurrency=${settings.maxConcurrency}`,
	];
	const service = Service.start('EWS sandbox', process.execPath, args, {
		cwd: REPO_ROOT,
		env: { ...process.env, SANDBOX_HTTP_PORT: '0', SANDBOX_HTTPS_PORT: '0', SANDBOX_GRAPH_HTTP_PORT: '0', SANDBOX_GRAPH_HTTPS_PORT: '0' },
	});
	await service.waitUntil(() => service.log.includes('Ctrl-C stops it.'), 60_000);
	const line = (label: string) => {
		const match = new RegExp(`${label}:\\s+(\\S+)`).exec(service.log);
		if (!match) throw new Error(`The sandbox printed no ${label} line:\n${service.log}`);
		return match[1];
	};
	const statsUrl = new URL('api/stats', line('Mailbox viewer'));
	const graphHttpUrl = line('Graph HTTP');
	return {
		httpsUrl: line('HTTPS'),
		graphHttpUrl,
		async graphToken() {
			const app = SANDBOX_APPS.find((candidate) => candidate.applicationPermissions.length > 0);
			if (!app?.clientSecret) throw new Error('The sandbox tenant has no app-only app');
			const tokenUrl = new URL(`/${SANDBOX_TENANT_ID}/oauth2/v2.0/token`, line('HTTP'));
			const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: `${graphHttpUrl}/.default` });
			const response = await fetch(tokenUrl, { method: 'POST', body: form });
			if (!response.ok) throw new Error(`POST ${tokenUrl.href}: HTTP ${response.status} ${await response.text()}`);
			return ((await response.json()) as { access_token: string }).access_token;
		},
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
