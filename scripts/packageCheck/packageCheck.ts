import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildAndPack } from '../e2e/packageTarball';
import { run, runAllowingFailure } from '../e2e/process';
import { cacheRoot, cachedInstall, isInstalled } from '../e2e/runtime';

/**
 * `npm run check:package`: what `npm publish` would ship, checked as n8n sees it. The tarball must hold exactly
 * what n8n loads (no tests, no sandbox, no source maps of source that is not shipped), and n8n's community-node
 * lint rules run on the unpacked package. n8n's own scanner downloads from the registry, so it cannot run here.
 */

/** The lint toolchain, pinned: n8n's plugin wants ESLint 9, the project lints its source with ESLint 8. */
const LINT_PACKAGES = [
	'eslint@9.29.0',
	'@n8n/eslint-plugin-community-nodes@0.32.0',
	'@typescript-eslint/parser@8.74.0',
	'typescript@5.9.3',
	'n8n-workflow@2.41.0',
];

/** Every file the tarball may hold; anything else is a packaging mistake. */
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^index\.js$/, /^dist\/.+\.js$/, /^dist\/.+\.node\.json$/, /^dist\/.+\.svg$/];

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	const workDir = mkdtempSync(path.join(tmpdir(), 'exchange-ews-package-'));
	try {
		const tarball = await buildAndPack(workDir, log);
		const listing = await run('tar', ['tzf', tarball]);
		const files = listing.stdout.split('\n').filter((line) => line && !line.endsWith('/')).map((line) => line.replace(/^package\//, ''));
		const unexpected = files.filter((file) => !SHIPPED.some((pattern) => pattern.test(file)));
		if (unexpected.length) throw new Error(`The tarball holds files n8n does not need:\n  ${unexpected.join('\n  ')}`);
		log(`The tarball holds ${files.length} files, each of a kind n8n loads`);

		await run('tar', ['xzf', tarball, '-C', workDir]);
		const unpacked = path.join(workDir, 'package');
		const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
		const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter((file) => !files.includes(file));
		if (missing.length) throw new Error(`package.json's n8n section names files the tarball lacks: ${missing.join(', ')}`);

		const toolchain = path.join(cacheRoot(), 'community-lint-eslint-9.29.0-plugin-0.32.0');
		if (!isInstalled(toolchain)) {
			log(`Installing n8n's community-node lint rules into ${toolchain} (first time only)`);
			const runtime = { path: process.env.PATH ?? '', nodeDir: path.dirname(path.dirname(process.execPath)) };
			// The plugin's peer range pins ESLint 9.29.0 exactly while it needs a TypeScript parser of its own choosing.
			await cachedInstall(toolchain, LINT_PACKAGES, runtime, log, { npmFlags: ['--legacy-peer-deps'] });
		}
		symlinkSync(path.join(toolchain, 'node_modules'), path.join(unpacked, 'node_modules'));
		const config = path.join(__dirname, 'eslint.config.mjs');
		// The config sits in the unpacked package so that its imports resolve in the toolchain's node_modules.
		copyFileSync(config, path.join(unpacked, 'eslint.config.mjs'));
		const lint = await runAllowingFailure(path.join(unpacked, 'node_modules', '.bin', 'eslint'), ['--max-warnings', '0', '.'], { cwd: unpacked });
		log(`${lint.stdout}${lint.stderr}`.trim() || 'n8n community-node lint: no findings');
		if (lint.code !== 0) throw new Error('n8n community-node lint found problems in the packed package (above)');
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
