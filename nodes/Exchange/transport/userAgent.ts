import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'n8n-nodes-exchange-ews';

/**
 * The package's own version, read from its package.json: the compiled files sit one folder deeper (dist/)
 * than the sources, so the file is looked for upwards rather than at a fixed relative path.
 */
function packageVersion(): string {
	for (let dir = __dirname; ; dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (existsSync(file)) {
			const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
			if (json.name === PACKAGE_NAME && json.version) return json.version;
		}
		if (path.dirname(dir) === dir) return '0.0.0';
	}
}

/**
 * Sent with every request, so that Exchange admins who admit EWS clients by User-Agent
 * (EwsApplicationAccessPolicy EnforceAllowList) can allow this node with the pattern `n8n-nodes-exchange-ews/*`.
 */
export const USER_AGENT = `${PACKAGE_NAME}/${packageVersion()}`;

/** The pattern an admin puts on the EWS allow-list; Exchange matches User-Agent prefixes ending in `*`. */
export const USER_AGENT_ALLOW_PATTERN = `${PACKAGE_NAME}/*`;
