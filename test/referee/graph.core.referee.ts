import { BatchRequestContent, BatchResponseContent, GraphError as SdkGraphError } from '@microsoft/microsoft-graph-client';
import { GraphError, type GraphRoute } from '../../sandbox/graph/types';
import { sdkError, useGraphReferee } from './helpers/graphSdk';

/**
 * Microsoft's Graph SDK against the sandbox's Graph endpoint core, unchanged: answers, errors as the SDK's
 * GraphError with Graph's code and status, JSON batches through BatchRequestContent, and the SDK's own retry
 * honouring the endpoint's 429 Retry-After. The routes are this file's own (resources have their referees).
 */

const probeRoutes: GraphRoute[] = [
	{
		method: 'GET',
		pattern: /^\/refereeProbe$/,
		scope: 'mailbox',
		permissions: ['Mail.Read', 'Mail.ReadWrite'],
		handle: (context) => ({ status: 200, body: { '@odata.context': `${context.baseUrl}/$metadata#refereeProbe`, mailbox: context.mailbox?.smtpAddress } }),
	},
	{
		method: 'POST',
		pattern: /^\/refereeProbe$/,
		scope: 'mailbox',
		permissions: ['Mail.ReadWrite'],
		handle: (context) => ({ status: 201, body: { received: context.body } }),
	},
	{
		method: 'GET',
		pattern: /^\/refereeProbe\/missing$/,
		scope: 'mailbox',
		permissions: ['Mail.Read', 'Mail.ReadWrite'],
		handle: () => {
			throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
		},
	},
];

const { graph, client } = useGraphReferee({ graphRoutes: probeRoutes });

test('a GET answers through the SDK over HTTPS, with the SDK’s token', async () => {
	const answer = (await client.api('/users/alice@contoso.com/refereeProbe').get()) as Record<string, unknown>;
	expect(answer).toEqual({ '@odata.context': `${graph.sandbox.graphHttpsUrl}/v1.0/$metadata#refereeProbe`, mailbox: 'alice@contoso.com' });
	expect(graph.sandbox.requests.at(-1)).toMatchObject({ api: 'graph', protocol: 'https', authorizationScheme: 'Bearer', status: 200 });
});

test('a delegated client reaches /me', async () => {
	const alice = graph.client({ kind: 'delegated', user: 'alice@contoso.com', permissions: ['Mail.Read'] });
	expect(await alice.api('/me/refereeProbe').get()).toMatchObject({ mailbox: 'alice@contoso.com' });
});

test('errors reach the caller as the SDK’s GraphError with Graph’s code, status and request id', async () => {
	const notFound = await sdkError(client.api('/users/alice@contoso.com/refereeProbe/missing').get());
	expect(notFound).toBeInstanceOf(SdkGraphError);
	expect({ statusCode: notFound.statusCode, code: notFound.code, message: notFound.message }).toEqual({
		statusCode: 404,
		code: 'ErrorItemNotFound',
		message: 'The specified object was not found in the store.',
	});
	expect(notFound.requestId).toMatch(/^[0-9a-f-]{36}$/);
	expect(notFound.date).toBeInstanceOf(Date);

	const unknownUser = await sdkError(client.api('/users/nobody@contoso.com/refereeProbe').get());
	expect({ statusCode: unknownUser.statusCode, code: unknownUser.code }).toEqual({ statusCode: 404, code: 'ErrorInvalidUser' });

	const denied = await sdkError(graph.client({ permissions: ['Calendars.Read'] }).api('/users/alice@contoso.com/refereeProbe').get());
	expect({ statusCode: denied.statusCode, code: denied.code }).toEqual({ statusCode: 403, code: 'ErrorAccessDenied' });

	const ewsToken = graph.identity.issueAccessToken({ kind: 'app', clientId: 'x', audience: new URL(graph.sandbox.httpsUrl).origin, permissions: ['Mail.Read'] });
	const wrongAudience = await sdkError(graph.client({ token: ewsToken }).api('/users/alice@contoso.com/refereeProbe').get());
	expect({ statusCode: wrongAudience.statusCode, code: wrongAudience.code }).toEqual({ statusCode: 401, code: 'InvalidAuthenticationToken' });
});

test('a JSON batch built with BatchRequestContent is answered per request, a failed dependency with 424', async () => {
	const base = graph.sandbox.graphHttpsUrl;
	const content = new BatchRequestContent([
		{ id: '1', request: new Request(`${base}/v1.0/users/alice@contoso.com/refereeProbe`, { method: 'GET' }) },
		{
			id: '2',
			request: new Request(`${base}/v1.0/users/bob@contoso.com/refereeProbe`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ subject: 'batched' }),
			}),
			dependsOn: ['1'],
		},
		{ id: '3', request: new Request(`${base}/v1.0/users/nobody@contoso.com/refereeProbe`, { method: 'GET' }), dependsOn: ['2'] },
		{ id: '4', request: new Request(`${base}/v1.0/users/alice@contoso.com/refereeProbe`, { method: 'GET' }), dependsOn: ['3'] },
	]);
	const answer = new BatchResponseContent(await client.api('/$batch').post(await content.getContent()));
	expect(answer.getResponseById('1').status).toBe(200);
	expect(await answer.getResponseById('1').json()).toMatchObject({ mailbox: 'alice@contoso.com' });
	expect(answer.getResponseById('2').status).toBe(201);
	expect(await answer.getResponseById('2').json()).toEqual({ received: { subject: 'batched' } });
	expect(answer.getResponseById('3').status).toBe(404);
	expect(await answer.getResponseById('3').json()).toMatchObject({ error: { code: 'ErrorInvalidUser' } });
	expect(answer.getResponseById('4').status).toBe(424);
});

test('a parallel batch of 20 through the SDK: every request answered', async () => {
	const base = graph.sandbox.graphHttpsUrl;
	const content = new BatchRequestContent(
		Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), request: new Request(`${base}/v1.0/users/carol@contoso.com/refereeProbe`, { method: 'GET' }) })),
	);
	const answer = new BatchResponseContent(await client.api('/$batch').post(await content.getContent()));
	expect([...answer.getResponses().values()].map((response) => response.status)).toEqual(Array(20).fill(200));
});

test('the SDK’s retry handler honours the endpoint’s 429 Retry-After and then succeeds', async () => {
	graph.sandbox.graphFaults.push({ kind: 'status', status: 429, retryAfter: 1, path: '/refereeProbe' });
	const before = graph.sandbox.requests.length;
	const started = Date.now();
	expect(await client.api('/users/alice@contoso.com/refereeProbe').get()).toMatchObject({ mailbox: 'alice@contoso.com' });
	expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	expect(graph.sandbox.requests.slice(before).map((entry) => entry.status)).toEqual([429, 200]);
});
