import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { run, Service } from './process';
import { N8nRuntime } from './runtime';

/**
 * One n8n user folder driven through the real n8n CLI: import credentials and workflows, execute workflows,
 * and serve the editor. Everything stays on loopback and phones nowhere (diagnostics, version checks and
 * templates off).
 */

export interface CredentialFile {
	id: string;
	name: string;
	type: string;
	/** Plain text: n8n encrypts it with the instance's key on import. */
	data: Record<string, unknown>;
}

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface OutputItem {
	json: Record<string, unknown>;
	/** Binary data is kept by reference; the metadata says what it is. */
	binary?: Record<string, { fileName?: string; mimeType?: string; bytes?: number }>;
	pairedItem?: unknown;
}

/** One node's run as `n8n execute --rawOutput` prints it. */
export interface NodeRun {
	executionStatus?: string;
	error?: { message: string };
	data?: { main: Array<Array<OutputItem> | null> };
}

export interface ExecutionResult {
	data: { resultData: { runData: Record<string, NodeRun[]>; error?: { message: string } } };
	status?: string;
	finished?: boolean;
}

export class N8nInstance {
	readonly env: NodeJS.ProcessEnv;

	constructor(
		readonly runtime: N8nRuntime,
		readonly userFolder: string,
		settings: {
			port?: number;
			brokerPort?: number;
			timezone?: string;
			extraCaFile?: string;
			fileAccessFolder?: string;
			/** More environment, e.g. queue mode's database and Redis settings. */
			extraEnv?: NodeJS.ProcessEnv;
		} = {},
	) {
		mkdirSync(userFolder, { recursive: true });
		this.env = {
			...process.env,
			PATH: runtime.path,
			// Under jest NODE_ENV is 'test', which silences n8n's logger, and `execute` prints its run data there.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: userFolder,
			// A fixed key per user folder: imports and later runs must agree on it.
			N8N_ENCRYPTION_KEY: 'exchange-ews-e2e-not-a-secret',
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PORT: String(settings.port ?? 5678),
			N8N_PROTOCOL: 'http',
			// The editor is reached over plain HTTP on loopback.
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			// n8n 2.x always starts its task broker (default port 5679): one per instance, or they collide.
			N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort ?? 5679),
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'warn',
			GENERIC_TIMEZONE: settings.timezone ?? 'Europe/Berlin',
			...(settings.extraCaFile ? { NODE_EXTRA_CA_CERTS: settings.extraCaFile } : {}),
			// n8n 2.x reads and writes files only below this folder (by default ~/.n8n-files, outside the test's reach).
			...(settings.fileAccessFolder ? { N8N_RESTRICT_FILE_ACCESS_TO: settings.fileAccessFolder } : {}),
			...runtime.env,
			...settings.extraEnv,
		};
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.env.N8N_PORT}`;
	}

	/** Runs an n8n CLI command on the runtime's Node. */
	async cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
		const result = await run(path.join(this.runtime.nodeBinDir, 'node'), [this.runtime.n8nScript, ...args], {
			env: { ...this.env, ...extraEnv },
			cwd: this.userFolder,
		});
		return result.stdout;
	}

	async importCredentials(credentials: CredentialFile[]): Promise<void> {
		const file = this.writeJson('credentials.json', credentials);
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
		// One folder, one import: every n8n command start costs seconds.
		const dir = path.join(this.userFolder, 'imports', 'workflows');
		mkdirSync(dir, { recursive: true });
		for (const workflow of workflows) writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, '\t'));
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** Runs an imported workflow through the CLI and returns n8n's run data. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		// `execute` prints the run data through n8n's logger at level info, among other info lines.
		const output = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { N8N_LOG_LEVEL: 'info' });
		// JSON.stringify(data, null, 2): the only text that opens and closes with a brace at column 0.
		const json = /^\{\n[\s\S]*?\n\}$/m.exec(output);
		if (!json) throw new Error(`n8n execute printed no run data:\n${output}`);
		return JSON.parse(json[0]) as ExecutionResult;
	}

	/** Starts the editor and API server; resolves once it answers. */
	async start(): Promise<Service> {
		const service = Service.start(`n8n ${this.runtime.version}`, path.join(this.runtime.nodeBinDir, 'node'), [this.runtime.n8nScript, 'start'], {
			env: this.env,
			cwd: this.userFolder,
		});
		await service.waitUntil(async () => {
			try {
				return (await fetch(`${this.baseUrl}/healthz/readiness`)).ok;
			} catch {
				return false;
			}
		}, 180_000);
		return service;
	}

	/** Starts a queue-mode worker (`n8n worker`); resolves once its health check says it is ready. */
	async startWorker(concurrency: number, healthPort: number): Promise<Service> {
		const env = { ...this.env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) };
		const service = Service.start(
			`n8n ${this.runtime.version} worker`,
			path.join(this.runtime.nodeBinDir, 'node'),
			[this.runtime.n8nScript, 'worker', `--concurrency=${concurrency}`],
			{ env, cwd: this.userFolder },
		);
		await service.waitUntil(async () => {
			try {
				return (await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`)).ok;
			} catch {
				return false;
			}
		}, 180_000);
		return service;
	}

	/** Creates the owner account n8n asks for on first visit, so a person (or a browser test) can sign in. */
	async setUpOwner(owner: Owner): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`n8n refused the owner setup: HTTP ${response.status} ${await response.text()}`);
	}

	private writeJson(name: string, value: unknown): string {
		const dir = path.join(this.userFolder, 'imports');
		mkdirSync(dir, { recursive: true });
		const file = path.join(dir, name);
		writeFileSync(file, JSON.stringify(value, null, '\t'));
		return file;
	}
}
