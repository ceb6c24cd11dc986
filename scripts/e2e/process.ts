import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import { constants } from 'os';

/**
 * Child processes for the end-to-end tools: run to completion, or start and stop long-running ones. Every
 * child gets its own process group, so that stopping it reaches its own children too; and every child still
 * running is stopped when this process is told to stop (Ctrl-C, SIGTERM, SIGHUP), at any moment: a child in
 * its own group would otherwise outlive it.
 */

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const DEFAULT_GRACE_MS = 10_000;

const running = new Set<ChildProcess>();
const cleanups: Array<() => void> = [];
let stoppingOn: NodeJS.Signals | undefined;
let handlersInstalled = false;

/** Whether a signal is stopping this process: what fails meanwhile is a consequence, not news. */
export function isStopping(): boolean {
	return stoppingOn !== undefined;
}

/** Runs when this process stops on a signal, after its children are gone (removing a temporary folder, say). */
export function onStop(cleanup: () => void): void {
	cleanups.push(cleanup);
}

async function stopEverything(signal: NodeJS.Signals): Promise<void> {
	if (stoppingOn) {
		// Asked again while stopping: no more grace.
		for (const child of running) signalGroup(child.pid, 'SIGKILL');
		return;
	}
	stoppingOn = signal;
	await Promise.all([...running].map(async (child) => await stopGroup(child, DEFAULT_GRACE_MS)));
	for (const cleanup of cleanups) {
		try {
			cleanup();
		} catch {
			// Best effort: the process is going away.
		}
	}
	process.exit(128 + constants.signals[signal]);
}

/** Starts a child in its own process group and keeps it on the list of children to stop. */
function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
	if (stoppingOn) throw new Error(`Not starting ${command}: stopping on ${stoppingOn}`);
	if (!handlersInstalled) {
		handlersInstalled = true;
		for (const signal of STOP_SIGNALS) process.on(signal, () => void stopEverything(signal));
	}
	const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	running.add(child);
	const forget = () => running.delete(child);
	child.once('exit', forget);
	child.once('error', forget);
	return child;
}

/** SIGTERM to the child's process group, SIGKILL if it is still there after the grace period. */
async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const pid = child.pid;
	signalGroup(pid, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

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
		const child = spawnGroup(command, args, spawnOptions);
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
		return new Service(name, spawnGroup(command, args, options));
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
	async stop(graceMs = DEFAULT_GRACE_MS): Promise<void> {
		if (this.exited !== undefined) return;
		await stopGroup(this.child, graceMs);
	}
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}
