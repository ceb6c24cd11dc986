import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildAndPack } from '../../scripts/e2e/packageTarball';
import { TARBALL_ENV } from './helpers/tarball';

/** Builds and packs the package once for every suite: they install that tarball, as users install the release. */
export default async function globalSetup(): Promise<void> {
	const dir = mkdtempSync(path.join(tmpdir(), 'exchange-ews-pack-'));
	process.env[TARBALL_ENV] = await buildAndPack(dir, (line) => process.stderr.write(`${line}\n`));
}
