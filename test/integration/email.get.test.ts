/**
 * Email → Get against the sandbox. Waits for the sandbox's GetItem and GetAttachment (issue 10, "The
 * sandbox"): until they land, these tests fail, because the sandbox refuses the operations.
 */
import type { INodeParameters } from 'n8n-workflow';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, binaryContent, binaryItem, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const SVC = 'svc-n8n@contoso.com';
const BOB = 'bob@contoso.com';
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

function get(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'email', operation: 'get', mailbox: BOB, ...parameters }, credential: { impersonation: true }, ...options });
}

/** Sends one message to Bob through the node, and returns the copy in Bob's Inbox as the sandbox stores it. */
async function messageInBobsInbox(): Promise<StoredMessage> {
	const run = await env.run({
		parameters: {
			resource: 'email',
			operation: 'send',
			to: `Bob Berg <${BOB}>`,
			subject: 'Invoice 42 & more',
			bodyType: 'html',
			body: '<p>Please pay <b>today</b></p>',
			options: { cc: 'carol@contoso.com', categories: 'Finance', importance: 'high', attachments: 'invoice' },
		},
		items: [await binaryItem({}, { invoice: { fileName: 'invoice.pdf', mimeType: 'application/pdf', content: pdf } })],
	});
	expect(run.error).toBeUndefined();
	const [message] = env.sandbox.store.mailbox(BOB).folder('inbox').messages();
	return message;
}

describe('Email → Get', () => {
	it('returns the message in issue 11\'s shape, as the store holds it', async () => {
		const stored = await messageInBobsInbox();

		const run = await get({ messageId: stored.id, options: { bodyFormat: 'html' } });

		expect(run.error).toBeUndefined();
		const [item] = run.outputOf(NODE_NAME);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			id: stored.id,
			changeKey: stored.changeKey,
			subject: 'Invoice 42 & more',
			from: { address: SVC },
			to: [{ name: 'Bob Berg', address: BOB }],
			cc: [{ address: 'carol@contoso.com' }],
			isRead: false,
			hasAttachments: true,
			importance: 'High',
			categories: ['Finance'],
			bodyType: 'html',
			internetMessageId: stored.internetMessageId,
			folder: { id: env.sandbox.store.mailbox(BOB).folder('inbox').id },
		});
		expect(item.json.body).toContain('<b>today</b>');
		expect(item.json.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
		expect(item.json.sentAt).toMatch(/Z$/);
		expect(item.binary).toBeUndefined();
	});

	it('gives the file attachments and the .eml as binary, bytes identical', async () => {
		const stored = await messageInBobsInbox();

		const run = await get({ messageId: stored.id, options: { downloadAttachments: true, attachmentPrefix: 'file_', includeMime: true } });

		expect(run.error).toBeUndefined();
		const [item] = run.outputOf(NODE_NAME);
		// Written through n8n's helpers: in filesystem mode the item holds an id, the file the bytes.
		expect(item.binary?.file_0).toMatchObject({ fileName: 'invoice.pdf', mimeType: 'application/pdf', id: expect.stringMatching(/^filesystem/) });
		expect((await binaryContent(item.binary?.file_0)).equals(stored.attachments[0].content)).toBe(true);
		expect(item.binary?.eml).toMatchObject({ fileName: 'Invoice 42 more.eml', mimeType: 'message/rfc822' });
		expect((await binaryContent(item.binary?.eml)).toString()).toMatch(/^[\s\S]*Subject: Invoice 42 & more/m);
	});

	it('with Simplify off gives every field read, the simplified ones included', async () => {
		const stored = await messageInBobsInbox();

		const run = await get({ messageId: stored.id, options: { simplify: false } });

		const json = run.outputOf(NODE_NAME)[0].json;
		expect(json).toMatchObject({ kind: 'Message', id: stored.id, subject: 'Invoice 42 & more', body: expect.stringContaining('today') });
		expect(json).toHaveProperty('size');
		expect(json).toHaveProperty('attachments', [expect.objectContaining({ name: 'invoice.pdf', kind: 'file' })]);
	});

	it('fails only the items whose id is not an EWS id or names no item, naming the field and value', async () => {
		const stored = await messageInBobsInbox();
		const [deleted] = env.sandbox.store.deliverIncoming({ from: { address: 'partner@fabrikam.com' }, toRecipients: [{ address: BOB }], subject: 'Gone' });
		env.sandbox.store.deleteItem(deleted.id, 'HardDelete');
		const gone = deleted.id;

		const run = await get(
			{ messageId: '={{ $json.id }}' },
			{ items: [{ json: { id: 'Invoice 42' } }, { json: { id: gone } }, { json: { id: stored.id } }], settings: { onError: 'continueRegularOutput' } },
		);

		const [notAnId, missing, found] = run.outputOf(NODE_NAME);
		expect(notAnId.json.error).toMatch(/^"Message ID" "Invoice 42" is not an EWS item id .*\[item 0\]$/);
		expect(missing.json).toMatchObject({ code: 'ErrorItemNotFound', error: expect.stringContaining(`"Message ID" ${gone} in ${BOB}`) });
		expect(found.json).toMatchObject({ id: stored.id });
		expect(env.sandbox.requests.filter((request) => request.operation === 'GetItem')).toHaveLength(2);
	});
});
