import { el } from '../../nodes/Exchange/transport/xml';
import { childObject, textOf, type XmlObject } from '../helpers/xmlObjects';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { ALICE, SVC, basicAuth, envelope, faultOf, mailbox, post } from './client';

describe('sandbox per-account concurrency limit (EWSMaxConcurrency)', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		// The latency keeps requests in progress long enough to overlap.
		sandbox = await startSandbox({ maxConcurrency: 2, latencyMs: 300, validateSchema: false, log: () => undefined });
	});

	afterAll(() => sandbox.close());

	const send = (account: { user: string; password: string }, subject: string) =>
		post(
			sandbox.httpUrl,
			envelope(
				el(
					'm:CreateItem',
					{ MessageDisposition: 'SendOnly' },
					el('m:Items', undefined, el('t:Message', undefined, el('t:Subject', undefined, subject), el('t:ToRecipients', undefined, mailbox('bob@contoso.com')))),
				),
			),
			basicAuth(account.user, account.password),
		);

	const values = (detail: XmlObject) => {
		const list = childObject(detail, 'MessageXml')?.Value;
		return Object.fromEntries((Array.isArray(list) ? list : [list]).map((v) => [textOf((v as XmlObject)['@Name']), textOf(v)]));
	};

	it('refuses an account\'s request beyond the limit unprocessed with ErrorServerBusy, and lets other accounts through', async () => {
		const answers = await Promise.all([send(SVC, 'one'), send(SVC, 'two'), send(SVC, 'three'), send(ALICE, 'alice')]);
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(3);
		const refused = answers.find((a) => a.status === 500);
		if (!refused) throw new Error('no request was refused');
		const fault = faultOf(refused.body);
		expect(fault.responseCode).toBe('ErrorServerBusy');
		expect(fault.message).toMatch(/exceeded the available concurrent connections/);
		expect(values(fault.detail)).toMatchObject({ Policy: 'MaxConcurrency', MaxConcurrencyLimit: '2', BackOffMilliseconds: '0' });
		expect(answers[3].status).toBe(200);

		const refusedSubject = ['one', 'two', 'three'][answers.indexOf(refused)];
		expect(sandbox.store.deliveries.map((d) => d.subject)).not.toContain(refusedSubject);
		expect(sandbox.store.deliveries).toHaveLength(3);
		expect(sandbox.concurrency).toMatchObject({ refused: 1, peak: 3 });
		expect(sandbox.requests.filter((r) => r.faultCode === 'ErrorServerBusy')).toHaveLength(1);

		// The slot is free again once the other requests ended.
		expect((await send(SVC, 'again')).status).toBe(200);
	});
});
