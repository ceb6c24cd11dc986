import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SsrfProtectionConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import type { ICredentialDataDecryptedObject, IExecuteFunctions, INode, INodeExecutionData, INodeParameters, INodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { ExchangeEwsAccessTokenApi } from '../../credentials/ExchangeEwsAccessTokenApi.credentials';
import { ExchangeEwsOAuth2Api } from '../../credentials/ExchangeEwsOAuth2Api.credentials';
import packageJson from '../../package.json';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { EWS_APPLICATION_PERMISSION, EWS_DELEGATED_PERMISSION, IdentityPlatform, type SandboxApp } from '../../sandbox/oauthIdentity';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { CredentialTypeRegistry, InMemoryCredentialsHelper } from '../helpers/credentialsHelper';
import { n8nOAuth2Request, OAuth2Transport } from '../../nodes/Exchange/transport/auth/oauth2';
import { readOAuth2Settings } from '../../nodes/Exchange/transport/auth/onlineSettings';
import { Connection } from '../../nodes/Exchange/transport/http/connection';
import { EXCHANGE_NODE_TYPE, NODE_NAME, soapParts } from '../helpers/exchangeWorkflow';
import { expectAllRequestsSchemaValid } from '../helpers/schema';
import { runWorkflow, testCredential, type WorkflowRun } from '../helpers/workflowRunner';

/**
 * Exchange Online through n8n's engine: the sandbox plays Microsoft Entra ID (authorize and token endpoints)
 * and Exchange Online's EWS front door, on loopback. Tokens, refreshes and refusals are real HTTP exchanges.
 */

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
// n8n's OAuth2 callback, as an instance at this base URL registers it in Entra.
const REDIRECT_URI = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CREDENTIAL_ID = 'online-credential';

const certificateDir = path.join(__dirname, '..', '..', 'sandbox', 'certs');
const appCertificate = {
	certificate: readFileSync(path.join(certificateDir, 'self-signed.pem'), 'utf8'),
	privateKey: readFileSync(path.join(certificateDir, 'self-signed.key'), 'utf8'),
};

const DELEGATED_SECRET = 'delegated~secret~value';
const DAEMON_SECRET = 'daemon~secret~value';

const delegatedApp: SandboxApp = {
	clientId: '0a1b2c3d-0000-4000-8000-0000000000d1',
	clientSecret: DELEGATED_SECRET,
	redirectUris: [REDIRECT_URI],
	delegatedPermissions: [EWS_DELEGATED_PERMISSION],
	applicationPermissions: [],
};

const daemonApp: SandboxApp = {
	clientId: '0a1b2c3d-0000-4000-8000-0000000000a2',
	clientSecret: DAEMON_SECRET,
	certificatePem: appCertificate.certificate,
	redirectUris: [],
	delegatedPermissions: [],
	applicationPermissions: [EWS_APPLICATION_PERMISSION],
};

let sandbox: Sandbox;
let identity: IdentityPlatform;
let origin: string;

beforeAll(async () => {
	identity = new IdentityPlatform({ tenantId: TENANT, apps: [delegatedApp, daemonApp], signedInUser: ALICE });
	sandbox = await startSandbox({ authSchemes: ['bearer'], identity, bearerTokens: identity.bearerTokens, log: () => undefined });
	origin = new URL(sandbox.httpUrl).origin;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.store.reset();
	sandbox.requests.length = 0;
	identity.tokenRequests.length = 0;
	identity.ewsRefusals.length = 0;
	identity.ewsAccess = { enabled: true };
});

afterEach(() => {
	expectAllRequestsSchemaValid(sandbox.requests);
});

function appOnlyCredential(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		grantType: 'clientCredentials',
		tenantId: TENANT,
		url: sandbox.httpUrl,
		loginHost: origin,
		clientId: daemonApp.clientId,
		clientSecret: DAEMON_SECRET,
		...overrides,
	};
}

