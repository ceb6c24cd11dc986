import { DEFAULT_DIRECTORY } from './accounts';
import { describeIdentity, sandboxIdentity } from './oauthApps';
import { startSandbox } from './server';
import { VIEWER_PATH } from './viewer';

/**
 * `npm run sandbox`: runs the EWS sandbox until Ctrl-C.
 * Ports: SANDBOX_HTTP_PORT / SANDBOX_HTTPS_PORT (default 8080 / 8443).
 * Flags: --extended-protection, --self-signed, --no-schema, --bearer (enables Bearer beside NTLM and Basic),
 * --oauth (Bearer with the sandbox's Microsoft identity platform look-alike: token and authorize endpoints),
 * --graph (with --oauth: Microsoft Graph's /v1.0 on its own ports, SANDBOX_GRAPH_HTTP_PORT / SANDBOX_GRAPH_HTTPS_PORT, default 8081 / 8444),
 * --latency=MS (added to every EWS request), --max-concurrency=N (EWSMaxConcurrency per account; Exchange 2013+: 27).
 */

function port(name: string, fallback: number): number {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`${name} must be a port number, got ${value}`);
	return parsed;
}

/** `--name=N` as a whole number of at least `min`, undefined when the flag is absent. */
function numberFlag(args: string[], name: string, min: number): number | undefined {
	const arg = args.find((a) => a.startsWith(`${name}=`));
	if (arg === undefined) return undefined;
	const value = Number(arg.slice(name.length + 1));
	if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, got ${arg}`);
	return value;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const latencyMs = numberFlag(args, '--latency', 0);
	const maxConcurrency = numberFlag(args, '--max-concurrency', 1);
	const flags = new Set(args.filter((a) => !/^--(latency|max-concurrency)=/.test(a)));
	const known = ['--extended-protection', '--self-signed', '--no-schema', '--bearer', '--oauth', '--graph'];
	const unknown = [...flags].filter((f) => !known.includes(f));
	if (unknown.length > 0) throw new Error(`unknown flag ${unknown.join(', ')}; known: ${known.join(' ')}`);
	const graph = flags.has('--graph');
	const identity = flags.has('--oauth') || graph ? sandboxIdentity() : undefined;
	const sandbox = await startSandbox({
		httpPort: port('SANDBOX_HTTP_PORT', 8080),
		httpsPort: port('SANDBOX_HTTPS_PORT', 8443),
		extendedProtection: flags.has('--extended-protection'),
		certificate: flags.has('--self-signed') ? 'self-signed' : 'trusted',
		validateSchema: flags.has('--no-schema') ? false : undefined,
		authSchemes: flags.has('--bearer') || identity ? ['ntlm', 'basic', 'bearer'] : undefined,
		identity,
		bearerTokens: identity?.bearerTokens,
		latencyMs,
		maxConcurrency,
		viewer: true,
		graph,
		graphHttpPort: graph ? port('SANDBOX_GRAPH_HTTP_PORT', 8081) : undefined,
		graphHttpsPort: graph ? port('SANDBOX_GRAPH_HTTPS_PORT', 8444) : undefined,
	});
	const { netbiosDomain, dnsDomain, accounts, mailboxes } = DEFAULT_DIRECTORY;
	const lines = [
		'EWS sandbox (behaves like Exchange 2016 CU23)',
		`  HTTP:  ${sandbox.httpUrl}`,
		`  HTTPS: ${sandbox.httpsUrl}  (CA: sandbox/certs/ca.pem)`,
		`  Extended Protection: ${flags.has('--extended-protection') ? 'on' : 'off'}`,
		...(graph ? [`  Graph HTTP:  ${sandbox.graphHttpUrl}`, `  Graph HTTPS: ${sandbox.graphHttpsUrl}  (Graph URL of a credential whose API is Microsoft Graph)`] : []),
		`  Mailbox viewer: ${new URL(VIEWER_PATH, sandbox.httpUrl).href}`,
		`  Latency per request: ${latencyMs ?? 0} ms; concurrency limit per account: ${maxConcurrency ?? 'none'}`,
		`Test accounts (domain ${netbiosDomain}, ${dnsDomain}; test fixtures, not secrets):`,
		...accounts.map(
			(a) =>
				`  ${netbiosDomain}\\${a.username}  password ${a.password}  mailbox ${a.primarySmtpAddress}` +
				(a.canImpersonate ? '  (ApplicationImpersonation)' : ''),
		),
		'Mailboxes:',
		...mailboxes.map((m) => `  ${m.smtpAddress}  ${m.displayName}${m.kind === 'room' ? '  (room)' : ''}`),
		...(identity ? describeIdentity(identity, sandbox.httpUrl) : []),
		'Ctrl-C stops it.',
	];
	console.log(lines.join('\n'));
	const stop = () => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`sandbox failed to start: ${error.message}`);
	process.exit(1);
});
