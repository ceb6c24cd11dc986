import { ChildProcess, spawn, SpawnOptions } from 'child_process';

/** Child processes for the end-to-end tools: run to completion, or start and stop long-running ones. */

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunOptions extends SpawnOptions {
	/** Passed through to this process's output as it comes, for slow steps a person watches. */
	echo?: boolean;
}

/** Runs a command to its end; rejects on a non-zero exit with the command's own output in the message. */
export async function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const result = await runAllowingFailure(command, args, options);
	if (result.code !== 0) {
		const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
		throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${output}`);
	}
	return result;
}

export function runAllowingFailure(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const { echo, ...spawnOptions } = options;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout.push(chunk);
			if (echo) process.stdout.write(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr.push(chunk);
			if (echo) process.stderr.write(chunk);
		});
		child.on('error', reject);
		child.on('close', (code) =>
			resolve({ code: code ?? 1, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
		);
	});
}

/** A long-running child whose output is kept, so a failure to start can say why. */
export class Service {
	private output = '';
	private exited?: number;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
	) {
		const keep = (chunk: Buffer) => {
			// The tail is enough to explain a failure; the rest would only grow.
			this.output = (this.output + chunk.toString()).slice(-20_000);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		child.on('exit', (code) => {
			this.exited = code ?? 1;
		});
	}

	static start(name: string, command: string, args: string[], options: SpawnOptions): Service {
		// detached: the service gets its own process group, so stop() ends its children too.
		return new Service(name, spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
	}

	get log(): string {
		return this.output;
	}

	/** Waits until `ready` says yes, failing early when the process exits. */
	async waitUntil(ready: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exited !== undefined) throw new Error(`${this.name} exited with ${this.exited}:\n${this.output}`);
			if (await ready()) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`${this.name} not ready after ${timeoutMs / 1000} s:\n${this.output}`);
	}

	/** SIGTERM to the process group, SIGKILL if it is still there after the grace period. */
	async stop(graceMs = 10_000): Promise<void> {
		if (this.exited !== undefined || this.child.pid === undefined) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		const pid = this.child.pid;
		signalGroup(pid, 'SIGTERM');
		const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}
