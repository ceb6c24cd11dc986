import { el } from '../../nodes/Exchange/transport/xml';
import { childObject, parseXml, textOf } from '../helpers/xmlObjects';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { SVC, basicAuth, envelope, faultOf, getFolderBody, mailbox, post, responseMessages } from './client';

describe('sandbox fault injection', () => {
	let sandbox: Sandbox;
	const auth = basicAuth(SVC.user, SVC.password);

	beforeAll(async () => {
		// These tests are about faults, which fire before validation; the schema is covered elsewhere.
		sandbox = await startSandbox({ validateSchema: false, log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => {
		sandbox.store.reset();
		sandbox.faults.clear();
	});

	const sendMessages = (...subjects: string[]) =>
		post(
			sandbox.httpUrl,
			envelope(
				el(
					'm:CreateItem',
					{ MessageDisposition: 'SendOnly' },
					el(
						'm:Items',
						undefined,
						subjects.map((s) => el('t:Message', undefined, el('t:Subject', undefined, s), el('t:ToRecipients', undefined, mailbox('bob@contoso.com')))),
					),
				),
			),
			auth,
		);
	const getInbox = () => post(sandbox.httpUrl, envelope(getFolderBody('inbox')), auth);

	it('serverBusy answers a 500 fault with BackOffMilliseconds and does not process the request', async () => {
		sandbox.faults.push({ kind: 'serverBusy', backOffMs: 1234 });
		const busy = await sendMessages('throttled');
		expect(busy.status).toBe(500);
		const fault = faultOf(busy.body);
		expect(fault.responseCode).toBe('ErrorServerBusy');
		const value = childObject(childObject(fault.detail, 'MessageXml'), 'Value');
		expect([textOf(value?.['@Name']), textOf(value)]).toEqual(['BackOffMilliseconds', '1234']);
		expect(sandbox.store.deliveries).toHaveLength(0);
		expect((await sendMessages('retried')).status).toBe(200);
		expect(sandbox.store.deliveries.map((d) => d.subject)).toEqual(['retried']);
	});

	it('itemError fails only the chosen item of a CreateItem', async () => {
		sandbox.faults.push({ kind: 'itemError', index: 1, code: 'ErrorQuotaExceeded', message: 'The mailbox is full.' });
		const results = responseMessages((await sendMessages('a', 'b', 'c')).body);
		expect(results.map((r) => textOf(r.ResponseCode))).toEqual(['NoError', 'ErrorQuotaExceeded', 'NoError']);
		expect(textOf(results[1].MessageText)).toBe('The mailbox is full.');
		expect(sandbox.store.deliveries.map((d) => d.subject)).toEqual(['a', 'c']);
	});

	it('a fault meant for one operation waits for it', async () => {
		sandbox.faults.push({ kind: 'soapFault', code: 'ErrorInternalServerTransientError', message: 'try later', operation: 'CreateItem' });
		expect((await getInbox()).status).toBe(200);
		expect(sandbox.faults.pending).toHaveLength(1);
		const failed = await sendMessages('x');
		expect(faultOf(failed.body)).toMatchObject({ faultcode: 'a:ErrorInternalServerTransientError', message: 'try later' });
		expect(sandbox.faults.pending).toHaveLength(0);
	});

	it('dropConnection before processing sends nothing; after processing delivers once but never answers', async () => {
		sandbox.faults.push({ kind: 'dropConnection', after: 'beforeProcessing' });
		await expect(sendMessages('lost')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(sandbox.store.deliveries).toHaveLength(0);
		sandbox.faults.push({ kind: 'dropConnection', after: 'afterProcessing' });
		await expect(sendMessages('sent')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(sandbox.store.deliveries.map((d) => d.subject)).toEqual(['sent']);
	});

	it('httpStatus answers 503 with Retry-After, html an IIS error page', async () => {
		sandbox.faults.push({ kind: 'httpStatus', status: 503, retryAfter: 7 }, { kind: 'html', status: 502 });
		const unavailable = await getInbox();
		expect([unavailable.status, unavailable.headers['retry-after']]).toEqual([503, '7']);
		const gateway = await getInbox();
		expect(gateway.status).toBe(502);
		expect(gateway.headers['content-type']).toBe('text/html');
		expect(gateway.body).toContain('502 - Web server received an invalid response');
	});

	it('malformed answers 200 with XML cut short', async () => {
		sandbox.faults.push({ kind: 'malformed' });
		const answer = await getInbox();
		expect(answer.status).toBe(200);
		expect(() => parseXml(answer.body)).toThrow(/not well-formed/);
	});

	it('latency delays the answer', async () => {
		sandbox.faults.push({ kind: 'latency', ms: 300 });
		const started = process.hrtime.bigint();
		expect((await getInbox()).status).toBe(200);
		expect(Number(process.hrtime.bigint() - started) / 1e6).toBeGreaterThanOrEqual(290);
	});

	it('unauthorized answers 401 with the challenges once, then serves again', async () => {
		sandbox.faults.push({ kind: 'unauthorized' });
		const refused = await getInbox();
		expect(refused.status).toBe(401);
		expect(refused.headers['www-authenticate']).toContain('NTLM');
		expect(sandbox.requests.at(-1)?.authReason).toBe('injected: connection authentication dropped');
		expect((await getInbox()).status).toBe(200);
	});

	it('hang never answers, and close() still ends the request and the sandbox', async () => {
		const own = await startSandbox({ validateSchema: false, log: () => undefined });
		own.faults.push({ kind: 'hang' });
		const pending = post(own.httpUrl, envelope(getFolderBody('inbox')), auth);
		const outcome = pending.then(
			() => 'answered',
			() => 'failed',
		);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(own.requests).toHaveLength(1);
		await own.close();
		expect(await outcome).toBe('failed');
	});
});
