import * as path from 'path';
import { run } from './process';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Builds the package and packs it as npm publishes it. The build runs explicitly: with install scripts off
 * (the project's .npmrc), npm skips prepack, and `npm pack` alone would ship a stale dist/.
 */
export async function buildAndPack(destination: string, log: (line: string) => void): Promise<string> {
	log('Building the package (npm run build)');
	await run('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const packed = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT });
	const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
	const tarball = path.join(destination, filename);
	log(`Packed ${tarball}`);
	return tarball;
}
