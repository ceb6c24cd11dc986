import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { buildGetFolder } from '../../nodes/Exchange/ews/getFolder';
import { EwsError, onPremisesClient, type EwsClient } from '../../nodes/Exchange/transport';
import { readOnPremisesSettings } from '../../nodes/Exchange/transport/settings';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { expectCheckedRequestsSchemaValid } from '../helpers/schema';

const PASSWORD = 'S3rvice!Pass';

let sandbox: Sandbox;

function client(overrides: Record<string, unknown> = {}): EwsClient {
	return onPremisesClient(
		readOnPremisesSettings({
			url: sandbox.httpsUrl,
			authentication: 'ntlm',
			username: 'CONTOSO\\svc-n8n',
			password: PASSWORD,
			version: 'Exchange2016',
			caCertificate: sandbox.caCertificatePem,
			...overrides,
		}),
	);
}

async function failure(promise: Promise<unknown>): Promise<EwsError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(EwsError);
		return error as EwsError;
	}
	throw new Error('expected the call to fail');
}

const root = () => buildGetFolder('msgfolderroot');

beforeAll(async () => {
	sandbox = await startSandbox({ extendedProtection: true });
});

afterEach(async () => {
	// Every request a test sent must have passed the EWS schema (skipped only when ../shared is absent).
	expectCheckedRequestsSchemaValid(sandbox.requests);
	sandbox.requests.length = 0;
	await sandbox.closeIdleConnections();
	sandbox.setOptions({ extendedProtection: true, authSchemes: ['ntlm', 'basic'], certificate: 'trusted' });
});

afterAll(async () => {
	await sandbox.close();
});

describe('NTLM', () => {
	it('signs in over HTTPS with Extended Protection on, with MIC and channel binding', async () => {
		const answer = await client().call(root());
		expect(answer.messages).toEqual([expect.objectContaining({ responseClass: 'Success', responseCode: 'NoError' })]);
		const signIn = sandbox.requests.find((entry) => entry.ntlm);
		expect(signIn?.ntlm).toEqual({ usedMic: true, usedChannelBinding: true });
		expect(signIn?.account?.toLowerCase()).toContain('svc-n8n');
	});

	it('signs in over plain http when the URL says so', async () => {
		const answer = await client({ url: sandbox.httpUrl }).call(root());
		expect(answer.messages[0].responseClass).toBe('Success');
		expect(sandbox.requests.every((entry) => entry.protocol === 'http')).toBe(true);
	});

	it('accepts the user as UPN with an empty domain and as a bare name with the domain field', async () => {
		await client({ username: 'svc-n8n@contoso.com' }).call(root());
		await client({ username: 'svc-n8n', domain: 'CONTOSO' }).call(root());
		expect(sandbox.requests.filter((entry) => entry.operation === 'GetFolder' && entry.status === 200)).toHaveLength(2);
	});

	it('handshakes once per connection and reuses it for later requests', async () => {
		const before = { ...sandbox.stats };
		const ews = client();
		for (let i = 0; i < 5; i++) await ews.call(root());
		expect(sandbox.stats.ntlmHandshakes - before.ntlmHandshakes).toBe(1);
		expect(sandbox.stats.connections - before.connections).toBe(1);
	});

	it('handshakes again, transparently, when the server forgets the connection\'s sign-in', async () => {
		const ews = client();
		await ews.call(root());
		const before = sandbox.stats.ntlmHandshakes;
		sandbox.faults.push({ kind: 'unauthorized' });
		const answer = await ews.call(root());
		expect(answer.messages[0].responseClass).toBe('Success');
		expect(sandbox.stats.ntlmHandshakes - before).toBe(1);
	});

	it('explains a wrong password as wrong credentials or an Extended Protection mismatch, without the password', async () => {
		const error = await failure(client({ password: 'Wrong-Secret-123' }).call(root()));
		expect(error.code).toBe('Unauthorized');
		expect(error.httpStatus).toBe(401);
		expect(error.hint).toMatch(/password/);
		expect(error.hint).toMatch(/Extended Protection/);
		expect(error.hint).toMatch(/load balancer/);
		expect(error.processing).toBe('notProcessed');
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain('Wrong-Secret-123');
	});

	it('says when the server does not offer NTLM', async () => {
		sandbox.setOptions({ authSchemes: ['basic'] });
		const error = await failure(client().call(root()));
		expect(error.code).toBe('NtlmNotOffered');
		expect(error.message).toContain('Basic');
		expect(error.hint).toMatch(/Choose Basic/);
	});
});

