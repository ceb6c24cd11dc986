import * as https from 'node:https';

import { IdentityPlatform } from '../../sandbox/oauthIdentity';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { GraphError, type GraphRoute } from '../../sandbox/graph/types';

/**
 * The sandbox's Graph endpoint over real HTTP: token checks, permissions, mailbox resolution, application
 * access policies, error format, JSON batching, the per-mailbox concurrency limit and injected faults. The
 * routes are the test's own, so that the endpoint is tested apart from any resource.
 */

const TENANT = '72f988bf-0000-4000-8000-0000000a0a0a';
const APP = 'graph-app-0000-4000-8000-000000000001';
const OTHER_APP = 'graph-app-0000-4000-8000-000000000002';

let writes = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const testRoutes: GraphRoute[] = [
	{
		method: 'GET',
		pattern: /^\/probe$/,
		scope: 'mailbox',
		permissions: ['Mail.Read', 'Mail.ReadWrite'],
		async handle(context) {
			const delay = Number(context.query.get('delay') ?? 0);
			if (delay > 0) await sleep(delay);
			return { status: 200, body: { '@odata.context': `${context.baseUrl}/$metadata#probe`, mailbox: context.mailbox?.smtpAddress, caller: context.caller.kind } };
		},
	},
	{
		method: 'POST',
		pattern: /^\/probe$/,
		scope: 'mailbox',
		permissions: ['Mail.ReadWrite'],
		handle(context) {
			writes++;
			return { status: 201, body: { echo: context.body } };
		},
	},
	{
		method: 'GET',
		pattern: /^\/probe\/([^/]+)$/,
		scope: 'mailbox',
		permissions: ['Mail.Read', 'Mail.ReadWrite'],
		handle(_context, groups) {
			if (groups[0] === 'missing') throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
			return { status: 200, body: { key: groups[0] } };
		},
	},
	{
		method: 'GET',
		pattern: /^\/directoryProbe$/,
		scope: 'tenant',
		permissions: ['User.Read.All'],
		handle: () => ({ status: 200, body: { value: [] } }),
	},
];

let sandbox: Sandbox;
let identity: IdentityPlatform;
let graph: string;

beforeAll(async () => {
	identity = new IdentityPlatform({
		tenantId: TENANT,
		apps: [{ clientId: APP, clientSecret: 'app-secret', redirectUris: [], delegatedPermissions: [], applicationPermissions: ['Mail.Read'] }],
	});
	sandbox = await startSandbox({ graph: true, graphRoutes: testRoutes, identity, viewer: true, validateSchema: false, log: () => undefined });
	graph = sandbox.graphHttpUrl;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	identity.graphAccessPolicies = [];
	identity.onPremisesMailboxes = [];
	sandbox.graphFaults.clear();
	sandbox.graphConcurrency.resetCounters();
});

function appToken(permissions = ['Mail.ReadWrite', 'User.Read.All'], options: { clientId?: string; audience?: string; expiresInSeconds?: number } = {}): string {
	return identity.issueAccessToken({ kind: 'app', clientId: options.clientId ?? APP, audience: options.audience ?? graph, permissions, expiresInSeconds: options.expiresInSeconds });
}

function userToken(user: string, permissions: string[]): string {
	return identity.issueAccessToken({ kind: 'delegated', clientId: APP, audience: graph, permissions, user });
}

interface Answer {
	status: number;
	headers: Headers;
	body: Record<string, any>;
}

async function call(path: string, token: string | undefined, init: RequestInit = {}, base = graph): Promise<Answer> {
	const headers = new Headers(init.headers);
	if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
	if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
	const response = await fetch(`${base}/v1.0${path}`, { ...init, headers });
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, any>) };
}

function expectError(answer: Answer, status: number, code: string, message?: string | RegExp): void {
	expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
	if (message !== undefined) expect(answer.body.error.message).toMatch(message);
}

/** fetch takes no CA of its own; node's https does. */
function httpsGet(url: string, token: string): Promise<{ status: number; body: any }> {
	return new Promise((resolve, reject) => {
		const request = https.get(url, { ca: sandbox.caCertificatePem, headers: { Authorization: `Bearer ${token}` } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
		});
		request.on('error', reject);
	});
}

