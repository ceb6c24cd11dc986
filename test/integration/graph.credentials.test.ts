import type { ICredentialDataDecryptedObject, INode, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { ExchangeEwsOAuth2Api } from '../../credentials/ExchangeEwsOAuth2Api.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { GRAPH_DELEGATED_PERMISSIONS } from '../../nodes/Exchange/transport/graph/permissions';
import { CredentialTypeRegistry, InMemoryCredentialsHelper } from '../helpers/credentialsHelper';
import { EXCHANGE_NODE_TYPE, NODE_NAME } from '../helpers/exchangeWorkflow';
import { GRAPH_APP, useGraphSandbox } from '../helpers/graphWorkflow';
import { runWorkflow, testCredential, type WorkflowRun } from '../helpers/workflowRunner';

/**
 * A credential's API decides where the node's requests go, and what an admin reads when Graph says no: the
 * scopes the OAuth2 credential asks for, a run through n8n's OAuth2 helper, the credential test, and each of
 * Graph's refusals (token for another resource, a missing permission, a mailbox outside the tenant or kept
 * out by an application access policy), with nothing sent to EWS.
 */

const env = useGraphSandbox();
const ALICE = 'alice@contoso.com';
const ROOT = { __rl: true, mode: 'id', value: 'msgfolderroot' };
const FOLDERS = { resource: 'folder', operation: 'getMany', mailbox: ALICE, folder: ROOT };

const ewsRequests = () => env.sandbox.requests.filter((request) => request.api !== 'graph');
const graphRequests = () => env.sandbox.requests.filter((request) => request.api === 'graph');

/** The credential's fields as n8n resolves them (defaults of the whole extends chain, expressions evaluated). */
async function resolved(data: ICredentialDataDecryptedObject): Promise<ICredentialDataDecryptedObject> {
	const noNodes = () => {
		throw new Error('no nodes');
	};
	const helper = new InMemoryCredentialsHelper(new CredentialTypeRegistry([new ExchangeEwsOAuth2Api()]), {}, { getByName: noNodes, getByNameAndVersion: noNodes, getKnownTypes: () => ({}) });
	return await helper.applyDefaults({} as IWorkflowExecuteAdditionalData, structuredClone(data), 'exchangeEwsOAuth2Api', 'internal');
}

function appOnlyOAuth2(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		grantType: 'clientCredentials',
		api: 'graph',
		graphUrl: env.graphUrl,
		tenantId: env.identity.tenantId,
		loginHost: new URL(env.sandbox.httpUrl).origin,
		clientId: GRAPH_APP.clientId,
		clientSecret: GRAPH_APP.clientSecret ?? '',
		testMailbox: ALICE,
		...overrides,
	};
}

async function runOAuth2(parameters: Record<string, unknown>, credential: ICredentialDataDecryptedObject): Promise<WorkflowRun> {
	const node: INode = {
		id: 'exchange-node',
		name: NODE_NAME,
		type: EXCHANGE_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: { authentication: 'oAuth2', ...parameters },
		credentials: { exchangeEwsOAuth2Api: { id: 'oauth2-graph', name: 'Exchange Online over Graph' } },
	};
	return await runWorkflow({
		nodes: [node],
		nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
		credentialTypes: [new ExchangeEwsOAuth2Api()],
		credentials: { 'oauth2-graph': { type: 'exchangeEwsOAuth2Api', data: credential } },
	});
}

/** Everything n8n shows of a failed run: message and description. */
function failure(result: WorkflowRun): string {
	expect(result.status).toBe('error');
	const error = result.error as { message?: string; description?: string } | undefined;
	return `${error?.message ?? ''}\n${error?.description ?? ''}`;
}

