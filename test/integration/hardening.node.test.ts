import { OutboundHttp } from '@n8n/backend-network';
import { SsrfProtectionConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import type { ICredentialTestFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import packageJson from '../../package.json';
import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { exchangeEwsApiTest } from '../../nodes/Exchange/methods/credentialTest';
import { NODE_NAME, SERVICE_ACCOUNT, binaryItem, soapParts, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';
import { testCredential } from '../helpers/workflowRunner';

/**
 * Issue 9's hardening of what the node sends, driven through n8n's engine against the sandbox: per-item checks
 * before batching, mailboxes in other scripts, bounded error texts, the User-Agent that EWS allow-lists match,
 * and n8n's outbound-request policy.
 */

const env = useExchangeSandbox();

const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const CONTINUE = { settings: { onError: 'continueRegularOutput' as const } };
const USER_AGENT = `n8n-nodes-exchange-ews/${packageJson.version}`;

function send(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'email', operation: 'send', ...parameters }, ...options });
}

function deliveredSubjects(): Array<string | undefined> {
	return env.sandbox.store.deliveries.map((delivery) => delivery.subject);
}

describe('an item with a value Exchange cannot receive fails alone, before it joins a batch', () => {
	const items = (second: INodeExecutionData): INodeExecutionData[] => [
		{ json: { to: BOB, subject: 'One' } },
		second,
		{ json: { to: CAROL, subject: 'Three' } },
	];
	const parameters = { to: '={{ $json.to }}', subject: '={{ $json.subject }}', options: { attachments: '={{ $json.attachments ?? "" }}' } };

	it.each<[string, INodeExecutionData | Promise<INodeExecutionData>, RegExp]>([
		[
			'a control character in a recipient\'s display name',
			{ json: { to: `"Bob\u0001 Builder" <${BOB}>`, subject: 'Two' } },
			/^Invalid e-mail address ""Bob\\u0001 Builder" <bob@contoso\.com>" in "To": the display name contains the character U\+0001 at position 4/,
		],
		[
			'a line break in a display name given as an object',
			{ json: { to: [{ address: BOB, name: 'Bob\nBcc: victim@fabrikam.com' }], subject: 'Two' } },
			/in "To": the display name contains the character U\+000A at position 4/,
		],
		[
			'a control character in an attachment\'s file name',
			binaryItem({ to: BOB, subject: 'Two', attachments: 'data' }, { data: { fileName: 'report\u0001.pdf', mimeType: 'application/pdf', content: Buffer.from('%PDF') } }),
			/^"Attachments": the file name "report\\u0001\.pdf" of binary property "data" contains the character U\+0001 at position 7/,
		],
		[
			'an attachment whose MIME type is not one',
			binaryItem({ to: BOB, subject: 'Two', attachments: 'data' }, { data: { fileName: 'report.pdf', mimeType: 'pdf\u0001', content: Buffer.from('%PDF') } }),
			/^"Attachments": the MIME type "pdf\\u0001" of binary property "data" is not a MIME type/,
		],
	])('%s: the item fails with a NodeOperationError naming field, value and item; the others are sent once', async (_case, second, message) => {
		const run = await send(parameters, { items: items(await second), ...CONTINUE });

		expect(run.status).toBe('success');
		const output = run.outputOf(NODE_NAME);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(message);
		expect(output[1].json.error).toMatch(/\[item 1\]$/);
		expect(output[0].json).toMatchObject({ subject: 'One' });
		expect(output[2].json).toMatchObject({ subject: 'Three' });
		expect(deliveredSubjects().sort()).toEqual(['One', 'Three']);
		// One request carried both good items: the bad one never joined it.
		expect(env.createItemRequests()).toHaveLength(1);
	});

	it('stops at the bad item as a NodeOperationError without continue-on-fail', async () => {
		const run = await send(parameters, { items: items({ json: { to: `Bob\u0007 <${BOB}>`, subject: 'Two' } }) });

		expect(run.status).toBe('error');
		expect(run.error).toMatchObject({ name: 'NodeOperationError' });
		expect(run.error?.message).toMatch(/display name contains the character U\+0007.*\[item 1\]$/);
		expect(deliveredSubjects()).not.toContain('Two');
	});
});

describe('mailboxes whose address is not ASCII', () => {
	it('sends an internationalised domain in IDNA form, in X-AnchorMailbox and in the impersonation header', async () => {
		await send({ to: BOB, subject: 'IDN', mailbox: 'bob@例子.广告' }, { credential: { impersonation: true } });

		const [request] = env.createItemRequests();
		expect(request.anchorMailbox).toBe('bob@xn--fsqu00a.xn--4rr70v');
		const { header } = soapParts(request);
		expect(JSON.stringify(header)).toContain('bob@xn--fsqu00a.xn--4rr70v');
	});

	it('refuses a mailbox whose local part is not ASCII before sending anything, naming field, value and item', async () => {
		const run = await send({ to: BOB, subject: 'EAI', mailbox: '用户@contoso.com' }, { credential: { impersonation: true } });

		expect(run.status).toBe('error');
		expect(run.error).toMatchObject({ name: 'NodeOperationError' });
		expect(run.error?.message).toMatch(/^Invalid e-mail address "用户@contoso\.com" in "Mailbox": the part before "@" contains non-ASCII characters.*\[item 0\]$/);
		expect(env.sandbox.requests).toEqual([]);
	});
});