function delegatedCredential(oauthTokenData?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	return {
		grantType: 'authorizationCode',
		tenantId: TENANT,
		url: sandbox.httpUrl,
		loginHost: origin,
		clientId: delegatedApp.clientId,
		clientSecret: DELEGATED_SECRET,
		...(oauthTokenData ? { oauthTokenData } : {}),
	};
}

interface OnlineRun {
	authentication: 'oAuth2' | 'accessToken';
	credential: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
}

async function run({ authentication, credential, parameters, items }: OnlineRun): Promise<WorkflowRun> {
	const type = authentication === 'oAuth2' ? 'exchangeEwsOAuth2Api' : 'exchangeEwsAccessTokenApi';
	const node: INode = {
		id: 'exchange-node',
		name: NODE_NAME,
		type: EXCHANGE_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: { authentication, resource: 'email', operation: 'send', subject: 'From Exchange Online', ...parameters },
		credentials: { [type]: { id: CREDENTIAL_ID, name: 'Exchange Online' } },
	};
	return await runWorkflow({
		nodes: [node],
		nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
		credentialTypes: [new ExchangeEwsOAuth2Api(), new ExchangeEwsAccessTokenApi()],
		credentials: { [CREDENTIAL_ID]: { type, data: credential } },
		pinInput: items,
	});
}

/** The credential's fields as n8n resolves them (defaults of the whole extends chain, expressions evaluated). */
async function resolved(data: ICredentialDataDecryptedObject): Promise<ICredentialDataDecryptedObject> {
	const helper = new InMemoryCredentialsHelper(new CredentialTypeRegistry([new ExchangeEwsOAuth2Api()]), {}, { getByName: () => { throw new Error('no nodes'); }, getByNameAndVersion: () => { throw new Error('no nodes'); }, getKnownTypes: () => ({}) });
	return await helper.applyDefaults({} as IWorkflowExecuteAdditionalData, structuredClone(data), 'exchangeEwsOAuth2Api', 'internal');
}

/**
 * "Connect my account" as n8n's server does it: the browser goes to the authorize URL, Entra redirects back
 * to n8n's callback with a code, and n8n redeems it at the token URL (client in the body, as Microsoft's
 * credential sends it).
 */
async function connect(): Promise<ICredentialDataDecryptedObject> {
	const credential = await resolved(delegatedCredential());
	const authorize = new URL(String(credential.authUrl));
	authorize.search = new URLSearchParams({
		client_id: String(credential.clientId),
		redirect_uri: REDIRECT_URI,
		response_type: 'code',
		scope: String(credential.scope),
		state: 'n8n-state',
		...Object.fromEntries(new URLSearchParams(String(credential.authQueryParameters))),
	}).toString();
	const redirect = await fetch(authorize, { redirect: 'manual' });
	expect(redirect.status).toBe(302);
	const callback = new URL(String(redirect.headers.get('location')));
	expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
	expect(callback.searchParams.get('state')).toBe('n8n-state');
	const answer = await fetch(String(credential.accessTokenUrl), {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code: String(callback.searchParams.get('code')),
			redirect_uri: REDIRECT_URI,
			client_id: String(credential.clientId),
			client_secret: String(credential.clientSecret),
		}),
	});
	expect(answer.status).toBe(200);
	return (await answer.json()) as ICredentialDataDecryptedObject;
}

function sentItems(mailbox: string) {
	return sandbox.store.mailbox(mailbox).folder('sentitems').messages();
}

function createItems() {
	return sandbox.requests.filter((request) => request.operation === 'CreateItem');
}

/** Everything n8n would show or store about a failed run, as one string, to prove no secret is in it. */
function shown(result: WorkflowRun): string {
	return JSON.stringify({ error: result.error, runData: result.runData });
}

