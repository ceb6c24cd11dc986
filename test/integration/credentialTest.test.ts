import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { expectCheckedRequestsSchemaValid } from '../helpers/schema';
import { testCredential } from '../helpers/workflowRunner';

let sandbox: Sandbox;

/** The credential test as the editor runs it: through n8n-core's credential test context, defaults applied. */
async function test(data: Record<string, unknown>) {
	return await testCredential(
		'exchangeEwsApi',
		{ url: sandbox.httpsUrl, username: 'CONTOSO\\svc-n8n', password: 'S3rvice!Pass', caCertificate: sandbox.caCertificatePem, ...data },
		new Exchange(),
		[new ExchangeEwsApi()],
	);
}

beforeAll(async () => {
	sandbox = await startSandbox({ extendedProtection: true });
});

afterEach(() => {
	expectCheckedRequestsSchemaValid(sandbox.requests);
	sandbox.requests.length = 0;
	sandbox.setOptions({ extendedProtection: true, authSchemes: ['ntlm', 'basic'], certificate: 'trusted' });
});

afterAll(async () => {
	await sandbox.close();
});

describe('credential test', () => {
	it('succeeds with NTLM over HTTPS with Extended Protection on, with a real GetFolder', async () => {
		expect(await test({})).toEqual({ status: 'OK', message: 'Connected to Exchange' });
		const call = sandbox.requests.find((entry) => entry.operation === 'GetFolder');
		expect(call?.status).toBe(200);
		expect(sandbox.requests.find((entry) => entry.ntlm)?.ntlm?.usedChannelBinding).toBe(true);
	});

	it('proves the impersonation right on the test mailbox', async () => {
		const result = await test({ impersonation: true, testMailbox: 'alice@contoso.com' });
		expect(result).toEqual({ status: 'OK', message: 'Connected to Exchange, impersonating alice@contoso.com' });
		expect(sandbox.requests.find((entry) => entry.operation === 'GetFolder')?.impersonatedMailbox).toBe('alice@contoso.com');
	});

	it('explains a missing impersonation right', async () => {
		const result = await test({ username: 'CONTOSO\\alice', password: 'Al1ce!Pass', impersonation: true, testMailbox: 'bob@contoso.com' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/ErrorImpersonateUserDenied/);
		expect(result.message).toMatch(/New-ManagementRoleAssignment -Role ApplicationImpersonation/);
	});

	it('explains wrong credentials and the Extended Protection case alike, without the password', async () => {
		const result = await test({ password: 'Not-The-Password-42' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/user name or password/);
		expect(result.message).toMatch(/Extended Protection/);
		expect(result.message).not.toContain('Not-The-Password-42');
	});

	it('explains that NTLM is not offered', async () => {
		sandbox.setOptions({ authSchemes: ['basic'] });
		const result = await test({});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/does not offer NTLM/);
	});

	it('explains an untrusted certificate', async () => {
		const result = await test({ caCertificate: '' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/not trusted/);
		expect(result.message).toMatch(/CA Certificate/);
	});

	it('explains a URL that is not an EWS endpoint', async () => {
		const result = await test({ url: sandbox.httpsUrl.replace('/EWS/Exchange.asmx', '/owa/') });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/no EWS endpoint/);
	});

	it('explains an invalid URL before connecting', async () => {
		const result = await test({ url: 'mail.contoso.com' });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/not a valid URL/) });
	});

	it('succeeds with Basic', async () => {
		expect((await test({ authentication: 'basic', username: 'svc-n8n@contoso.com' })).status).toBe('OK');
	});
});
