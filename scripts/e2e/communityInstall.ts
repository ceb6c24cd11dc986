import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { run } from './process';
import { N8nRuntime, npmEnv } from './runtime';

/**
 * Installs a packed tarball into an n8n user folder the way Settings → Community nodes does (n8n 2.40.7's
 * CommunityPackagesService.downloadPackage): unpack into `.n8n/nodes/node_modules/<name>`, drop the dev, peer
 * and optional dependencies from its package.json, install the rest beside it without scripts, and list it in
 * `.n8n/nodes/package.json`. n8n finds community packages by scanning that node_modules folder at start
 * (n8n 2.40.7's CommunityPackagesModule.nodeLoaders; 1.x does the same), so node types read
 * `<package name>.<node name>` and the editor shows the node as an installed community node. n8n's own record
 * of the install in its database (installed_packages) is not written: it only feeds the list in Settings →
 * Community nodes and the reinstall of missing packages.
 */

export interface InstalledPackage {
	name: string;
	version: string;
	directory: string;
}

export async function installCommunityPackage(
	userFolder: string,
	tarball: string,
	runtime: N8nRuntime,
): Promise<InstalledPackage> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageJsonOfTarball = (await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout;
	const { name, version } = JSON.parse(packageJsonOfTarball) as { name: string; version: string };
	const directory = path.join(nodesDir, 'node_modules', name);
	mkdirSync(directory, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', directory, '--strip-components=1']);

	const packageJsonPath = path.join(directory, 'package.json');
	// Peers come from n8n itself: a second n8n-workflow beside the package would break instanceof checks.
	const { devDependencies, peerDependencies, optionalDependencies, ...kept } = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
	writeFileSync(packageJsonPath, JSON.stringify(kept, null, 2));
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--omit=peer',
		],
		{ cwd: directory, env: npmEnv(runtime) },
	);
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [name]: version } }, null, 2),
	);
	return { name, version, directory };
}