describe('the OAuth2 credential', () => {
	it('derives the authorize and token URLs from Login Host and Tenant ID, and the scopes from the EWS URL', async () => {
		const delegated = await resolved({ tenantId: 'contoso.onmicrosoft.com' });
		const appOnly = await resolved({ grantType: 'clientCredentials', tenantId: ` ${TENANT} `, url: 'https://outlook.office365.us/EWS/Exchange.asmx', loginHost: 'https://login.microsoftonline.us/' });

		expect(delegated).toMatchObject({
			authUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
			accessTokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
			scope: 'openid offline_access https://outlook.office365.com/EWS.AccessAsUser.All',
			authentication: 'body',
		});
		expect(appOnly).toMatchObject({
			authUrl: `https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/authorize`,
			accessTokenUrl: `https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`,
			scope: 'https://outlook.office365.us/.default',
		});
	});
});

describe('app-only access (client credentials)', () => {
	it('sends as the named mailbox through impersonation, with a token n8n fetched and stored', async () => {
		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });

		expect(result.error).toBeUndefined();
		expect(sentItems(ALICE).map((message) => message.subject)).toEqual(['From Exchange Online']);
		const [request] = createItems();
		expect(request).toMatchObject({ authorizationScheme: 'Bearer', account: daemonApp.clientId, impersonatedMailbox: ALICE, anchorMailbox: ALICE });
		expect(soapParts(request).header?.ExchangeImpersonation).toBeDefined();
		expect(identity.tokenRequests).toEqual([
			{ tenant: TENANT, grantType: 'client_credentials', clientId: daemonApp.clientId, scope: `${origin}/.default`, clientAuthentication: 'secret', status: 200 },
		]);
		expect(result.credentialUpdates).toHaveLength(1);
		expect(result.credentialUpdates[0].data.oauthTokenData).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
	});

	it('fetches one token for a run of many items', async () => {
		const items = [ALICE, BOB, 'carol@contoso.com', ALICE, BOB].map((mailbox) => ({ json: { mailbox } }));
		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: '={{ $json.mailbox }}', to: 'room-101@contoso.com' }, items });

		expect(result.error).toBeUndefined();
		expect(result.outputOf(NODE_NAME)).toHaveLength(5);
		expect([ALICE, BOB, 'carol@contoso.com'].map((mailbox) => sentItems(mailbox).length)).toEqual([2, 2, 1]);
		expect(new Set(createItems().map((request) => request.impersonatedMailbox))).toEqual(new Set([ALICE, BOB, 'carol@contoso.com']));
		expect(identity.tokenRequests).toHaveLength(1);
	});

	it('reads a SOAP fault from the error n8n\'s OAuth2 helper throws', async () => {
		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: 'nobody@contoso.com', to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.context).toMatchObject({ ewsCode: 'ErrorNonExistentMailbox' });
		expect(result.error?.message).toContain('The SMTP address has no mailbox associated with it.');
	});

	it('refuses an empty Mailbox before asking for a token or sending anything', async () => {
		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: '', to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Mailbox" field is empty');
		expect(identity.tokenRequests).toHaveLength(0);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('refuses a tenant alias such as "common", naming the Tenant ID field', async () => {
		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential({ tenantId: 'common' }), parameters: { mailbox: ALICE, to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Credential field "tenantId": App-only access .* needs the tenant's own ID/);
		expect(identity.tokenRequests).toHaveLength(0);
	});

	it('explains a wrong client secret without showing it', async () => {
		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential({ clientSecret: 'wrong~secret' }), parameters: { mailbox: ALICE, to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Microsoft Entra refused to issue a token (invalid_client: AADSTS7000215: Invalid client secret provided.');
		expect(result.error?.description).toContain('the secret\'s Value, not its Secret ID');
		expect(shown(result)).not.toContain('wrong~secret');
		expect(createItems()).toHaveLength(0);
	});

	it('says when EWS is disabled for the tenant: the cause, the dates and what the admin must do', async () => {
		identity.ewsAccess = { enabled: false };
		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Exchange Online refused EWS access (HTTP 403): EWS is disabled for this tenant or mailbox, or the app is not on the tenant\'s EWS allow-list');
		const description = String(result.error?.description);
		for (const needed of ['2026-10-01', '2027-04-01', 'EWSEnabled $true', 'EWSAllowedAppIDs', daemonApp.clientId]) {
			expect(description).toContain(needed);
		}
		expect(identity.ewsRefusals).toEqual([{ status: 403, reason: 'EWSEnabled is False' }]);
		expect(sentItems(ALICE)).toHaveLength(0);
	});

	it('works once the tenant allow-lists the app, and not before', async () => {
		identity.ewsAccess = { enabled: true, allowedAppIds: [delegatedApp.clientId] };
		const refused = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });
		identity.ewsAccess = { enabled: true, allowedAppIds: [delegatedApp.clientId, daemonApp.clientId] };
		const allowed = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });

		expect(refused.error?.message).toContain('HTTP 403');
		expect(allowed.error).toBeUndefined();
		expect(sentItems(ALICE)).toHaveLength(1);
	});
});

