import { startDemo } from './e2e/demoEnvironment';
import { isStopping } from './e2e/process';

/**
 * `npm run demo`: the EWS sandbox and a real n8n with this package and the example workflows, on 127.0.0.1,
 * until Ctrl-C. The first start installs n8n into ~/.cache/n8n-nodes-exchange-ews (minutes); later ones take
 * about a minute.
 * Ports: DEMO_N8N_PORT (default 5678), SANDBOX_HTTP_PORT / SANDBOX_HTTPS_PORT (default 8080 / 8443).
 * Ctrl-C or SIGTERM, before or after the banner, stops n8n, the sandbox and every other child the demo started
 * (scripts/e2e/process.ts), and removes the demo's folder.
 */

function port(name: string, fallback: number): number {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535) throw new Error(`${name} must be a port number, got ${value}`);
	return parsed;
}

async function main(): Promise<void> {
	const demo = await startDemo({
		n8nPort: port('DEMO_N8N_PORT', 5678),
		sandboxHttpPort: port('SANDBOX_HTTP_PORT', 8080),
		sandboxHttpsPort: port('SANDBOX_HTTPS_PORT', 8443),
		log: (line) => console.log(line),
	});
	console.log(
		[
			'',
			`n8n:            ${demo.n8nUrl}`,
			`  sign in as    ${demo.owner.email}  password ${demo.owner.password}  (demo account, loopback only)`,
			'  Workflows → the four "Exchange example" workflows; open one and press "Execute workflow".',
			`Mailbox viewer: ${demo.viewerUrl}  (what the workflows sent and booked, per mailbox)`,
			`EWS sandbox:    ${demo.sandboxHttpsUrl}  (Extended Protection on; accounts: see npm run sandbox)`,
			`Graph sandbox:  ${demo.sandboxGraphUrl}  (Microsoft Graph over the same mailboxes: pick the "Microsoft Graph" credential)`,
			'Ctrl-C stops everything.',
		].join('\n'),
	);
}

main().catch((error: Error) => {
	// Stopped while starting: the signal handler stops the children and exits once they are gone.
	if (isStopping()) return;
	console.error(`The demo failed to start: ${error.message}`);
	process.exit(1);
});
