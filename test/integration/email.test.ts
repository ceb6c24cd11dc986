import { randomBytes } from 'node:crypto';
import type { INodeParameters } from 'n8n-workflow';

import { childObject, textOf } from '../helpers/xmlObjects';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, binaryItem, soapParts, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const SVC = 'svc-n8n@contoso.com';
const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';

function send(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'email', operation: 'send', ...parameters }, ...options });
}

function sentItems(mailbox: string): StoredMessage[] {
	return env.sandbox.store.mailbox(mailbox).folder('sentitems').messages();
}

function inbox(mailbox: string): StoredMessage[] {
	return env.sandbox.store.mailbox(mailbox).folder('inbox').messages();
}

/** The one message the run sent, as its sender's Sent Items holds it. */
function onlySentMessage(mailbox = SVC): StoredMessage {
	const messages = sentItems(mailbox);
	expect(messages).toHaveLength(1);
	return messages[0];
}

function recipientsOf(message: StoredMessage): string[] {
	return env.sandbox.store.deliveriesOf(message.internetMessageId).map((delivery) => delivery.recipient);
}

describe('Email → Send recipients', () => {
	it.each([
		['commas', 'alice@contoso.com, bob@contoso.com'],
		['semicolons', 'alice@contoso.com; bob@contoso.com'],
		['a JSON array string', '["alice@contoso.com","bob@contoso.com"]'],
		['an array from an expression', '={{ ["alice@contoso.com", "bob@contoso.com"] }}'],
	])('accepts addresses separated by %s and delivers once to each', async (_form, to) => {
		const run = await send({ to, subject: 'Two recipients' });

		expect(run.error).toBeUndefined();
		const message = onlySentMessage();
		expect(message.toRecipients.map((r) => r.address)).toEqual([ALICE, BOB]);
		expect(recipientsOf(message)).toEqual([ALICE, BOB]);
		expect(inbox(ALICE).map((m) => m.subject)).toEqual(['Two recipients']);
		expect(inbox(BOB).map((m) => m.subject)).toEqual(['Two recipients']);
		expect(run.outputOf(NODE_NAME)[0].json.to).toEqual([ALICE, BOB]);
	});

	it('keeps the display name of "Name <address>"', async () => {
		const run = await send({ to: '"Anders, Alice" <alice@contoso.com>, Bob Berg <bob@contoso.com>' });

		expect(run.error).toBeUndefined();
		expect(onlySentMessage().toRecipients).toEqual([
			{ address: ALICE, name: 'Anders, Alice' },
			{ address: BOB, name: 'Bob Berg' },
		]);
	});

	it('stores CC, BCC and Reply To and delivers to every recipient exactly once', async () => {
		const run = await send({
			to: ALICE,
			options: { cc: BOB, bcc: `${CAROL}; ${BOB}`, replyTo: 'Helpdesk <helpdesk@fabrikam.com>' },
		});

		expect(run.error).toBeUndefined();
		const message = onlySentMessage();
		expect(message.ccRecipients.map((r) => r.address)).toEqual([BOB]);
		expect(message.bccRecipients.map((r) => r.address)).toEqual([CAROL, BOB]);
		expect(message.replyTo).toEqual([{ address: 'helpdesk@fabrikam.com', name: 'Helpdesk' }]);
		// Bob is on CC and BCC but gets one copy; the Reply To address gets none.
		expect(recipientsOf(message).sort()).toEqual([ALICE, BOB, CAROL]);
		expect(env.sandbox.store.externalOutbox).toHaveLength(0);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ to: [ALICE], cc: [BOB], bcc: [CAROL, BOB] });
	});
});

