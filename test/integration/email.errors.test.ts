import type { INodeParameters } from 'n8n-workflow';

import { NODE_NAME, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const CONTINUE = { settings: { onError: 'continueRegularOutput' as const } };

function send(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'email', operation: 'send', ...parameters }, ...options });
}

function deliveredSubjects(): Array<string | undefined> {
	return env.sandbox.store.deliveries.map((delivery) => delivery.subject);
}

describe('Email → Send refuses bad input before anything is sent', () => {
	it.each<[string, INodeParameters, RegExp]>([
		['an empty To', { to: ' ' }, /"To" is empty/],
		['an invalid address in To', { to: `${BOB}, bob@contoso` }, /Invalid e-mail address "bob@contoso" in "To"/],
		['an invalid address in CC', { to: BOB, options: { cc: 'Carol <carol.contoso.com>' } }, /"carol\.contoso\.com" in "CC".*"@" is missing/],
		['a subject with a line break', { to: BOB, subject: 'Hello\r\nBcc: victim@fabrikam.com' }, /"Subject" must be a single line/],
		[
			'a missing binary property',
			{ to: BOB, options: { attachments: 'invoice' } },
			/"Attachments" names the binary property "invoice".*no binary property of that name/,
		],
		['a control character in the body', { to: BOB, body: 'Total:\u0001 12 EUR' }, /"Body" contains the character U\+0001 at position 7/],
		['an invalid mailbox', { to: BOB, mailbox: 'shared mailbox' }, /Invalid e-mail address "shared mailbox" in "Mailbox"/],
	])('refuses %s with a NodeOperationError naming field and item', async (_case, parameters, message) => {
		const run = await send({ subject: 'Refused', ...parameters });

		expect(run.status).toBe('error');
		expect(run.error).toMatchObject({ name: 'NodeOperationError', node: { name: NODE_NAME } });
		expect(run.error?.message).toMatch(message);
		expect(run.error?.message).toContain('[item 0]');
		expect(env.createItemRequests()).toEqual([]);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});
});

describe('Email → Send with several items', () => {
	const batch = [
		{ json: { to: BOB, subject: 'One' } },
		{ json: { to: 'nobody-at-contoso.com', subject: 'Two' } },
		{ json: { to: CAROL, subject: 'Three' } },
	];
	const parameters = { to: '={{ $json.to }}', subject: '={{ $json.subject }}' };

	it('with continue-on-fail, sends the good items and turns the bad one into an error item', async () => {
		const run = await send(parameters, { items: batch, ...CONTINUE });

		expect(run.status).toBe('success');
		const output = run.outputOf(NODE_NAME);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ to: [BOB], subject: 'One' });
		expect(output[1].json).toEqual({
			error: expect.stringMatching(/^Invalid e-mail address "nobody-at-contoso\.com" in "To".*\[item 1\]$/),
		});
		expect(output[2].json).toMatchObject({ to: [CAROL], subject: 'Three' });
		expect(env.sandbox.store.deliveries.map((d) => [d.subject, d.recipient])).toEqual([
			['One', BOB],
			['Three', CAROL],
		]);
	});

	it('with "continue using error output", routes a failed item, named by its EWS code, to the error output', async () => {
		env.sandbox.faults.push({ kind: 'itemError', operation: 'CreateItem', index: 1, code: 'ErrorInvalidRecipients' });
		const good = batch.map((item) => ({ json: { ...item.json, to: BOB } }));

		const run = await send(parameters, { items: good, settings: { onError: 'continueErrorOutput' } });

		expect(run.status).toBe('success');
		const [success, failed] = run.runData[NODE_NAME][0].data?.main ?? [];
		expect(success?.map((item) => [item.json.subject, item.pairedItem])).toEqual([
			['One', { item: 0 }],
			['Three', { item: 2 }],
		]);
		expect(failed?.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(failed?.[0].json.error).toMatch(/^ErrorInvalidRecipients: .*\[item 1\]$/);
	});

	it('without continue-on-fail, stops at the bad item with an error naming its index', async () => {
		const run = await send(parameters, { items: batch });

		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/"nobody-at-contoso\.com" in "To".*\[item 1\]/);
		// Whatever the good items did, the bad one sent nothing and nothing went out twice.
		const subjects = deliveredSubjects();
		expect(subjects).not.toContain('Two');
		expect(new Set(subjects).size).toBe(subjects.length);
	});
});

describe('Email → Send with errors Exchange reports', () => {
	it('turns an item error into an error item carrying the EWS code', async () => {
		env.sandbox.faults.push({ kind: 'itemError', operation: 'CreateItem', index: 0, code: 'ErrorInvalidRecipients' });

		const run = await send({ to: BOB, subject: 'Refused by Exchange' }, CONTINUE);

		expect(run.status).toBe('success');
		const [item] = run.outputOf(NODE_NAME);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ code: 'ErrorInvalidRecipients', error: expect.stringContaining('ErrorInvalidRecipients') });
		expect(env.createItemRequests().map((r) => r.injectedFault)).toEqual(['itemError']);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});

	it('says which limit to raise when the message is too large', async () => {
		env.sandbox.faults.push({
			kind: 'itemError',
			operation: 'CreateItem',
			index: 0,
			code: 'ErrorMessageSizeExceeded',
			message: 'The message exceeds the maximum supported size.',
		});

		const run = await send({ to: BOB, subject: 'Too large' });

		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/ErrorMessageSizeExceeded.*\[item 0\]/);
		expect(run.error?.description).toMatch(/MaxSendSize/);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});
});