async function control(name: string, body: unknown): Promise<{ status: number; body: any }> {
	const origin = new URL(sandbox.httpUrl).origin;
	const response = await fetch(`${origin}/sandbox/api/${name}`, { method: 'POST', body: JSON.stringify(body) });
	return { status: response.status, body: await response.json() };
}

describe('answers', () => {
	test('a route answers JSON with Graph content type, request ids and the route’s @odata.context', async () => {
		const answer = await call('/users/alice@contoso.com/probe', appToken(), { headers: { 'client-request-id': 'my-correlation' } });
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal/);
		expect(answer.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
		expect(answer.headers.get('client-request-id')).toBe('my-correlation');
		expect(answer.body).toEqual({ '@odata.context': `${graph}/v1.0/$metadata#probe`, mailbox: 'alice@contoso.com', caller: 'app' });
		const entry = sandbox.requests.at(-1);
		expect(entry).toMatchObject({ api: 'graph', method: 'GET', path: '/v1.0/users/alice@contoso.com/probe', mailbox: 'alice@contoso.com', account: APP, status: 200 });
		expect(entry?.headers.authorization).toBeUndefined();
	});

	test('users are found by address in any case, URL-encoded or in key syntax; route groups are decoded', async () => {
		expect((await call('/users/ALICE%40contoso.com/probe', appToken())).body.mailbox).toBe('alice@contoso.com');
		expect((await call("/users('bob@contoso.com')/probe", appToken())).body.mailbox).toBe('bob@contoso.com');
		expect((await call('/users/alice@contoso.com/probe/a%2Fb%20c', appToken())).body).toEqual({ key: 'a/b c' });
	});

	test('errors carry Graph’s shape: code, message, innerError with date and request ids', async () => {
		const answer = await call('/users/alice@contoso.com/probe/missing', appToken(), { headers: { 'client-request-id': 'abc' } });
		expectError(answer, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
		expect(answer.body.error.innerError).toEqual({ date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': answer.headers.get('request-id'), 'client-request-id': 'abc' });
	});

	test('an unknown segment is 400 naming it; a known path with another method 405; bad JSON 400; another version 400', async () => {
		expectError(await call('/users/alice@contoso.com/probe/x/nothing', appToken()), 400, 'BadRequest', "Resource not found for the segment 'nothing'.");
		expectError(await call('/nowhere', appToken()), 400, 'BadRequest', "Resource not found for the segment 'nowhere'.");
		const notAllowed = await call('/users/alice@contoso.com/probe', appToken(), { method: 'DELETE' });
		expectError(notAllowed, 405, 'BadRequest', 'Specified HTTP method is not allowed for the request target.');
		expect(notAllowed.headers.get('allow')).toBe('GET, POST');
		expectError(await call('/directoryProbe', appToken(), { method: 'PATCH', body: '{}' }), 405, 'Request_BadRequest');
		expectError(await call('/users/alice@contoso.com/probe', appToken(), { method: 'POST', body: '{"a":' }), 400, 'BadRequest', /Unable to read JSON request payload/);
		const beta = await fetch(`${graph}/beta/users/alice@contoso.com/probe`, { headers: { Authorization: `Bearer ${appToken()}` } });
		expect(beta.status).toBe(400);
	});
});

describe('tokens', () => {
	test('no token or another scheme: 401 InvalidAuthenticationToken with a Bearer challenge', async () => {
		const none = await call('/users/alice@contoso.com/probe', undefined);
		expectError(none, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
		expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
		expectError(await call('/users/alice@contoso.com/probe', undefined, { headers: { Authorization: 'Basic YTpi' } }), 401, 'InvalidAuthenticationToken');
	});

	test('a token the platform never issued is refused', async () => {
		expectError(await call('/users/alice@contoso.com/probe', 'eyJ0eXAiOiJKV1QifQ.e30.c2ln'), 401, 'InvalidAuthenticationToken', 'Access token validation failure.');
		expectError(await call('/users/alice@contoso.com/probe', 'made-up'), 401, 'InvalidAuthenticationToken');
	});

	test('an expired token: Lifetime validation failed', async () => {
		expectError(await call('/users/alice@contoso.com/probe', appToken(undefined, { expiresInSeconds: -5 })), 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
	});

	test('the identity platform’s token endpoint issues Graph tokens for scope <graph origin>/.default', async () => {
		const login = new URL(sandbox.httpUrl).origin;
		const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: APP, client_secret: 'app-secret', scope: `${graph}/.default` });
		const issued = (await (await fetch(`${login}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { access_token: string };
		expect((await call('/users/alice@contoso.com/probe', issued.access_token)).status).toBe(200);
		// The same app's token for EWS is no Graph token.
		form.set('scope', `${login}/.default`);
		const ews = (await (await fetch(`${login}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { access_token: string };
		expectError(await call('/users/alice@contoso.com/probe', ews.access_token), 401, 'InvalidAuthenticationToken', /Invalid audience/);
	});

	test('tokens for Microsoft Graph itself are taken: audience https://graph.microsoft.com, as for scopes naming no resource', async () => {
		expect((await call('/users/alice@contoso.com/probe', appToken(undefined, { audience: 'https://graph.microsoft.com' }))).status).toBe(200);
		const login = new URL(sandbox.httpUrl).origin;
		const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: APP, client_secret: 'app-secret', scope: '.default' });
		const issued = (await (await fetch(`${login}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { access_token: string };
		expect(JSON.parse(Buffer.from(issued.access_token.split('.')[1], 'base64url').toString('utf8'))).toMatchObject({ aud: 'https://graph.microsoft.com' });
		expect((await call('/users/alice@contoso.com/probe', issued.access_token)).status).toBe(200);
		expectError(await call('/users/alice@contoso.com/probe', appToken(undefined, { audience: 'https://outlook.office365.com' })), 401, 'InvalidAuthenticationToken', /Invalid audience/);
	});

	test('a token for EWS (another audience) is refused, and the HTTPS listener wants its own origin', async () => {
		const ewsOrigin = new URL(sandbox.httpsUrl).origin;
		expectError(await call('/users/alice@contoso.com/probe', appToken(undefined, { audience: ewsOrigin })), 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
		// The HTTPS listener, with the sandbox's trusted certificate, takes tokens for its own origin only.
		const overHttps = (token: string) => httpsGet(`${sandbox.graphHttpsUrl}/v1.0/users/alice@contoso.com/probe`, token);
		expect((await overHttps(appToken(undefined, { audience: sandbox.graphHttpsUrl }))).status).toBe(200);
		expect(await overHttps(appToken())).toMatchObject({ status: 401, body: { error: { message: 'Access token validation failure. Invalid audience.' } } });
	});
});

describe('permissions', () => {
	test('an app without the route’s permission: 403 ErrorAccessDenied; a tenant route: 403 Authorization_RequestDenied', async () => {
		expectError(await call('/users/alice@contoso.com/probe', appToken(['Calendars.Read'])), 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
		expectError(await call('/directoryProbe', appToken(['Mail.Read'])), 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
		expect((await call('/directoryProbe', appToken(['User.Read.All']))).status).toBe(200);
	});

	test('a delegated caller reads its own mailbox through /me and /users', async () => {
		const token = userToken('alice@contoso.com', ['Mail.Read']);
		expect((await call('/me/probe', token)).body).toMatchObject({ mailbox: 'alice@contoso.com', caller: 'delegated' });
		expect((await call('/users/alice@contoso.com/probe', token)).status).toBe(200);
	});

	test('another user’s mailbox needs the .Shared permission and Full Access', async () => {
		expectError(await call('/users/bob@contoso.com/probe', userToken('svc-n8n@contoso.com', ['Mail.Read'])), 403, 'ErrorAccessDenied');
		expectError(await call('/users/bob@contoso.com/probe', userToken('alice@contoso.com', ['Mail.Read', 'Mail.Read.Shared'])), 403, 'ErrorAccessDenied');
		expect((await call('/users/bob@contoso.com/probe', userToken('svc-n8n@contoso.com', ['Mail.Read.Shared']))).status).toBe(200);
	});

	test('/me with an app-only token is 400', async () => {
		expectError(await call('/me/probe', appToken()), 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
	});
});

describe('mailboxes and access policies', () => {
	test('a user not in the tenant: 404 ErrorInvalidUser naming it', async () => {
		expectError(await call('/users/nobody@fabrikam.com/probe', appToken()), 404, 'ErrorInvalidUser', "The requested user 'nobody@fabrikam.com' is invalid.");
	});

	test('a mailbox still on-premises (hybrid): 404 MailboxNotEnabledForRESTAPI, set through the test control', async () => {
		expect((await control('graph/onPremisesMailboxes', { mailboxes: ['carol@contoso.com'] })).status).toBe(200);
		expectError(await call('/users/carol@contoso.com/probe', appToken()), 404, 'MailboxNotEnabledForRESTAPI', /hosted on-premise/);
		expect((await call('/users/bob@contoso.com/probe', appToken())).status).toBe(200);
	});

	test('RestrictAccess to a group lets the app reach its members only; other apps and delegated callers are not affected', async () => {
		identity.graphAccessPolicies = [{ appId: APP, mailboxes: ['team@contoso.com'], accessRight: 'RestrictAccess' }];
		expect((await call('/users/bob@contoso.com/probe', appToken())).status).toBe(200);
		expectError(
			await call('/users/invoices@contoso.com/probe', appToken()),
			403,
			'ErrorAccessDenied',
			'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
		);
		expect((await call('/users/invoices@contoso.com/probe', appToken(undefined, { clientId: OTHER_APP }))).status).toBe(200);
		expect((await call('/me/probe', userToken('svc-n8n@contoso.com', ['Mail.Read']))).status).toBe(200);
	});

	test('DenyAccess set through the test control keeps the app out of the named mailbox only', async () => {
		const set = await control('graph/accessPolicies', { policies: [{ appId: APP, mailboxes: ['alice@contoso.com'], accessRight: 'DenyAccess' }] });
		expect(set.status).toBe(200);
		expectError(await call('/users/alice@contoso.com/probe', appToken()), 403, 'ErrorAccessDenied', /RAOP/);
		expect((await call('/users/bob@contoso.com/probe', appToken())).status).toBe(200);
		expect((await control('graph/accessPolicies', { policies: [{ appId: APP, mailboxes: [], accessRight: 'Maybe' }] })).status).toBe(400);
	});
});

describe('viewer API', () => {
	test('the request log and stats tell Graph requests apart', async () => {
		await call('/users/bob@contoso.com/probe', appToken());
		const origin = new URL(sandbox.httpUrl).origin;
		const requests = (await (await fetch(`${origin}/sandbox/api/requests`)).json()) as Array<Record<string, unknown>>;
		expect(requests.at(-1)).toMatchObject({ api: 'graph', path: '/v1.0/users/bob@contoso.com/probe', mailbox: 'bob@contoso.com', status: 200 });
		const stats = (await (await fetch(`${origin}/sandbox/api/stats`)).json()) as Record<string, unknown>;
		expect(stats).toMatchObject({ graphPeakPerMailbox: { 'bob@contoso.com': 1 }, graphRefusedOverMailboxConcurrency: 0 });
	});
});

describe('throttling and faults', () => {
	test('a fifth concurrent request of one app on one mailbox: 429 ApplicationThrottled with Retry-After', async () => {
		const token = appToken();
		const answers = await Promise.all(Array.from({ length: 5 }, () => call('/users/carol@contoso.com/probe?delay=300', token)));
		const refused = answers.filter((answer) => answer.status === 429);
		expect(refused).toHaveLength(1);
		expectError(refused[0], 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.');
		expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
		expect(sandbox.graphConcurrency.peak.get('carol@contoso.com')).toBe(4);
		// Another app, or another mailbox, has its own four.
		const other = await Promise.all([
			...Array.from({ length: 4 }, () => call('/users/carol@contoso.com/probe?delay=200', token)),
			call('/users/carol@contoso.com/probe', appToken(undefined, { clientId: OTHER_APP })),
			call('/users/bob@contoso.com/probe', token),
		]);
		expect(other.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
	});

	test('an injected 429 with Retry-After, pushed through the test control, hits the next matching request only', async () => {
		const pushed = await control('graph/faults', { faults: [{ kind: 'status', status: 429, retryAfter: 7, path: '/probe' }] });
		expect(pushed.status).toBe(200);
		expect((await call('/directoryProbe', appToken())).status).toBe(200);
		const throttled = await call('/users/alice@contoso.com/probe', appToken());
		expectError(throttled, 429, 'TooManyRequests');
		expect(throttled.headers.get('retry-after')).toBe('7');
		expect(sandbox.requests.at(-1)).toMatchObject({ api: 'graph', status: 429, faultCode: 'TooManyRequests', injectedFault: 'status' });
		expect((await call('/users/alice@contoso.com/probe', appToken())).status).toBe(200);
	});

	test('503 with Retry-After, before processing: the write does not happen', async () => {
		sandbox.graphFaults.push({ kind: 'status', status: 503, retryAfter: 2, method: 'POST' });
		const before = writes;
		const answer = await call('/users/alice@contoso.com/probe', appToken(), { method: 'POST', body: '{}' });
		expectError(answer, 503, 'ServiceNotAvailable');
		expect(answer.headers.get('retry-after')).toBe('2');
		expect(writes).toBe(before);
	});

	test('504 after processing, and a dropped connection after processing: the write happened once each', async () => {
		sandbox.graphFaults.push({ kind: 'status', status: 504, processed: true }, { kind: 'dropConnection', after: 'afterProcessing' });
		const before = writes;
		expectError(await call('/users/alice@contoso.com/probe', appToken(), { method: 'POST', body: '{"n":1}' }), 504, 'GatewayTimeout');
		expect(writes).toBe(before + 1);
		await expect(call('/users/alice@contoso.com/probe', appToken(), { method: 'POST', body: '{"n":2}' })).rejects.toThrow();
		expect(writes).toBe(before + 2);
		sandbox.graphFaults.push({ kind: 'dropConnection', after: 'beforeProcessing' });
		await expect(call('/users/alice@contoso.com/probe', appToken(), { method: 'POST', body: '{"n":3}' })).rejects.toThrow();
		expect(writes).toBe(before + 2);
	});
});

describe('$batch', () => {
	async function batch(requests: unknown[], token = appToken()): Promise<Answer> {
		return await call('/$batch', token, { method: 'POST', body: JSON.stringify({ requests }) });
	}
	interface Part {
		id: string;
		status: number;
		headers: Record<string, string>;
		body?: Record<string, any>;
	}
	const byId = (answer: Answer): Record<string, Part> => Object.fromEntries((answer.body.responses as Part[]).map((part) => [part.id, part]));

	test('each part is answered under its id with status, headers and body, errors in Graph’s shape', async () => {
		const before = writes;
		const answer = await batch([
			{ id: '1', method: 'GET', url: '/users/alice@contoso.com/probe' },
			{ id: 'two', method: 'POST', url: 'users/bob@contoso.com/probe', headers: { 'Content-Type': 'application/json' }, body: { subject: 'x' } },
			{ id: '3', method: 'GET', url: '/users/nobody@contoso.com/probe' },
			{ id: '4', method: 'GET', url: '/v1.0/directoryProbe' },
		]);
		expect(answer.status).toBe(200);
		const parts = byId(answer);
		expect(Object.keys(parts).sort()).toEqual(['1', '3', '4', 'two']);
		expect(parts['1']).toMatchObject({ status: 200, body: { mailbox: 'alice@contoso.com' } });
		expect(parts['1'].headers['Content-Type']).toMatch(/^application\/json/);
		expect(parts.two).toMatchObject({ status: 201, body: { echo: { subject: 'x' } } });
		expect(parts['3']).toMatchObject({ status: 404, body: { error: { code: 'ErrorInvalidUser' } } });
		expect(parts['4']).toMatchObject({ status: 200 });
		expect(writes).toBe(before + 1);
		const logged = sandbox.requests.filter((entry) => entry.api === 'graph' && entry.batchPartId !== undefined).slice(-4);
		expect(logged.map((entry) => entry.batchPartId).sort()).toEqual(['1', '3', '4', 'two']);
	});

	test('dependsOn runs a part after its dependency, and a failed dependency answers 424 without running', async () => {
		const before = writes;
		const post = { method: 'POST', url: '/users/alice@contoso.com/probe', headers: { 'content-type': 'application/json' }, body: {} };
		const failed = await batch([
			{ id: 'a', method: 'GET', url: '/users/alice@contoso.com/probe/missing' },
			{ id: 'b', ...post, dependsOn: ['a'] },
			{ id: 'c', ...post, dependsOn: ['b'] },
		]);
		const parts = byId(failed);
		expect([parts.a.status, parts.b.status, parts.c.status]).toEqual([404, 424, 424]);
		expect(parts.b.body).toMatchObject({ error: { code: 'FailedDependency' } });
		expect(writes).toBe(before);
		const sequence = await batch([
			{ id: 'd', method: 'GET', url: '/users/alice@contoso.com/probe?delay=100' },
			{ id: 'e', ...post, dependsOn: ['d'] },
		]);
		expect((sequence.body.responses as Part[]).map((part) => `${part.id}:${part.status}`)).toEqual(['d:200', 'e:201']);
		expect(writes).toBe(before + 1);
	});

	test('parts for one mailbox run at most 4 at a time; no 429 among them', async () => {
		const requests = Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/users/carol@contoso.com/probe?delay=100' }));
		const started = Date.now();
		const answer = await batch([...requests, { id: 'bob', method: 'GET', url: '/users/bob@contoso.com/probe' }]);
		expect((answer.body.responses as Array<{ status: number }>).map((part) => part.status)).toEqual(Array(11).fill(200));
		expect(sandbox.graphConcurrency.peak.get('carol@contoso.com')).toBe(4);
		// Ten parts of 100 ms, four at a time: three rounds.
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	test('malformed batches are refused whole with 400', async () => {
		const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/directoryProbe' }));
		expectError(await batch(many), 400, 'BadRequest');
		expect((await batch(many.slice(0, 20))).status).toBe(200);
		expectError(await batch([{ id: '1', method: 'GET', url: '/directoryProbe' }, { id: '1', method: 'GET', url: '/directoryProbe' }]), 400, 'BadRequest');
		expectError(await batch([{ id: '1', method: 'GET', url: '/directoryProbe', dependsOn: ['9'] }]), 400, 'BadRequest');
		const mixed = [
			{ id: '1', method: 'GET', url: '/directoryProbe' },
			{ id: '2', method: 'GET', url: '/directoryProbe', dependsOn: ['1'] },
			{ id: '3', method: 'GET', url: '/directoryProbe' },
		];
		expectError(await batch(mixed), 400, 'BadRequest', 'Batch should be either fully sequential or fully parallel');
		expectError(await batch([{ id: '1', method: 'POST', url: '/users/alice@contoso.com/probe', body: {} }]), 400, 'BadRequest', /Content-Type/);
		expectError(await call('/$batch', appToken(), { method: 'POST', body: '{"value":[]}' }), 400, 'BadRequest');
	});

	test('a fault aimed at the 2nd part throttles that part only; a fault on the whole batch answers it whole', async () => {
		sandbox.graphFaults.push({ kind: 'status', status: 429, retryAfter: 3, part: 2 });
		const answer = await batch([
			{ id: '1', method: 'GET', url: '/users/alice@contoso.com/probe' },
			{ id: '2', method: 'GET', url: '/users/alice@contoso.com/probe' },
		]);
		const parts = byId(answer);
		expect(parts['1'].status).toBe(200);
		expect(parts['2']).toMatchObject({ status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests' } } });
		sandbox.graphFaults.push({ kind: 'status', status: 503, retryAfter: 1, path: '$batch' });
		const whole = await batch([{ id: '1', method: 'GET', url: '/users/alice@contoso.com/probe' }]);
		expectError(whole, 503, 'ServiceNotAvailable');
	});

	test('the batch needs a valid token itself', async () => {
		expectError(await batch([{ id: '1', method: 'GET', url: '/directoryProbe' }], 'made-up'), 401, 'InvalidAuthenticationToken');
	});
});
