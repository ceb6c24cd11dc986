import { ChildProcess, spawn } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { freePort } from '../../scripts/e2e/freePort';
import { REPO_ROOT } from '../../scripts/e2e/packageTarball';

/**
 * `npm run demo` stopped before its banner: SIGTERM while it builds the package and while it starts the
 * sandbox. Its children run in their own process groups, so nothing would stop them with it; afterwards no
 * process it started, nor any process in their groups, may be left.
 */

interface ProcessInfo {
	pid: number;
	ppid: number;
	pgid: number;
	command: string;
}

function processes(): ProcessInfo[] {
	const list: ProcessInfo[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The command name in parentheses may hold spaces: the fields after it are read from its end.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
			list.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), command });
		} catch {
			// Gone while being read.
		}
	}
	return list;
}

function descendantsOf(root: number): ProcessInfo[] {
	const all = processes();
	const found: ProcessInfo[] = [];
	const parents = new Set([root]);
	for (let grown = true; grown; ) {
		grown = false;
		for (const info of all) {
			if (parents.has(info.ppid) && !parents.has(info.pid)) {
				parents.add(info.pid);
				found.push(info);
				grown = true;
			}
		}
	}
	return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo as `npm run demo` starts it, in its own process group so the test can always clean up after it. */
class DemoRun {
	readonly child: ChildProcess;
	readonly seen = new Map<number, ProcessInfo>();
	output = '';
	private readonly watcher: NodeJS.Timeout;

	constructor(env: NodeJS.ProcessEnv) {
		const tsNode = require.resolve('ts-node/dist/bin.js');
		this.child = spawn(process.execPath, [tsNode, '--transpile-only', path.join('scripts', 'demo.ts')], {
			cwd: REPO_ROOT,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		// Every process the demo starts, however short-lived, is remembered with its group.
		this.watcher = setInterval(() => this.look(), 50);
	}

	private look(): void {
		if (this.child.pid === undefined) return;
		for (const info of descendantsOf(this.child.pid)) this.seen.set(info.pid, info);
	}

	async until(ready: () => boolean, what: string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!ready()) {
			if (this.child.exitCode !== null) throw new Error(`The demo exited before ${what}:\n${this.output}`);
			if (Date.now() > deadline) throw new Error(`No ${what} after ${timeoutMs / 1000} s:\n${this.output}`);
			await sleep(50);
		}
	}

	running(command: RegExp): boolean {
		this.look();
		return [...this.seen.values()].some((info) => command.test(info.command));
	}

	async exited(timeoutMs: number): Promise<number | null> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				new Promise((resolve) => this.child.once('exit', resolve)),
				new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
			]);
			clearTimeout(timer);
		}
		clearInterval(this.watcher);
		return this.child.exitCode;
	}

	/** Processes started by the demo, or in one of their process groups, that still run. */
	leftovers(): ProcessInfo[] {
		const groups = new Set([...this.seen.values()].map((info) => info.pgid));
		groups.delete(process.pid);
		return processes().filter((info) => this.seen.has(info.pid) || groups.has(info.pgid));
	}

	/** Whatever is left, so a failing run does not leave processes behind. */
	kill(): void {
		clearInterval(this.watcher);
		for (const pgid of new Set([this.child.pid, ...[...this.seen.values()].map((info) => info.pgid)])) {
			try {
				if (pgid !== undefined && pgid !== process.pid) process.kill(-pgid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
	}
}

let demo: DemoRun | undefined;

async function startDemo(): Promise<DemoRun> {
	const env = {
		...process.env,
		DEMO_N8N_PORT: String(await freePort()),
		SANDBOX_HTTP_PORT: String(await freePort()),
		SANDBOX_HTTPS_PORT: String(await freePort()),
	};
	demo = new DemoRun(env);
	return demo;
}

async function expectNothingLeftAfterSigterm(run: DemoRun): Promise<void> {
	process.kill(run.child.pid as number, 'SIGTERM');
	// Its children get SIGTERM, then SIGKILL after a 10 s grace period; the demo exits once they are gone.
	await run.exited(30_000);
	// What shares a child's process group got the same signal and may take a moment to end.
	const deadline = Date.now() + 2_000;
	while (run.leftovers().length > 0 && Date.now() < deadline) await sleep(100);

	expect(run.output).not.toContain('n8n:            http');
	expect(run.leftovers().map((info) => info.command)).toEqual([]);
	expect(run.child.exitCode).toBe(128 + 15);
}

afterEach(() => {
	demo?.kill();
	demo = undefined;
});

describe('npm run demo, stopped before its banner', () => {
	it('leaves nothing running when SIGTERM comes while it builds the package', async () => {
		const run = await startDemo();
		await run.until(() => run.output.includes('Building the package'), 'build', 120_000);
		await run.until(() => run.running(/\btsc\b/), 'tsc process', 60_000);

		await expectNothingLeftAfterSigterm(run);
	});

	it('leaves nothing running when SIGTERM comes while the sandbox starts', async () => {
		const run = await startDemo();
		await run.until(() => run.output.includes('Starting the EWS sandbox'), 'sandbox start', 300_000);
		await run.until(() => run.running(/sandbox[/\\]cli\.ts/), 'sandbox process', 60_000);

		await expectNothingLeftAfterSigterm(run);
	});
});