describe('Email → Send message properties', () => {
	it('sends a text body as Text with no importance, categories or receipts unless asked', async () => {
		const run = await send({ to: BOB, subject: 'Plain', body: 'Hello <b>Bob</b>', bodyType: 'text' });

		expect(run.error).toBeUndefined();
		const message = onlySentMessage();
		expect(message.body).toEqual({ type: 'Text', text: 'Hello <b>Bob</b>' });
		expect(message.importance).toBeUndefined();
		expect(message.categories).toEqual([]);
		expect(message.isReadReceiptRequested).toBeUndefined();
		expect(message.isDeliveryReceiptRequested).toBeUndefined();
	});

	it('sends HTML with importance, categories and both receipts', async () => {
		const run = await send({
			to: BOB,
			subject: 'Rich',
			body: '<p>Hello <b>Bob</b></p>',
			bodyType: 'html',
			options: { importance: 'high', categories: 'Customers, Invoices', readReceipt: true, deliveryReceipt: true },
		});

		expect(run.error).toBeUndefined();
		const [received] = inbox(BOB);
		expect(received.body).toEqual({ type: 'HTML', text: '<p>Hello <b>Bob</b></p>' });
		expect(received.importance).toBe('High');
		expect(received.categories).toEqual(['Customers', 'Invoices']);
		expect(received.isReadReceiptRequested).toBe(true);
		expect(received.isDeliveryReceiptRequested).toBe(true);
	});

	it('sends low importance as Low', async () => {
		await send({ to: BOB, options: { importance: 'low' } });

		expect(onlySentMessage().importance).toBe('Low');
	});

	it('attaches binary properties with their bytes, names and content types', async () => {
		const pdf = randomBytes(70_000);
		// Every byte value, so no encoding step can go unnoticed.
		const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
		const item = await binaryItem(
			{},
			{
				invoice: { fileName: 'Invoice 2026-11.pdf', mimeType: 'application/pdf', content: pdf },
				raw: { fileName: 'bytes.bin', mimeType: 'application/octet-stream', content: allBytes },
			},
		);

		const run = await send({ to: BOB, subject: 'Files', options: { attachments: 'invoice, raw' } }, { items: [item] });

		expect(run.error).toBeUndefined();
		const [received] = inbox(BOB);
		expect(received.attachments.map(({ name, contentType, isInline }) => ({ name, contentType, isInline }))).toEqual([
			{ name: 'Invoice 2026-11.pdf', contentType: 'application/pdf', isInline: false },
			{ name: 'bytes.bin', contentType: 'application/octet-stream', isInline: false },
		]);
		expect(received.attachments[0].content.equals(pdf)).toBe(true);
		expect(received.attachments[1].content.equals(allBytes)).toBe(true);
	});

	it('carries markup characters, quotes, emoji, right-to-left text and CRLF intact', async () => {
		const subject = 'Q&A <re> ]]> "quoted" \'single\' 😀 שלום مرحبا';
		const body = 'Line 1\r\nif (a < b && c > d) { x = "]]>"; }\r\n&amp; stays &amp;\r\n👩‍💻 עברית العربية\r\n';

		const run = await send({ to: BOB, subject, body });

		expect(run.error).toBeUndefined();
		const [received] = inbox(BOB);
		expect(received.subject).toBe(subject);
		expect(received.body).toEqual({ type: 'Text', text: body });
		expect(run.outputOf(NODE_NAME)[0].json.subject).toBe(subject);
	});

	it('carries a 1 MB body intact', async () => {
		const line = 'Größe ✓ <1MB> & more 😀\r\n';
		const body = line.repeat(Math.ceil(1024 * 1024 / Buffer.byteLength(line)));

		const run = await send({ to: BOB, subject: 'Large', body, bodyType: 'html' });

		expect(run.error).toBeUndefined();
		expect(Buffer.byteLength(body)).toBeGreaterThanOrEqual(1024 * 1024);
		expect(inbox(BOB)[0].body?.text === body).toBe(true);
	});
});

