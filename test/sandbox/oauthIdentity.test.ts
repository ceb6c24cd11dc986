import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { clientAssertion } from '../../nodes/Exchange/transport/auth/oauthClientCredentials';
import { EWS_APPLICATION_PERMISSION, EWS_DELEGATED_PERMISSION, IdentityPlatform, type SandboxApp } from '../../sandbox/oauthIdentity';
import { startSandbox, type Sandbox } from '../../sandbox/server';

/** The sandbox's Microsoft identity platform look-alike, spoken to over HTTP as any OAuth client would. */

const TENANT = '72f988bf-0000-4000-8000-00000000beef';
const REDIRECT_URI = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
const certificateDir = path.join(__dirname, '..', '..', 'sandbox', 'certs');
const certificatePem = readFileSync(path.join(certificateDir, 'self-signed.pem'), 'utf8');
const privateKeyPem = readFileSync(path.join(certificateDir, 'self-signed.key'), 'utf8');

const webApp: SandboxApp = {
	clientId: 'web-app-0000-4000-8000-000000000001',
	clientSecret: 'web~secret',
	redirectUris: [REDIRECT_URI],
	delegatedPermissions: [EWS_DELEGATED_PERMISSION],
	applicationPermissions: [],
};
const daemon: SandboxApp = {
	clientId: 'daemon-0000-4000-8000-000000000002',
	certificatePem,
	redirectUris: [],
	delegatedPermissions: [],
	applicationPermissions: [EWS_APPLICATION_PERMISSION],
};

let sandbox: Sandbox;
let identity: IdentityPlatform;
let origin: string;

beforeAll(async () => {
	identity = new IdentityPlatform({ tenantId: TENANT, apps: [webApp, daemon], signedInUser: 'alice@contoso.com' });
	sandbox = await startSandbox({ authSchemes: ['bearer'], identity, bearerTokens: identity.bearerTokens, validateSchema: false, log: () => undefined });
	origin = new URL(sandbox.httpUrl).origin;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	identity.ewsAccess = { enabled: true };
});

const tokenUrl = (tenant = TENANT) => `${origin}/${tenant}/oauth2/v2.0/token`;

