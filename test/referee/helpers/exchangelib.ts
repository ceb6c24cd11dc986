import { execFile, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Sandbox } from '../../../sandbox/server';
import { RequestLogEntry } from '../../../sandbox/requestLog';

/**
 * Runs the referee's Python scenarios (test/referee/python) with Debian's exchangelib against a sandbox, and
 * hands back what the script printed together with the requests the sandbox received meanwhile.
 */

export const PYTHON = '/usr/bin/python3';
const SCRIPTS = path.join(__dirname, '..', 'python');
const SCENARIO_TIMEOUT_MS = 120_000;

/** Who exchangelib logs on as, and which mailbox it works on. */
export interface Identity {
	label: string;
	username: string;
	password: string;
	mailbox: string;
	access: 'impersonation' | 'delegate';
}

/** Logged on as the service account (ApplicationImpersonation), acting as alice (sandbox/accounts.ts). */
export const SERVICE_AS_ALICE: Identity = {
	label: 'svc-n8n impersonating alice',
	username: 'CONTOSO\\svc-n8n',
	password: 'S3rvice!Pass',
	mailbox: 'alice@contoso.com',
	access: 'impersonation',
};

/** Alice as herself: no impersonation header, her own mailbox. */
export const ALICE: Identity = {
	label: 'alice as herself',
	username: 'CONTOSO\\alice',
	password: 'Al1ce!Pass',
	mailbox: 'alice@contoso.com',
	access: 'delegate',
};

export interface ScenarioRun {
	/** The JSON object the script printed last. */
	output: Record<string, unknown> & { error?: { type: string; message: string; traceback: string } };
	exitCode: number;
	stderr: string;
	/** What the sandbox received while the script ran. */
	requests: RequestLogEntry[];
}

/**
 * Fails (never skips) when the referee cannot run: the suite exists to be run, and CI installs the package.
 */
export function requireExchangelib(): void {
	const probe = spawnSync(PYTHON, ['-c', 'import exchangelib'], { encoding: 'utf8' });
	if (probe.error || probe.status !== 0) {
		const why = probe.error ? `${PYTHON} is missing (${probe.error.message})` : probe.stderr.trim();
		throw new Error(`The referee needs exchangelib under ${PYTHON}: apt-get install python3-exchangelib (${why})`);
	}
}

/** The files every scenario needs: the sandbox's CA and an OpenSSL configuration with MD4 for NTLM. */
export class RefereeFiles {
	readonly dir = mkdtempSync(path.join(tmpdir(), 'ews-referee-'));
	readonly caFile = path.join(this.dir, 'sandbox-ca.pem');
	readonly opensslConf = path.join(this.dir, 'openssl.cnf');

	constructor(caCertificatePem: string) {
		writeFileSync(this.caFile, caCertificatePem);
		// NTLM hashes the password with MD4, which OpenSSL 3 has only in its legacy provider.
		writeFileSync(
			this.opensslConf,
			[
				'openssl_conf = openssl_init',
				'[openssl_init]',
				'providers = provider_sect',
				'[provider_sect]',
				'default = default_sect',
				'legacy = legacy_sect',
				'[default_sect]',
				'activate = 1',
				'[legacy_sect]',
				'activate = 1',
				'',
			].join('\n'),
		);
	}

	remove(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export interface ScenarioOptions {
	identity: Identity;
	endpoint: string;
	/** Passed as REFEREE_ARG_<NAME>; see each script. */
	args?: Record<string, string | number>;
}

export async function runScenario(
	sandbox: Sandbox,
	files: RefereeFiles,
	script: string,
	options: ScenarioOptions,
): Promise<ScenarioRun> {
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		LANG: 'C.UTF-8',
		PYTHONDONTWRITEBYTECODE: '1',
		PYTHONPATH: SCRIPTS,
		OPENSSL_CONF: files.opensslConf,
		REFEREE_CA_FILE: files.caFile,
		REFEREE_ENDPOINT: options.endpoint,
		REFEREE_USERNAME: options.identity.username,
		REFEREE_PASSWORD: options.identity.password,
		REFEREE_MAILBOX: options.identity.mailbox,
		REFEREE_ACCESS: options.identity.access,
	};
	for (const [name, value] of Object.entries(options.args ?? {})) env[`REFEREE_ARG_${name.toUpperCase()}`] = String(value);
	const firstRequest = sandbox.requests.length;
	const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
		execFile(
			PYTHON,
			[path.join(SCRIPTS, `${script}.py`)],
			{ env, timeout: SCENARIO_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
			(error, out, err) => resolve({ exitCode: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: out, stderr: err }),
		);
	});
	const run: ScenarioRun = {
		output: lastJsonLine(stdout, stderr),
		exitCode,
		stderr,
		requests: sandbox.requests.slice(firstRequest),
	};
	writeTrace(script, options, run);
	return run;
}

function lastJsonLine(stdout: string, stderr: string): ScenarioRun['output'] {
	const line = stdout.trim().split('\n').pop() ?? '';
	try {
		return JSON.parse(line) as ScenarioRun['output'];
	} catch {
		return { error: { type: 'NoOutput', message: `the script printed no JSON; stderr: ${stderr.slice(-2000)}`, traceback: '' } };
	}
}

/** The EWS operations the sandbox received, one line each, for failure messages. */
export function describeRequests(requests: RequestLogEntry[]): string {
	return requests
		.filter((r) => r.status !== 401 || r.authReason)
		.map((r) => `${r.operation ?? '(no operation)'} -> ${r.status}${r.faultCode ? ` ${r.faultCode}` : ''}${r.authReason ? ` (${r.authReason})` : ''}`)
		.join('\n');
}

/**
 * The script's result, or a failure that says what exchangelib raised and which requests the sandbox answered
 * how: what a failing referee test must show to be useful.
 */
export function succeeded(run: ScenarioRun): Record<string, unknown> {
	if (run.exitCode === 0 && !run.output.error) return run.output;
	const error = run.output.error;
	throw new Error(
		[
			`exchangelib failed: ${error ? `${error.type}: ${error.message}` : `exit ${run.exitCode}`}`,
			'requests the sandbox received:',
			describeRequests(run.requests) || '(none)',
			error?.traceback ? `python traceback:\n${error.traceback}` : run.stderr.slice(-3000),
		].join('\n'),
	);
}

/**
 * With REFEREE_TRACE_DIR set, each scenario run leaves the request bodies exchangelib sent, for studying what
 * it expects of a server (see the README's referee paragraph).
 */
function writeTrace(script: string, options: ScenarioOptions, run: ScenarioRun): void {
	const dir = process.env.REFEREE_TRACE_DIR;
	if (!dir) return;
	mkdirSync(dir, { recursive: true });
	const requests = run.requests
		.filter((r) => r.body !== '')
		.map((r) => ({ operation: r.operation, status: r.status, faultCode: r.faultCode, protocol: r.protocol, body: r.body }));
	const name = `${script}-${options.identity.access}-${Date.now()}.json`;
	writeFileSync(path.join(dir, name), JSON.stringify({ script, identity: options.identity.label, output: run.output, requests }, null, 2));
}