describe('Basic', () => {
	it('signs in over HTTPS', async () => {
		const answer = await client({ authentication: 'basic', username: 'svc-n8n@contoso.com' }).call(root());
		expect(answer.messages[0].responseClass).toBe('Success');
		expect(sandbox.requests.find((entry) => entry.operation === 'GetFolder')?.authorizationScheme).toBe('Basic');
	});

	it('refuses a wrong password with a 401 explained, without the password', async () => {
		const error = await failure(client({ authentication: 'basic', password: 'Other-Secret-9' }).call(root()));
		expect(error.code).toBe('Unauthorized');
		expect(`${error.message} ${error.hint}`).not.toContain('Other-Secret-9');
	});

	it('says when the server does not offer Basic', async () => {
		sandbox.setOptions({ authSchemes: ['ntlm'] });
		const error = await failure(client({ authentication: 'basic' }).call(root()));
		expect(error.code).toBe('BasicNotOffered');
		expect(error.hint).toMatch(/Choose NTLM/);
	});
});

describe('TLS', () => {
	it('refuses a certificate from a CA it was not given', async () => {
		const error = await failure(client({ caCertificate: '' }).call(root()));
		expect(error.code).toBe('CertificateNotTrusted');
		expect(error.hint).toMatch(/CA Certificate/);
		expect(error.processing).toBe('notProcessed');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('refuses a self-signed certificate even with the CA, and accepts it only with Ignore SSL Issues', async () => {
		sandbox.setOptions({ certificate: 'self-signed' });
		expect((await failure(client().call(root()))).code).toBe('CertificateNotTrusted');
		const answer = await client({ ignoreSSLIssues: true }).call(root());
		expect(answer.messages[0].responseClass).toBe('Success');
	});

	it('refuses a CA certificate that is not PEM before connecting', () => {
		expect(() => client({ caCertificate: 'not a certificate' })).toThrow(/PEM/);
	});
});

describe('impersonation and mailboxes', () => {
	it('impersonates the named mailbox and anchors the request on it', async () => {
		const ews = client({ impersonation: true });
		await ews.call(root(), { mailbox: 'alice@contoso.com' });
		const entry = sandbox.requests.find((e) => e.operation === 'GetFolder');
		expect(entry?.impersonatedMailbox).toBe('alice@contoso.com');
		expect(entry?.anchorMailbox).toBe('alice@contoso.com');
		expect(entry?.body).toContain('<t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>');
	});

	it('sends no impersonation header without impersonation, and anchors on the delegate mailbox', async () => {
		await client().call(buildGetFolder('inbox', 'bob@contoso.com'), { mailbox: 'bob@contoso.com' });
		const entry = sandbox.requests.find((e) => e.operation === 'GetFolder');
		expect(entry?.body).not.toContain('ExchangeImpersonation');
		expect(entry?.anchorMailbox).toBe('bob@contoso.com');
	});

	it('anchors on the account\'s own address when its user name is one, and not on DOMAIN\\user', async () => {
		await client({ username: 'svc-n8n@contoso.com' }).call(root());
		await client().call(root());
		const anchors = sandbox.requests.filter((e) => e.operation === 'GetFolder').map((e) => e.anchorMailbox);
		expect(anchors).toEqual(['svc-n8n@contoso.com', undefined]);
	});

	it('explains a missing impersonation right', async () => {
		const error = await failure(
			client({ username: 'CONTOSO\\alice', password: 'Al1ce!Pass', impersonation: true }).call(root(), { mailbox: 'bob@contoso.com' }),
		);
		expect(error.code).toBe('ErrorImpersonateUserDenied');
		expect(error.hint).toMatch(/ApplicationImpersonation/);
	});

	it('explains an unknown mailbox', async () => {
		const error = await failure(client({ impersonation: true }).call(root(), { mailbox: 'nobody@contoso.com' }));
		expect(error.code).toBe('ErrorNonExistentMailbox');
	});

	it('puts the chosen version and time zone in the request', async () => {
		await client({ version: 'Exchange2010_SP2' }).call(root(), { timeZoneId: 'W. Europe Standard Time' });
		const entry = sandbox.requests.find((e) => e.operation === 'GetFolder');
		expect(entry?.requestedVersion).toBe('Exchange2010_SP2');
		expect(entry?.body).toContain('<t:TimeZoneDefinition Id="W. Europe Standard Time"/>');
	});
});

describe('server failures', () => {
	it('waits the back-off Exchange asks for after ErrorServerBusy, then sends the request again', async () => {
		sandbox.faults.push({ kind: 'serverBusy', backOffMs: 700 });
		const started = Date.now();
		const answer = await client().call(root());
		expect(answer.messages[0].responseClass).toBe('Success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(700);
		expect(sandbox.requests.filter((entry) => entry.operation === 'GetFolder').map((entry) => entry.faultCode ?? entry.status)).toEqual([
			'ErrorServerBusy',
			200,
		]);
	});

	it('reports a SOAP fault with its code and message', async () => {
		sandbox.faults.push({ kind: 'soapFault', code: 'ErrorMailboxStoreUnavailable', message: 'The mailbox database is temporarily unavailable.' });
		const error = await failure(client().call(root()));
		expect(error.code).toBe('ErrorMailboxStoreUnavailable');
		expect(error.message).toContain('temporarily unavailable');
		expect(error.hint).toMatch(/Try again later/);
	});

	it('honours Retry-After on a 503, then sends the request again', async () => {
		sandbox.faults.push({ kind: 'httpStatus', status: 503, retryAfter: 1 });
		const started = Date.now();
		expect((await client().call(root())).messages[0].responseClass).toBe('Success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('does not send again what Exchange may have processed', async () => {
		sandbox.faults.push({ kind: 'soapFault', code: 'ErrorInternalServerError', message: 'An internal server error occurred.' });
		const error = await failure(client().call(root()));
		expect(error.code).toBe('ErrorInternalServerError');
		expect(sandbox.requests.filter((entry) => entry.operation === 'GetFolder')).toHaveLength(1);
	});

	it('reports an HTML error page as such, not as a parse error', async () => {
		sandbox.faults.push({ kind: 'html', status: 500 });
		const error = await failure(client().call(root()));
		expect(error.code).toBe('Http500');
		expect(error.processing).toBe('unknown');
	});

	it('reports a truncated answer as unreadable, outcome unknown', async () => {
		sandbox.faults.push({ kind: 'malformed' });
		const error = await failure(client().call(root()));
		expect(error).toMatchObject({ code: 'InvalidResponse', processing: 'unknown' });
	});

	it('reports a dropped connection as outcome unknown, and the next request works on a new connection', async () => {
		const ews = client();
		sandbox.faults.push({ kind: 'dropConnection', after: 'afterProcessing' });
		const error = await failure(ews.call(root()));
		expect(error).toMatchObject({ code: 'ConnectionLost', processing: 'unknown' });
		expect((await ews.call(root())).messages[0].responseClass).toBe('Success');
	});

	it('sends a read again when its outcome is unknown, and a write (the default) never', async () => {
		const ews = client();
		sandbox.faults.push({ kind: 'dropConnection', after: 'afterProcessing' });
		expect((await ews.call(root(), { kind: 'read' })).messages[0].responseClass).toBe('Success');
		expect(sandbox.requests.filter((entry) => entry.operation === 'GetFolder' && entry.account)).toHaveLength(2);

		sandbox.requests.length = 0;
		sandbox.faults.push({ kind: 'dropConnection', after: 'afterProcessing' });
		expect(await failure(ews.call(root()))).toMatchObject({ code: 'ConnectionLost', processing: 'unknown' });
		expect(sandbox.requests.filter((entry) => entry.operation === 'GetFolder' && entry.account)).toHaveLength(1);
	});

	it('times out an answer that trickles in, however long the server keeps sending', async () => {
		// Without the schema check the headers come at once, however loaded the machine: only the body is slow.
		sandbox.setOptions({ validateSchema: false });
		sandbox.faults.push({ kind: 'trickle', intervalMs: 100 });
		const started = Date.now();
		try {
			const error = await failure(client({ timeout: 2 }).call(root()));
			expect(error).toMatchObject({ code: 'Timeout', processing: 'unknown' });
			expect(Date.now() - started).toBeLessThan(6_000);
		} finally {
			sandbox.setOptions({ validateSchema: true });
		}
	});

	it('times out a server that stops answering, outcome unknown', async () => {
		sandbox.faults.push({ kind: 'hang' });
		const error = await failure(client({ timeout: 1 }).call(root()));
		expect(error).toMatchObject({ code: 'Timeout', processing: 'unknown' });
		expect(error.message).toContain('1 seconds');
	});

	it('explains a 403 in on-premises terms', async () => {
		sandbox.faults.push({ kind: 'httpStatus', status: 403 });
		const error = await failure(client().call(root()));
		expect(error).toMatchObject({ code: 'Forbidden', httpStatus: 403, processing: 'notProcessed' });
		expect(error.hint).toMatch(/Set-CASMailbox -EwsEnabled/);
	});

	it('says the URL is not EWS on a 404', async () => {
		const error = await failure(client({ url: sandbox.httpsUrl.replace('/EWS/Exchange.asmx', '/owa/') }).call(root()));
		expect(error.code).toBe('NotEws');
		expect(error.hint).toMatch(/EWS\/Exchange\.asmx/);
	});

	it('says a refused connection is a connection problem, nothing sent', async () => {
		const error = await failure(client({ url: 'https://127.0.0.1:1/EWS/Exchange.asmx' }).call(root()));
		expect(error).toMatchObject({ code: 'ConnectionFailed', processing: 'notProcessed' });
	});
});

describe('HTTPS_PROXY', () => {
	let proxy: Server;
	let tunnels = 0;
	const sockets = new Set<Socket>();
	const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };

	beforeAll(async () => {
		// A CONNECT proxy like the ones companies put between n8n and Exchange.
		proxy = createServer();
		proxy.on('connect', (request, clientSocket: Socket, head) => {
			tunnels++;
			const [host, port] = String(request.url).split(':');
			const upstream = connect(Number(port), host, () => {
				clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				upstream.write(head);
				upstream.pipe(clientSocket);
				clientSocket.pipe(upstream);
			});
			for (const socket of [clientSocket, upstream]) {
				sockets.add(socket);
				socket.on('error', () => socket.destroy());
				socket.on('close', () => sockets.delete(socket));
			}
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	});

	afterEach(() => {
		process.env.HTTPS_PROXY = saved.HTTPS_PROXY;
		process.env.NO_PROXY = saved.NO_PROXY;
		if (saved.HTTPS_PROXY === undefined) delete process.env.HTTPS_PROXY;
		if (saved.NO_PROXY === undefined) delete process.env.NO_PROXY;
	});

	afterAll(async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise((resolve) => proxy.close(resolve));
	});

	it('tunnels through the proxy, keeping NTLM with channel binding working end to end', async () => {
		const address = proxy.address() as { port: number };
		process.env.HTTPS_PROXY = `http://127.0.0.1:${address.port}`;
		delete process.env.NO_PROXY;
		const before = tunnels;
		const ews = client();
		await ews.call(root());
		await ews.call(root());
		expect(tunnels - before).toBe(1);
		expect(sandbox.requests.find((entry) => entry.ntlm)?.ntlm?.usedChannelBinding).toBe(true);
	});

	it('goes direct for hosts in NO_PROXY', async () => {
		const address = proxy.address() as { port: number };
		process.env.HTTPS_PROXY = `http://127.0.0.1:${address.port}`;
		process.env.NO_PROXY = '127.0.0.1';
		const before = tunnels;
		await client().call(root());
		expect(tunnels).toBe(before);
	});
});