describe('the API field of the Exchange Online credentials', () => {
	it('keeps EWS for credentials saved before it, and asks for Graph scopes on Graph\'s host with Microsoft Graph', async () => {
		const saved = await resolved({ grantType: 'authorizationCode', tenantId: 'contoso.onmicrosoft.com' });
		expect(saved.api).toBe('ews');
		expect(saved.scope).toBe('openid offline_access https://outlook.office365.com/EWS.AccessAsUser.All');

		const delegated = await resolved({ grantType: 'authorizationCode', tenantId: 'contoso.onmicrosoft.com', api: 'graph' });
		expect(String(delegated.scope).split(' ')).toEqual(['openid', 'offline_access', ...GRAPH_DELEGATED_PERMISSIONS.map((permission) => `https://graph.microsoft.com/${permission}`)]);

		const appOnly = await resolved({ grantType: 'clientCredentials', tenantId: 'contoso.onmicrosoft.com', api: 'graph', graphUrl: 'https://graph.microsoft.us/' });
		expect(appOnly.scope).toBe('https://graph.microsoft.us/.default');
	});

	it('runs over Graph through n8n\'s OAuth2 helper: a Graph token from Entra, Graph requests, nothing to EWS', async () => {
		const result = await runOAuth2(FOLDERS, appOnlyOAuth2());
		expect(result.status).toBe('success');
		expect(result.outputOf(NODE_NAME).map((item) => item.json.name)).toEqual(expect.arrayContaining(['Inbox', 'Sent Items']));
		expect(env.identity.tokenRequests).toEqual([expect.objectContaining({ grantType: 'client_credentials', scope: `${env.graphUrl}/.default`, status: 200 })]);
		expect(graphRequests().length).toBeGreaterThan(0);
		expect(graphRequests().every((request) => request.authorizationScheme === 'Bearer' && request.status === 200)).toBe(true);
		expect(ewsRequests()).toHaveLength(0);
	});

	it('tests an app-only credential over Graph by reading the test mailbox\'s Inbox', async () => {
		const ok = await testCredential('exchangeEwsOAuth2Api', appOnlyOAuth2(), new Exchange(), [new ExchangeEwsOAuth2Api()]);
		expect(ok).toEqual({ status: 'OK', message: `Connected to Microsoft Graph as the app, with access to ${ALICE}` });
		expect(graphRequests().map((request) => request.path)).toEqual([expect.stringMatching(/\/users\/alice(@|%40)contoso\.com\/mailFolders\/inbox/)]);

		env.identity.graphAccessPolicies = [{ appId: GRAPH_APP.clientId, mailboxes: ['bob@contoso.com'], accessRight: 'RestrictAccess' }];
		const refused = await testCredential('exchangeEwsOAuth2Api', appOnlyOAuth2(), new Exchange(), [new ExchangeEwsOAuth2Api()]);
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/Test-ApplicationAccessPolicy/);
	});
});

describe('Graph\'s refusals, explained', () => {
	it('a token for EWS sent to Graph: the audience, and what the scope must be', async () => {
		const ewsToken = env.identity.issueAccessToken({ kind: 'app', clientId: GRAPH_APP.clientId, audience: new URL(env.sandbox.httpUrl).origin, permissions: ['full_access_as_app'] });
		const shown = failure(await env.run({ parameters: FOLDERS, credential: { accessToken: ewsToken } }));
		expect(shown).toMatch(/InvalidAuthenticationToken|audience/i);
		expect(shown).toMatch(/https:\/\/graph\.microsoft\.com/);
		expect(shown).not.toContain(ewsToken);
	});

	it('a missing Graph permission: which permission, and admin consent', async () => {
		const shown = failure(await env.run({ parameters: FOLDERS, credential: { accessToken: env.appToken(['Calendars.ReadWrite']) } }));
		expect(shown).toMatch(/ErrorAccessDenied|Authorization_RequestDenied|Access is denied/);
		expect(shown).toMatch(/admin consent/);
	});

	it('a mailbox not in the tenant', async () => {
		const shown = failure(await env.run({ parameters: { ...FOLDERS, mailbox: 'nobody@fabrikam.com' } }));
		expect(shown).toMatch(/ErrorInvalidUser|invalid/);
		expect(shown).toMatch(/tenant/);
	});

	it('a mailbox an application access policy keeps the app out of', async () => {
		env.identity.graphAccessPolicies = [{ appId: GRAPH_APP.clientId, mailboxes: ['bob@contoso.com'], accessRight: 'RestrictAccess' }];
		const shown = failure(await env.run({ parameters: FOLDERS }));
		expect(shown).toMatch(/Test-ApplicationAccessPolicy/);
		const allowed = await env.run({ parameters: { ...FOLDERS, mailbox: 'bob@contoso.com' } });
		expect(allowed.status).toBe('success');
	});

	it('app-only without a mailbox: refused before anything is sent', async () => {
		const shown = failure(await env.run({ parameters: { resource: 'folder', operation: 'getMany', folder: ROOT } }));
		expect(shown).toMatch(/Mailbox/);
		expect(env.sandbox.requests).toHaveLength(0);
	});

	it('Custom EWS Request cannot travel over Graph: refused by name, nothing sent', async () => {
		const shown = failure(await env.run({ parameters: { resource: 'advanced', operation: 'customRequest', mailbox: ALICE, requestBody: '<m:GetFolder/>' } }));
		expect(shown).toMatch(/Custom EWS Request needs the EWS API/);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('EWS in Exchange Online after 2027-04-01', () => {
	afterEach(() => jest.restoreAllMocks());

	it('every Exchange Online EWS error points to the API field', async () => {
		const shutDown = Date.UTC(2027, 3, 1, 9);
		const realNow = Date.now;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() - Date.UTC(2026, 11, 2) + shutDown);
		env.identity.ewsAccess = { enabled: false };
		try {
			const ewsToken = env.identity.issueAccessToken({ kind: 'app', clientId: GRAPH_APP.clientId, audience: new URL(env.sandbox.httpUrl).origin, permissions: ['full_access_as_app'] });
			const shown = failure(await env.run({ parameters: FOLDERS, credential: { api: 'ews', accessToken: ewsToken } }));
			expect(shown).toMatch(/switched EWS off in Exchange Online on 2027-04-01/);
			expect(shown).toMatch(/API to Microsoft Graph/);
		} finally {
			env.identity.ewsAccess = { enabled: true };
		}
	});
});
