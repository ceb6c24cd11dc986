import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { ALICE, SVC, basicAuth, curl, curlNtlm, envelope, getFolderBody, headerValues, post, responseMessages } from './client';

describe('sandbox authentication', () => {
	let sandbox: Sandbox;
	let caFile: string;
	let tempDir: string;
	const getInbox = envelope(getFolderBody('inbox'));

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
		tempDir = mkdtempSync(path.join(tmpdir(), 'ews-sandbox-'));
		caFile = path.join(tempDir, 'ca.pem');
		writeFileSync(caFile, sandbox.caCertificatePem);
	});

	afterAll(async () => {
		await sandbox.close();
		rmSync(tempDir, { recursive: true, force: true });
	});

	beforeEach(() => {
		sandbox.setOptions({ extendedProtection: false, authSchemes: ['ntlm', 'basic'] });
		sandbox.requests.length = 0;
	});

	it('offers Negotiate, NTLM and Basic with the host as realm, like IIS', async () => {
		const answer = await post(sandbox.httpUrl, getInbox);
		expect(answer.status).toBe(401);
		expect(headerValues(answer, 'www-authenticate')).toEqual(['Negotiate', 'NTLM', 'Basic realm="127.0.0.1"']);
		expect(sandbox.requests[0].authReason).toBe('no Authorization header');
	});

	it('authenticates curl --ntlm over HTTP and logs the account without the Authorization header', async () => {
		const [answer] = await curlNtlm(SVC, sandbox.httpUrl, [getInbox]);
		expect(answer.status).toBe(200);
		expect(responseMessages(answer.body)[0]['@ResponseClass']).toBe('Success');
		const served = sandbox.requests.find((r) => r.status === 200);
		expect(served?.account).toBe('CONTOSO\\svc-n8n');
		expect(served?.operation).toBe('GetFolder');
		expect(served?.headers.authorization).toBeUndefined();
		expect(served?.ntlm).toEqual({ usedMic: expect.any(Boolean), usedChannelBinding: false });
		expect(JSON.stringify(sandbox.requests)).not.toContain(SVC.password);
	});

	it('authenticates curl --ntlm over HTTPS with the sandbox CA', async () => {
		const [answer] = await curlNtlm(SVC, sandbox.httpsUrl, [getInbox], ['--cacert', caFile]);
		expect(answer.status).toBe(200);
		expect(sandbox.requests.at(-1)?.protocol).toBe('https');
	});

	it('keeps NTLM bound to the connection: a second request reuses it without a new handshake', async () => {
		const before = { ...sandbox.stats };
		const answers = await curlNtlm(SVC, sandbox.httpUrl, [getInbox, getInbox]);
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		expect(sandbox.stats.connections - before.connections).toBe(1);
		expect(sandbox.stats.ntlmHandshakes - before.ntlmHandshakes).toBe(1);
		const served = sandbox.requests.filter((r) => r.status === 200);
		expect(served).toHaveLength(2);
		expect(served[0].connectionId).toBe(served[1].connectionId);
		expect(served[1].authorizationScheme).toBeUndefined();
		expect(served[1].account).toBe('CONTOSO\\svc-n8n');
	});

	it('answers a wrong NTLM password with 401 and logs why', async () => {
		const [answer] = await curlNtlm({ ...SVC, password: 'wrong' }, sandbox.httpUrl, [getInbox]);
		expect(answer.status).toBe(401);
		const last = sandbox.requests.at(-1);
		expect(last?.authReason).toMatch(/^NTLM: /);
		expect(last?.account).toBeUndefined();
	});

	it('with Extended Protection on, refuses curl (no channel binding) on HTTPS with the same 401', async () => {
		sandbox.setOptions({ extendedProtection: true });
		const [answer] = await curlNtlm(SVC, sandbox.httpsUrl, [getInbox], ['--cacert', caFile]);
		expect(answer.status).toBe(401);
		expect(sandbox.requests.at(-1)?.authReason).toBe('NTLM: channel binding required (Extended Protection) but missing');
	});

	it('with Extended Protection on, still accepts NTLM on plain HTTP, where there is no channel to bind', async () => {
		sandbox.setOptions({ extendedProtection: true });
		const [answer] = await curlNtlm(SVC, sandbox.httpUrl, [getInbox]);
		expect(answer.status).toBe(200);
	});

	it('accepts Basic through curl with DOMAIN\\user, and through HTTP with user@domain', async () => {
		const [viaCurl] = await curl(['--basic', '-u', `${SVC.user}:${SVC.password}`], sandbox.httpUrl, [getInbox]);
		expect(viaCurl.status).toBe(200);
		const viaUpn = await post(sandbox.httpUrl, getInbox, basicAuth('alice@contoso.com', ALICE.password));
		expect(viaUpn.status).toBe(200);
		expect(sandbox.requests.at(-1)?.account).toBe('CONTOSO\\alice');
	});

	it('refuses Basic with a wrong password, and Basic altogether when it is not enabled', async () => {
		expect((await post(sandbox.httpUrl, getInbox, basicAuth(SVC.user, 'nope'))).status).toBe(401);
		sandbox.setOptions({ authSchemes: ['ntlm'] });
		const refused = await post(sandbox.httpUrl, getInbox, basicAuth(SVC.user, SVC.password));
		expect(refused.status).toBe(401);
		expect(headerValues(refused, 'www-authenticate')).toEqual(['Negotiate', 'NTLM']);
		expect(sandbox.requests.at(-1)?.authReason).toBe('Basic is not enabled');
	});

	it('accepts Bearer tokens through the pluggable resolver and marks refused ones invalid_token', async () => {
		sandbox.setOptions({
			authSchemes: ['bearer'],
			bearerTokens: (token) =>
				token === 'good-token'
					? { name: 'app:n8n', canImpersonate: true, fullAccessTo: [], primarySmtpAddress: undefined }
					: undefined,
		});
		const refused = await post(sandbox.httpUrl, getInbox, { Authorization: 'Bearer bad-token' });
		expect(refused.status).toBe(401);
		expect(refused.headers['www-authenticate']).toBe('Bearer realm="127.0.0.1", error="invalid_token"');
		const impersonating = envelope(getFolderBody('inbox'), { impersonate: { by: 'PrimarySmtpAddress', value: 'bob@contoso.com' } });
		const accepted = await post(sandbox.httpUrl, impersonating, { Authorization: 'Bearer good-token', 'X-AnchorMailbox': 'bob@contoso.com' });
		expect(accepted.status).toBe(200);
		const last = sandbox.requests.at(-1);
		expect(last?.account).toBe('app:n8n');
		expect(last?.impersonatedMailbox).toBe('bob@contoso.com');
		expect(last?.anchorMailbox).toBe('bob@contoso.com');
	});

	it("serves the untrusted self-signed certificate on request, which the sandbox CA does not vouch for", async () => {
		sandbox.setOptions({ certificate: 'self-signed' });
		try {
			const [answer] = await curlNtlm(SVC, sandbox.httpsUrl, [getInbox], ['--cacert', caFile]);
			expect(answer.exitCode).toBe(60);
			await expect(post(sandbox.httpsUrl, getInbox, {}, sandbox.caCertificatePem)).rejects.toThrow(/self[- ]signed/);
		} finally {
			sandbox.setOptions({ certificate: 'trusted' });
		}
		expect((await post(sandbox.httpsUrl, getInbox, {}, sandbox.caCertificatePem)).status).toBe(401);
	});

	it('serves IIS-like 404 pages for other paths', async () => {
		const answer = await post(sandbox.httpUrl.replace('/EWS/Exchange.asmx', '/owa/'), getInbox);
		expect(answer.status).toBe(404);
		expect(answer.headers['content-type']).toBe('text/html');
		expect(answer.body).toContain('404 - File or directory not found.');
	});
});
