import { EwsError } from '../../nodes/Exchange/transport/errors';
import { GraphClient, type GraphTransport } from '../../nodes/Exchange/transport/graph/graphClient';
import { readGraphError } from '../../nodes/Exchange/transport/graph/graphErrors';
import type { HttpAnswer } from '../../nodes/Exchange/transport/http/answer';

/**
 * The Graph client's own rules, apart from any server: where a request goes, which answers it reads as errors
 * and how, and what a JSON batch's parts become. The integration tests run it against the sandbox's Graph endpoint.
 */

function answer(status: number, body?: unknown, headers: Record<string, string> = {}): HttpAnswer {
	return { status, headers: { 'content-type': 'application/json', ...headers }, wwwAuthenticate: [], body: body === undefined ? '' : JSON.stringify(body) };
}

function clientAnswering(answers: HttpAnswer[], appOnly = true) {
	const sent: Array<{ method: string; url: string; body?: string }> = [];
	const transport: GraphTransport = {
		async send(request) {
			sent.push({ method: request.method, url: request.url.href, body: request.body });
			const next = answers.shift();
			if (!next) throw new Error('no answer left');
			return next;
		},
	};
	return { client: new GraphClient(transport, { baseUrl: new URL('https://graph.example'), appOnly, maxConcurrency: 4 }), sent };
}

describe('Graph client', () => {
	it('puts a request under the mailbox it names, or /me for a signed-in user', async () => {
		const { client, sent } = clientAnswering([answer(200, { id: 'a' }), answer(200, { id: 'b' })], false);
		await client.request({ method: 'GET', path: '/mailFolders/inbox', query: { $select: 'id,displayName', $top: 5, $skip: undefined } }, 'shared@contoso.com');
		await client.request({ method: 'GET', path: '/messages' });
		expect(sent.map((request) => request.url)).toEqual([
			'https://graph.example/v1.0/users/shared%40contoso.com/mailFolders/inbox?%24select=id%2CdisplayName&%24top=5',
			'https://graph.example/v1.0/me/messages',
		]);
	});

	it('refuses app-only access without a mailbox before sending anything', async () => {
		const { client, sent } = clientAnswering([]);
		await expect(client.request({ method: 'GET', path: '/messages' })).rejects.toMatchObject({ code: 'MailboxRequired', processing: 'notProcessed' });
		expect(sent).toHaveLength(0);
	});

	it('follows a next link on Graph\'s own host only', async () => {
		const { client, sent } = clientAnswering([answer(200, { value: [] })]);
		await client.request({ method: 'GET', path: '', url: 'https://graph.example/v1.0/users/a%40contoso.com/messages?$skiptoken=X' }, 'a@contoso.com');
		expect(sent[0].url).toBe('https://graph.example/v1.0/users/a%40contoso.com/messages?$skiptoken=X');
		await expect(client.request({ method: 'GET', path: '', url: 'https://evil.example/v1.0/steal' })).rejects.toMatchObject({ code: 'UnexpectedLink' });
		expect(sent).toHaveLength(1);
	});

	it('sends a write Graph throttled again after the Retry-After it asked for, and never one whose outcome is unknown', async () => {
		const throttled = clientAnswering([answer(429, { error: { code: 'ApplicationThrottled', message: 'MailboxConcurrency' } }, { 'retry-after': '1' }), answer(202)]);
		const started = Date.now();
		await expect(throttled.client.request({ method: 'POST', path: '/sendMail', body: {} }, 'a@contoso.com')).resolves.toMatchObject({ status: 202 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(throttled.sent).toHaveLength(2);

		const lost = clientAnswering([answer(504), answer(202)]);
		await expect(lost.client.request({ method: 'POST', path: '/sendMail', body: {} }, 'a@contoso.com')).rejects.toMatchObject({ processing: 'unknown' });
		expect(lost.sent).toHaveLength(1);
	});

	it('reads a JSON batch\'s parts by id, whatever their order, each as its answer or its error', async () => {
		const { client, sent } = clientAnswering([
			answer(200, {
				responses: [
					{ id: '2', status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'ApplicationThrottled', message: 'slow down' } } },
					{ id: '1', status: 201, headers: {}, body: { id: 'created' } },
				],
			}),
		]);
		const parts = await client.batch([
			{ request: { method: 'POST', path: '/events', body: { subject: 'x' } }, mailbox: 'a@contoso.com' },
			{ request: { method: 'POST', path: '/events', body: { subject: 'y' } }, mailbox: 'a@contoso.com' },
		]);
		expect(JSON.parse(sent[0].body ?? '')).toEqual({
			requests: [
				{ id: '1', method: 'POST', url: '/users/a%40contoso.com/events', body: { subject: 'x' }, headers: { 'Content-Type': 'application/json' } },
				{ id: '2', method: 'POST', url: '/users/a%40contoso.com/events', body: { subject: 'y' }, headers: { 'Content-Type': 'application/json' } },
			],
		});
		expect(sent[0].url).toBe('https://graph.example/v1.0/$batch');
		expect(parts[0]).toMatchObject({ status: 201, body: { id: 'created' } });
		expect(parts[1]).toBeInstanceOf(EwsError);
		expect(parts[1]).toMatchObject({ code: 'TooManyRequests', processing: 'notProcessed', retryAfterMs: 3000 });
	});
});

describe('Graph errors', () => {
	const error = (status: number, code: string, message: string) => readGraphError({ status, headers: {}, body: { error: { code, message } } });

	it('tells an admin what to change for each refusal', () => {
		expect(error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.').hint).toMatch(/graph\.microsoft\.com/);
		expect(error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.').hint).toMatch(/API permissions/);
		expect(error(403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.').hint).toMatch(/Test-ApplicationAccessPolicy/);
		expect(error(404, 'ErrorInvalidUser', "The requested user 'nobody@contoso.com' is invalid.").hint).toMatch(/tenant/);
	});

	it('says whether Graph may have carried a request out', () => {
		expect(error(400, 'ErrorInvalidRecipients', 'bad').processing).toBe('notProcessed');
		expect(error(503, 'ServiceUnavailable', 'busy').processing).toBe('notProcessed');
		expect(error(504, 'UnknownError', '').processing).toBe('unknown');
		expect(readGraphError({ status: 502, headers: {}, body: '<html>Bad gateway</html>' })).toMatchObject({ code: 'Http502', processing: 'unknown' });
	});
});