describe('Email → Send copies and mailboxes', () => {
	it('keeps a copy in Sent Items by default', async () => {
		const run = await send({ to: `${ALICE}, ${BOB}` });

		expect(run.error).toBeUndefined();
		const message = onlySentMessage();
		expect(message.disposition).toBe('SendAndSaveCopy');
		expect(recipientsOf(message)).toEqual([ALICE, BOB]);
		expect(run.outputOf(NODE_NAME)[0].json.savedToSentItems).toBe(true);
	});

	it('keeps no copy when Save to Sent Items is off, and still delivers once per recipient', async () => {
		const run = await send({ to: `${ALICE}, ${BOB}`, subject: 'No copy', options: { saveToSentItems: false } });

		expect(run.error).toBeUndefined();
		for (const mailbox of [SVC, ALICE, BOB, CAROL]) expect(sentItems(mailbox)).toEqual([]);
		expect(env.sandbox.store.deliveries.map((d) => d.recipient)).toEqual([ALICE, BOB]);
		expect(inbox(ALICE)[0].disposition).toBe('SendOnly');
		expect(run.outputOf(NODE_NAME)[0].json.savedToSentItems).toBe(false);
	});

	it('sends as the own mailbox with it as X-AnchorMailbox and no impersonation', async () => {
		const run = await send({ to: BOB });

		expect(run.error).toBeUndefined();
		const [request] = env.createItemRequests();
		expect(request.anchorMailbox).toBe(SVC);
		expect(request.impersonatedMailbox).toBeUndefined();
		expect(childObject(soapParts(request).header, 'ExchangeImpersonation')).toBeUndefined();
		expect(inbox(BOB)[0].sender.address).toBe(SVC);
		expect(run.outputOf(NODE_NAME)[0].json.mailbox).toBe(SVC);
	});

	it('with impersonation, sends as the mailbox through ExchangeImpersonation and saves in its Sent Items', async () => {
		const run = await send({ mailbox: ALICE, to: BOB, subject: 'As Alice' }, { credential: { impersonation: true } });

		expect(run.error).toBeUndefined();
		const [request] = env.createItemRequests();
		expect(request.anchorMailbox).toBe(ALICE);
		expect(request.impersonatedMailbox).toBe(ALICE);
		const sid = childObject(childObject(soapParts(request).header, 'ExchangeImpersonation'), 'ConnectingSID');
		expect(textOf(sid?.PrimarySmtpAddress)).toBe(ALICE);
		expect(inbox(BOB)[0].sender.address).toBe(ALICE);
		expect(onlySentMessage(ALICE).subject).toBe('As Alice');
		expect(sentItems(SVC)).toEqual([]);
		expect(run.outputOf(NODE_NAME)[0].json.mailbox).toBe(ALICE);
	});

	it('without impersonation, sends as a delegate: From set and the copy saved in that mailbox', async () => {
		const run = await send({ mailbox: BOB, to: CAROL, subject: 'For Bob' }, { credential: { impersonation: false } });

		expect(run.error).toBeUndefined();
		const [request] = env.createItemRequests();
		const { header, operation } = soapParts(request);
		expect(childObject(header, 'ExchangeImpersonation')).toBeUndefined();
		expect(request.impersonatedMailbox).toBeUndefined();
		expect(request.anchorMailbox).toBe(BOB);
		const folder = childObject(childObject(operation, 'SavedItemFolderId'), 'DistinguishedFolderId');
		expect(textOf(folder?.['@Id'])).toBe('sentitems');
		expect(textOf(childObject(folder, 'Mailbox')?.EmailAddress)).toBe(BOB);
		const [received] = inbox(CAROL);
		expect(received.from?.address).toBe(BOB);
		expect(onlySentMessage(BOB).createdBy).toBe('CONTOSO\\svc-n8n');
		expect(sentItems(SVC)).toEqual([]);
	});
});

describe('Email → Send over the wire', () => {
	it('authenticates with NTLM and channel binding over HTTPS by default', async () => {
		// Pooled connections stay logged on: the sandbox closes them so this run makes its own handshake.
		await env.sandbox.closeIdleConnections();
		await send({ to: BOB });

		const [request] = env.createItemRequests();
		expect(request.protocol).toBe('https');
		expect(request.account).toBe('CONTOSO\\svc-n8n');
		expect(env.sandbox.requests.some((r) => r.ntlm?.usedChannelBinding === true)).toBe(true);
	});

	it('sends with Basic authentication over plain HTTP', async () => {
		const run = await send(
			{ to: BOB, subject: 'Basic' },
			{ credential: { url: env.sandbox.httpUrl, authentication: 'basic', username: 'CONTOSO\\svc-n8n' } },
		);

		expect(run.error).toBeUndefined();
		const [request] = env.createItemRequests();
		expect(request).toMatchObject({ protocol: 'http', authorizationScheme: 'Basic', account: 'CONTOSO\\svc-n8n' });
		expect(inbox(BOB).map((m) => m.subject)).toEqual(['Basic']);
	});
});

describe('Email → Send output', () => {
	it('returns one item per input, paired to it, with the recipients as parsed', async () => {
		const items = [
			{ json: { to: ALICE, cc: '', subject: 'First' } },
			{ json: { to: `Bob <${BOB}>`, cc: CAROL, subject: 'Second' } },
			{ json: { to: [CAROL, ALICE], cc: '', subject: 'Third' } },
		];

		const run = await send(
			{ to: '={{ $json.to }}', subject: '={{ $json.subject }}', options: { cc: '={{ $json.cc }}', bcc: SVC } },
			{ items },
		);

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toEqual([
			{ json: { mailbox: SVC, to: [ALICE], cc: [], bcc: [SVC], subject: 'First', savedToSentItems: true }, pairedItem: { item: 0 } },
			{ json: { mailbox: SVC, to: [BOB], cc: [CAROL], bcc: [SVC], subject: 'Second', savedToSentItems: true }, pairedItem: { item: 1 } },
			{ json: { mailbox: SVC, to: [CAROL, ALICE], cc: [], bcc: [SVC], subject: 'Third', savedToSentItems: true }, pairedItem: { item: 2 } },
		]);
		expect(sentItems(SVC).map((m) => [m.subject, recipientsOf(m)])).toEqual([
			['First', [ALICE, SVC]],
			['Second', [BOB, CAROL, SVC]],
			['Third', [CAROL, ALICE, SVC]],
		]);
	});
});