async function token(form: Record<string, string>, tenant = TENANT): Promise<{ status: number; body: Record<string, unknown> }> {
	const answer = await fetch(tokenUrl(tenant), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
	return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

async function authorize(params: Record<string, string>): Promise<Response> {
	const url = new URL(`${origin}/${TENANT}/oauth2/v2.0/authorize`);
	url.search = new URLSearchParams({ client_id: webApp.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', ...params }).toString();
	return await fetch(url, { redirect: 'manual' });
}

async function signIn(scope: string): Promise<Record<string, unknown>> {
	const redirect = await authorize({ scope, state: 's' });
	const code = new URL(String(redirect.headers.get('location'))).searchParams.get('code') ?? '';
	const { body } = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: webApp.clientId, client_secret: 'web~secret' });
	return body;
}

async function getFolder(accessToken: string): Promise<Response> {
	return await fetch(sandbox.httpUrl, { method: 'POST', headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'text/xml; charset=utf-8' }, body: '<x/>' });
}

describe('token endpoint', () => {
	it('answers errors in Entra\'s JSON shape', async () => {
		const { status, body } = await token({ grant_type: 'client_credentials', client_id: webApp.clientId, client_secret: 'nope', scope: `${origin}/.default` });

		expect(status).toBe(401);
		expect(body).toEqual({
			error: 'invalid_client',
			error_description: expect.stringMatching(/^AADSTS7000215: Invalid client secret provided\..* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
			error_codes: [7000215],
			timestamp: expect.any(String),
			trace_id: expect.any(String),
			correlation_id: expect.any(String),
			error_uri: 'https://login.microsoftonline.com/error?code=7000215',
		});
	});

	it('issues app-only tokens only for a /.default scope at a tenant-specific endpoint', async () => {
		const assertion = () => ({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion(daemon.clientId, tokenUrl(), certificatePem, privateKeyPem) });
		const permission = await token({ grant_type: 'client_credentials', client_id: daemon.clientId, scope: `${origin}/EWS.AccessAsUser.All`, ...assertion() });
		const common = await token({ grant_type: 'client_credentials', client_id: daemon.clientId, scope: `${origin}/.default`, ...assertion() }, 'common');
		const issued = await token({ grant_type: 'client_credentials', client_id: daemon.clientId, scope: `${origin}/.default`, ...assertion() });

		expect(permission.body.error_codes).toEqual([1002012]);
		expect(common.body.error).toBe('invalid_request');
		expect(issued.status).toBe(200);
		expect(issued.body).toEqual({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: expect.any(String) });
		const claims = JSON.parse(Buffer.from(String(issued.body.access_token).split('.')[1], 'base64url').toString('utf8'));
		expect(claims).toMatchObject({ aud: origin, tid: TENANT, appid: daemon.clientId, roles: [EWS_APPLICATION_PERMISSION] });
		expect(claims.scp).toBeUndefined();
	});

	it('refuses a client assertion signed with another key', async () => {
		const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
		const { status, body } = await token({
			grant_type: 'client_credentials',
			client_id: daemon.clientId,
			scope: `${origin}/.default`,
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: clientAssertion(daemon.clientId, tokenUrl(), certificatePem, otherKey),
		});

		expect(status).toBe(401);
		expect(body.error_codes).toEqual([700027]);
	});

	it('redeems an authorization code once, and rotates refresh tokens until they are revoked', async () => {
		const redirect = await authorize({ scope: `openid offline_access ${origin}/${EWS_DELEGATED_PERMISSION}`, state: 's' });
		const code = new URL(String(redirect.headers.get('location'))).searchParams.get('code') ?? '';
		const redeem = () => token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: webApp.clientId, client_secret: 'web~secret' });
		const first = await redeem();
		const second = await redeem();
		const refresh = (refreshToken: unknown) => token({ grant_type: 'refresh_token', refresh_token: String(refreshToken), client_id: webApp.clientId, client_secret: 'web~secret' });
		const renewed = await refresh(first.body.refresh_token);
		const reused = await refresh(first.body.refresh_token);
		identity.revokeRefreshTokens();
		const revoked = await refresh(renewed.body.refresh_token);

		expect(first.body).toMatchObject({ token_type: 'Bearer', scope: `openid offline_access ${origin}/${EWS_DELEGATED_PERMISSION}`, access_token: expect.any(String), refresh_token: expect.any(String) });
		expect(second.body.error_codes).toEqual([54005]);
		expect(renewed.status).toBe(200);
		expect(renewed.body.refresh_token).not.toBe(first.body.refresh_token);
		expect(reused.body.error).toBe('invalid_grant');
		expect(revoked.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
	});
});

describe('authorize endpoint', () => {
	it('redirects back to the registered redirect URI with a code and the state', async () => {
		const answer = await authorize({ scope: `openid ${origin}/${EWS_DELEGATED_PERMISSION}`, state: 'xyz' });
		const location = new URL(String(answer.headers.get('location')));

		expect(answer.status).toBe(302);
		expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(location.searchParams.get('code')).toEqual(expect.any(String));
	});

	it('never redirects to an unregistered redirect URI, and reports missing consent on the callback', async () => {
		const foreign = await authorize({ scope: 'openid', redirect_uri: 'https://attacker.example/cb' });
		const unconsented = await authorize({ scope: `${origin}/Mail.Send`, state: 's' });

		expect(foreign.status).toBe(400);
		expect(foreign.headers.get('location')).toBeNull();
		expect(await foreign.text()).toContain('AADSTS50011');
		expect(new URL(String(unconsented.headers.get('location'))).searchParams.get('error')).toBe('consent_required');
	});
});

describe('Exchange Online front door', () => {
	it('answers an expired or foreign token with Exchange Online\'s 401 and a diagnostics header', async () => {
		const { access_token: delegated } = await signIn(`openid ${origin}/${EWS_DELEGATED_PERMISSION}`);
		identity.expireAccessTokens();
		const graph = identity.issueAccessToken({ kind: 'delegated', clientId: webApp.clientId, audience: 'https://graph.microsoft.com', permissions: ['Mail.Send'], user: 'alice@contoso.com' });
		const expired = await getFolder(String(delegated));
		const foreign = await getFolder(graph);
		const forged = await getFolder(`${String(delegated).split('.').slice(0, 2).join('.')}.forged`);

		expect(expired.status).toBe(401);
		expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer client_id="00000002-0000-0ff1-ce00-000000000000", .*error="invalid_token"$/);
		expect(expired.headers.get('x-ms-diagnostics')).toBe('2000001;reason="The token has expired.";error_category="invalid_token"');
		expect(foreign.status).toBe(401);
		expect(foreign.headers.get('x-ms-diagnostics')).toContain('error_category="invalid_resource"');
		expect(forged.status).toBe(401);
	});

	it('answers 403 when EWS is disabled for the tenant or the app is not allow-listed', async () => {
		const app = identity.issueAccessToken({ kind: 'app', clientId: daemon.clientId, audience: origin, permissions: [EWS_APPLICATION_PERMISSION] });
		identity.ewsAccess = { enabled: false };
		const disabled = await getFolder(app);
		identity.ewsAccess = { enabled: true, allowedAppIds: [webApp.clientId] };
		const notListed = await getFolder(app);
		identity.ewsAccess = { enabled: true, allowedAppIds: [daemon.clientId] };
		const listed = await getFolder(app);

		expect([disabled.status, notListed.status]).toEqual([403, 403]);
		// Past the front door: EWS itself answers (here a schema fault for the dummy body).
		expect(listed.status).toBe(500);
	});
});