describe('text a server sends back', () => {
	it('is bounded in error messages: a 160 KB fault text ends up as about 2 KB with an ellipsis', async () => {
		const page = 'Internal error details. '.repeat(7000);
		env.sandbox.faults.push({ kind: 'itemError', operation: 'CreateItem', index: 0, code: 'ErrorInternalServerError', message: page });

		const run = await send({ to: BOB, subject: 'Fault' }, CONTINUE);

		const [item] = run.outputOf(NODE_NAME);
		const error = String(item.json.error);
		expect(error.startsWith('ErrorInternalServerError: Internal error details.')).toBe(true);
		expect(error).toContain('…');
		expect(error.length).toBeLessThan(2200);
		expect(JSON.stringify(run.runData).length).toBeLessThan(20_000);
	});
});

describe('the User-Agent', () => {
	afterEach(() => env.sandbox.setOptions({ ewsAllowList: undefined }));

	it(`is "${USER_AGENT}" on every request, NTLM handshake included`, async () => {
		// New connections, so the run starts with a handshake.
		await env.sandbox.closeIdleConnections();
		await send({ to: BOB, subject: 'Agent' });

		expect(env.sandbox.requests.map((request) => request.status)).toEqual([401, 200]);
		expect(new Set(env.sandbox.requests.map((request) => request.headers['user-agent']))).toEqual(new Set([USER_AGENT]));
	});

	it('passes an EWS allow-list (EwsApplicationAccessPolicy EnforceAllowList) that names n8n-nodes-exchange-ews/*', async () => {
		env.sandbox.setOptions({ ewsAllowList: ['Outlook-iOS/*', 'n8n-nodes-exchange-ews/*'] });

		const run = await send({ to: BOB, subject: 'Allowed' });

		expect(run.error).toBeUndefined();
		expect(deliveredSubjects()).toEqual(['Allowed']);
	});

	it('names the policy and the admin\'s command when the allow-list does not admit the node', async () => {
		env.sandbox.setOptions({ ewsAllowList: ['Outlook-iOS/*'] });

		const run = await send({ to: BOB, subject: 'Blocked' });

		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/HTTP 403.*EwsApplicationAccessPolicy EnforceAllowList.*"n8n-nodes-exchange-ews\/[^"]+"/);
		expect(run.error?.description).toContain(
			'Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowList @{Add="n8n-nodes-exchange-ews/*"}',
		);
		expect(run.error?.description).toContain('Set-CASMailbox -Identity <mailbox> -EwsApplicationAccessPolicy EnforceAllowList');
		expect(env.sandbox.store.deliveries).toEqual([]);
	});
});

describe('n8n\'s outbound-request policy (N8N_SSRF_PROTECTION_ENABLED)', () => {
	const config = Container.get(SsrfProtectionConfig);
	afterEach(() => {
		config.enabled = false;
	});

	it('keeps the node from connecting to an address the policy blocks (here loopback), before anything is sent', async () => {
		config.enabled = true;

		const run = await send({ to: BOB, subject: 'Internal' });

		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/n8n's outbound request policy does not allow connections to 127\.0\.0\.1:\d+/);
		expect(run.error?.description).toMatch(/N8N_SSRF_ALLOWED_HOSTNAMES/);
		expect(env.sandbox.requests).toEqual([]);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});

	it('leaves the node alone while the policy is off', async () => {
		const run = await send({ to: BOB, subject: 'Allowed' });

		expect(run.error).toBeUndefined();
		expect(deliveredSubjects()).toEqual(['Allowed']);
	});

	const credential = () => ({
		url: env.sandbox.httpsUrl,
		authentication: 'ntlm',
		...SERVICE_ACCOUNT,
		version: 'Exchange2016',
		caCertificate: env.sandbox.caCertificatePem,
	});

	it('is applied by the credential test wherever the context offers it', async () => {
		const context = { helpers: { getSecureEgressFilter: () => Container.get(OutboundHttp).egressFilter('enforced') } };

		const result = await exchangeEwsApiTest.call(context as unknown as ICredentialTestFunctions, {
			id: 'credential',
			name: 'Exchange',
			type: 'exchangeEwsApi',
			data: credential(),
		});

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/n8n's outbound request policy does not allow connections to 127\.0\.0\.1/);
		expect(env.sandbox.requests).toEqual([]);
	});

	it('is not offered by n8n\'s own credential test context today: the test connects as before', async () => {
		config.enabled = true;

		const result = await testCredential('exchangeEwsApi', credential(), new Exchange(), [new ExchangeEwsApi()]);

		expect(result).toEqual({ status: 'OK', message: 'Connected to Exchange' });
	});
});