describe('delegated access (authorization code)', () => {
	it('sends as the signed-in user with the token from Connect', async () => {
		const tokens = await connect();
		identity.tokenRequests.length = 0;
		const result = await run({ authentication: 'oAuth2', credential: delegatedCredential(tokens), parameters: { to: BOB } });

		expect(result.error).toBeUndefined();
		expect(sentItems(ALICE).map((message) => message.subject)).toEqual(['From Exchange Online']);
		const [request] = createItems();
		expect(request).toMatchObject({ authorizationScheme: 'Bearer', account: 'CONTOSO\\alice', impersonatedMailbox: undefined });
		expect(identity.tokenRequests).toHaveLength(0);
		expect(result.credentialUpdates).toHaveLength(0);
	});

	it('renews an expired token, repeats the request once and has n8n store the new tokens', async () => {
		const tokens = await connect();
		identity.expireAccessTokens();
		identity.tokenRequests.length = 0;
		const result = await run({ authentication: 'oAuth2', credential: delegatedCredential(tokens), parameters: { to: BOB } });

		expect(result.error).toBeUndefined();
		expect(identity.ewsRefusals).toEqual([{ status: 401, reason: expect.stringContaining('The token has expired.') }]);
		expect(identity.tokenRequests).toEqual([expect.objectContaining({ grantType: 'refresh_token', clientId: delegatedApp.clientId, clientAuthentication: 'secret', status: 200 })]);
		expect(sentItems(ALICE)).toHaveLength(1);
		expect(createItems().filter((request) => request.status === 200)).toHaveLength(1);
		expect(result.credentialUpdates).toHaveLength(1);
		const stored = result.credentialUpdates[0].data.oauthTokenData as ICredentialDataDecryptedObject;
		expect(stored.access_token).not.toBe(tokens.access_token);
		expect(stored.refresh_token).not.toBe(tokens.refresh_token);
	});

	it('asks to reconnect when the refresh token was revoked, showing no token', async () => {
		const tokens = await connect();
		identity.expireAccessTokens();
		identity.revokeRefreshTokens();
		const result = await run({ authentication: 'oAuth2', credential: delegatedCredential(tokens), parameters: { to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Microsoft refused to renew the credential's sign-in|needs to be reconnected/);
		expect(String(result.error?.description)).toMatch(/reconnect|Connect/);
		expect(identity.tokenRequests.at(-1)).toMatchObject({ grantType: 'refresh_token', status: 400, error: 'invalid_grant' });
		expect(sentItems(ALICE)).toHaveLength(0);
		const visible = shown(result);
		for (const secret of [tokens.access_token, tokens.refresh_token, DELEGATED_SECRET]) expect(visible).not.toContain(String(secret));
	});

	it('says to connect first when the credential never signed in', async () => {
		const result = await run({ authentication: 'oAuth2', credential: delegatedCredential(), parameters: { to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('not connected to a Microsoft account yet');
		expect(result.error?.description).toContain('click Connect');
	});
});

describe('a bring-your-own access token', () => {
	it('sends with a token passed from the input item into the node parameter', async () => {
		const token = identity.issueAccessToken({ kind: 'delegated', clientId: delegatedApp.clientId, audience: origin, permissions: [EWS_DELEGATED_PERMISSION], user: ALICE });
		const result = await run({
			authentication: 'accessToken',
			credential: { url: sandbox.httpUrl },
			parameters: { accessToken: '={{ $json.access_token }}', to: BOB },
			items: [{ json: { access_token: token } }],
		});

		expect(result.error).toBeUndefined();
		expect(createItems()[0]).toMatchObject({ authorizationScheme: 'Bearer', account: 'CONTOSO\\alice' });
		expect(sentItems(ALICE)).toHaveLength(1);
	});

	it('sends with the token stored in the credential', async () => {
		const token = identity.issueAccessToken({ kind: 'delegated', clientId: delegatedApp.clientId, audience: origin, permissions: [EWS_DELEGATED_PERMISSION], user: ALICE });
		const result = await run({ authentication: 'accessToken', credential: { url: sandbox.httpUrl, accessToken: `Bearer ${token}` }, parameters: { to: BOB } });

		expect(result.error).toBeUndefined();
		expect(sentItems(ALICE)).toHaveLength(1);
	});

	it('impersonates the named mailbox with an app-only token, and requires one', async () => {
		const token = identity.issueAccessToken({ kind: 'app', clientId: daemonApp.clientId, audience: origin, permissions: [EWS_APPLICATION_PERMISSION] });
		const sent = await run({ authentication: 'accessToken', credential: { url: sandbox.httpUrl, accessToken: token }, parameters: { mailbox: BOB, to: ALICE } });
		const withoutMailbox = await run({ authentication: 'accessToken', credential: { url: sandbox.httpUrl, accessToken: token }, parameters: { to: ALICE } });

		expect(sent.error).toBeUndefined();
		expect(createItems()).toEqual([expect.objectContaining({ authorizationScheme: 'Bearer', account: daemonApp.clientId, impersonatedMailbox: BOB, anchorMailbox: BOB })]);
		expect(sentItems(BOB)).toHaveLength(1);
		expect(withoutMailbox.error?.message).toContain('"Mailbox" field is empty');
	});

	it('says an expired token has expired, without showing it', async () => {
		const token = identity.issueAccessToken({ kind: 'delegated', clientId: delegatedApp.clientId, audience: origin, permissions: [EWS_DELEGATED_PERMISSION], user: ALICE, expiresInSeconds: -60 });
		const result = await run({ authentication: 'accessToken', credential: { url: sandbox.httpUrl, accessToken: token }, parameters: { to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Exchange refused the access token (HTTP 401: The token has expired.)');
		expect(result.error?.description).toContain('Get a fresh token');
		expect(shown(result)).not.toContain(token);
		expect(sentItems(ALICE)).toHaveLength(0);
	});

	it('says a token for another resource (Microsoft Graph) has the wrong audience', async () => {
		const token = identity.issueAccessToken({ kind: 'delegated', clientId: delegatedApp.clientId, audience: 'https://graph.microsoft.com', permissions: ['Mail.Send'], user: ALICE });
		const result = await run({ authentication: 'accessToken', credential: { url: sandbox.httpUrl, accessToken: token }, parameters: { to: BOB } });

		expect(result.error?.message).toContain('The audience claim value is invalid for current resource');
		expect(result.error?.description).toContain('issued for another resource');
	});
});

describe('the credential test (client credentials)', () => {
	const test = (data: ICredentialDataDecryptedObject) =>
		testCredential('exchangeEwsOAuth2Api', data, new Exchange(), [new ExchangeEwsOAuth2Api()]);

	it('gets a token and opens the test mailbox through impersonation, with a client secret', async () => {
		const result = await test(appOnlyCredential({ testMailbox: ALICE }));

		expect(result).toEqual({ status: 'OK', message: `Connected to Exchange as the app, impersonating ${ALICE}` });
		expect(identity.tokenRequests).toEqual([expect.objectContaining({ grantType: 'client_credentials', clientAuthentication: 'secret', status: 200 })]);
		expect(sandbox.requests.find((request) => request.operation === 'GetFolder')).toMatchObject({ impersonatedMailbox: ALICE, anchorMailbox: ALICE, status: 200 });
	});

	it('signs a client assertion with the certificate instead of a secret', async () => {
		const result = await test(appOnlyCredential({ testMailbox: ALICE, clientSecret: '', clientCredentialType: 'certificate', ...appCertificate }));

		expect(result.status).toBe('OK');
		expect(identity.tokenRequests).toEqual([expect.objectContaining({ clientAuthentication: 'assertion', status: 200 })]);
	});

	it('reports a wrong secret and a blocked tenant in words an admin can act on', async () => {
		const wrongSecret = await test(appOnlyCredential({ testMailbox: ALICE, clientSecret: 'wrong~secret' }));
		identity.ewsAccess = { enabled: true, allowedAppIds: [] };
		const blocked = await test(appOnlyCredential({ testMailbox: ALICE }));

		expect(wrongSecret.status).toBe('Error');
		expect(wrongSecret.message).toContain('invalid_client');
		expect(wrongSecret.message).not.toContain('wrong~secret');
		expect(blocked.status).toBe('Error');
		expect(blocked.message).toContain('HTTP 403');
		expect(blocked.message).toContain('2027-04-01');
	});

	it('asks for a test mailbox rather than testing nothing', async () => {
		const result = await test(appOnlyCredential());

		expect(result).toEqual({ status: 'Error', message: 'Enter a Test Mailbox: app-only access has no mailbox of its own to open' });
		expect(identity.tokenRequests).toHaveLength(0);
	});

	it('sends through n8n\'s HTTP helper, as runs do, so n8n\'s outbound-request policy refuses the same EWS URL in both', async () => {
		const policy = Container.get(SsrfProtectionConfig);
		const blockedMessage = /^n8n's outbound request policy does not allow connections to 127\.0\.0\.1:\d+/;
		policy.enabled = true;
		try {
			const result = await test(appOnlyCredential({ testMailbox: ALICE }));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(blockedMessage);
			expect(identity.tokenRequests).toHaveLength(0);

			// n8n's OAuth2 helper fetches the token outside the policy; the EWS request is refused alike.
			const nodeRun = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });
			expect(nodeRun.error?.message).toMatch(blockedMessage);
		} finally {
			policy.enabled = false;
		}
		expect(sandbox.requests).toEqual([]);
	});
});

describe('the Exchange Online paths, hardened (issue 9)', () => {
	const USER_AGENT = `n8n-nodes-exchange-ews/${packageJson.version}`;

	afterEach(() => sandbox.setOptions({ ewsAllowList: undefined }));

	it('sends the node\'s User-Agent through n8n\'s OAuth2 helper, with a token from the user, and in the credential test', async () => {
		const token = identity.issueAccessToken({ kind: 'delegated', clientId: delegatedApp.clientId, audience: origin, permissions: [EWS_DELEGATED_PERMISSION], user: ALICE });

		await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });
		await run({ authentication: 'accessToken', credential: { url: sandbox.httpUrl, accessToken: token }, parameters: { to: BOB } });
		await testCredential('exchangeEwsOAuth2Api', appOnlyCredential({ testMailbox: ALICE }), new Exchange(), [new ExchangeEwsOAuth2Api()]);

		const ews = sandbox.requests.filter((request) => request.operation !== undefined);
		expect(ews.map((request) => request.operation)).toEqual(['CreateItem', 'CreateItem', 'GetFolder']);
		expect(new Set(ews.map((request) => request.headers['user-agent']))).toEqual(new Set([USER_AGENT]));
	});

	it('names the EWS allow-list and the admin\'s command when Exchange Online refuses the node\'s User-Agent', async () => {
		sandbox.setOptions({ ewsAllowList: ['Outlook-iOS/*'] });

		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.context).toMatchObject({ ewsCode: 'UserAgentNotAllowed' });
		expect(result.error?.description).toContain('-EwsAllowList @{Add="n8n-nodes-exchange-ews/*"}');
		expect(sentItems(ALICE)).toEqual([]);
	});

	it('stops reading an answer larger than 64 MB that comes through n8n\'s OAuth2 helper', async () => {
		const huge = `<?xml version="1.0" encoding="utf-8"?><!-- ${'x'.repeat(64 * 1024 * 1024)} -->`;
		sandbox.faults.push({ kind: 'httpStatus', operation: 'CreateItem', status: 200, body: huge });

		const result = await run({ authentication: 'oAuth2', credential: appOnlyCredential(), parameters: { mailbox: ALICE, to: BOB } });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/larger than 64 MB and was not read/);
		expect(result.error?.context).toMatchObject({ ewsCode: 'ResponseTooLarge' });
		// The injected answer was never schema-checked: it leaves the log before the file's schema check.
		sandbox.requests.length = 0;
	});
});

describe('one reading of HTTP answers on every path', () => {
	// Two challenges, the first with a comma inside a quoted parameter: joined into one line they blur.
	const CHALLENGES = ['Bearer realm="contoso, fabrikam", error="invalid_token"', 'Basic realm=""'];
	const PROBE_TYPE = 'test.oauth2Probe';

	/** Posts one envelope through the node's OAuth2 transport, inside n8n's engine, and outputs the answer as read. */
	class OAuth2Probe implements INodeType {
		description = {
			displayName: 'OAuth2 Probe',
			name: 'oauth2Probe',
			group: ['transform'],
			version: 1,
			description: 'Test probe',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'exchangeEwsOAuth2Api', required: true }],
			properties: [],
		} as unknown as INodeType['description'];

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const transport = new OAuth2Transport(n8nOAuth2Request(this), readOAuth2Settings(await this.getCredentials('exchangeEwsOAuth2Api')));
			const answer = await transport.post('<probe/>', {});
			return [[{ json: { status: answer.status, wwwAuthenticate: answer.wwwAuthenticate, body: answer.body } }]];
		}
	}

	async function withChallengingServer<T>(status: number, use: (url: string) => Promise<T>): Promise<T> {
		const server = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				res.writeHead(status, { 'Content-Type': 'text/plain', 'WWW-Authenticate': CHALLENGES });
				res.end('answered');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	}

	async function probe(url: string): Promise<INodeExecutionData['json']> {
		const tokens = await connect();
		const result = await runWorkflow({
			nodes: [{ id: 'probe', name: 'Probe', type: PROBE_TYPE, typeVersion: 1, position: [200, 0], parameters: {}, credentials: { exchangeEwsOAuth2Api: { id: CREDENTIAL_ID, name: 'Exchange Online' } } }],
			nodeTypes: { [PROBE_TYPE]: new OAuth2Probe() },
			credentialTypes: [new ExchangeEwsOAuth2Api()],
			credentials: { [CREDENTIAL_ID]: { type: 'exchangeEwsOAuth2Api', data: { ...delegatedCredential(tokens), url } } },
		});
		expect(result.error).toBeUndefined();
		return result.outputOf('Probe')[0].json;
	}

	it.each([200, 403])('keeps two WWW-Authenticate headers apart through n8n\'s OAuth2 helper (HTTP %i)', async (status) => {
		const answer = await withChallengingServer(status, probe);

		expect(answer).toEqual({ status, wwwAuthenticate: CHALLENGES, body: 'answered' });
	});

	it('reads the same answer on the on-premises path', async () => {
		const answer = await withChallengingServer(403, async (url) => {
			const connection = new Connection({ url: new URL(url), tls: { rejectUnauthorized: true }, timeoutMs: 5000 });
			try {
				return await connection.post('<probe/>', {});
			} finally {
				connection.close();
			}
		});

		expect({ status: answer.status, wwwAuthenticate: answer.wwwAuthenticate, body: answer.body }).toEqual({ status: 403, wwwAuthenticate: CHALLENGES, body: 'answered' });
	});
});
