import { rmSync } from 'fs';
import * as path from 'path';
import { TARBALL_ENV } from './helpers/tarball';

export default async function globalTeardown(): Promise<void> {
	const tarball = process.env[TARBALL_ENV];
	if (tarball) rmSync(path.dirname(tarball), { recursive: true, force: true });
}
