/**
 * Email → Reply, Reply All and Forward through n8n-core against the sandbox: where the answer lands, with the
 * server's RE: / FW: prefix and the original quoted below the node's text, extra recipients, attachments
 * (saved draft, CreateAttachment, SendItem, as Microsoft documents), drafts, exactly-once and bad input; each
 * outcome checked in the sandbox's store.
 */
import { randomBytes } from 'node:crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, binaryItem, soapParts, useExchangeSandbox } from '../helpers/exchangeWorkflow';
import { childObject, textOf } from '../helpers/xmlObjects';

const env = useExchangeSandbox();

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const SVC = 'svc-n8n@contoso.com';

function respond(operation: string, parameters: INodeParameters, items: INodeExecutionData[], continueOnFail = false) {
	return env.run({
		parameters: { resource: 'email', operation, mailbox: BOB, messageId: '={{ $json.id }}', ...parameters },
		credential: { impersonation: true },
		items,
		...(continueOnFail ? { settings: { onError: 'continueRegularOutput' as const } } : {}),
	});
}

/** A message from Alice to Bob, Cc Carol, as Bob's Inbox holds it. */
function received(subject = 'Quarterly numbers', attachments: Array<{ name: string; content: Buffer }> = []): StoredMessage {
	const [copy] = env.sandbox.store.deliverIncoming({
		from: { address: ALICE, name: 'Alice Anders' },
		toRecipients: [{ address: BOB }],
		ccRecipients: [{ address: CAROL }],
		subject,
		body: { type: 'Text', text: 'The numbers are in.' },
		attachments: attachments.map((a) => ({ ...a, contentType: 'application/pdf', isInline: false })),
	});
	return copy;
}

const folder = (mailbox: string, name: 'inbox' | 'drafts' | 'sentitems') => env.sandbox.store.mailbox(mailbox).folder(name).messages();
const answersIn = (mailbox: string) => folder(mailbox, 'inbox').filter((m) => /^(RE|FW): /.test(m.subject ?? ''));
const requests = (operation: string) => env.sandbox.requests.filter((request) => request.operation === operation);
const id = (message: StoredMessage) => ({ json: { id: message.id } });

/** An input item with two binary properties: a PDF and every byte value, so no encoding step goes unnoticed. */
async function files() {
	const pdf = randomBytes(70_000);
	const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
	const item = await binaryItem(
		{},
		{
			report: { fileName: 'Report.pdf', mimeType: 'application/pdf', content: pdf },
			raw: { fileName: 'bytes.bin', mimeType: 'application/octet-stream', content: allBytes },
		},
	);
	return { pdf, allBytes, item };
}

describe('Email → Reply and Reply All', () => {
	it('replies to the sender with RE:, the text above the quoted original, and a copy in Sent Items', async () => {
		const original = received();

		const run = await respond('reply', { body: 'Thanks, got it.' }, [id(original)]);

		expect(run.error).toBeUndefined();
		const [reply] = answersIn(ALICE);
		expect(reply).toMatchObject({ subject: 'RE: Quarterly numbers', from: { address: BOB }, inReplyTo: original.internetMessageId });
		expect(reply.toRecipients.map((a) => a.address)).toEqual([ALICE]);
		const lines = reply.body?.text.split('\r\n') ?? [];
		expect(lines[0]).toBe('Thanks, got it.');
		expect(lines).toContain('From: Alice Anders <alice@contoso.com>');
		expect(lines[lines.length - 1]).toBe('The numbers are in.');
		expect(answersIn(CAROL)).toEqual([]);
		expect(folder(BOB, 'sentitems').map((m) => m.subject)).toEqual(['RE: Quarterly numbers']);
		expect(run.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
			{ id: null, changeKey: null, sent: true, mailbox: BOB, originalId: original.id, to: [], cc: [], bcc: [], attachments: [] },
		]);
	});

	it('replies to all with an HTML text and extra recipients; many replies share one CreateItem request', async () => {
		const first = received('First');
		const second = received('Second');

		const run = await respond(
			'replyAll',
			{ bodyType: 'html', body: '<p>Agreed</p>', options: { bcc: SVC, cc: 'room-101@contoso.com' } },
			[id(first), id(second)],
		);

		expect(run.error).toBeUndefined();
		expect(requests('CreateItem')).toHaveLength(1);
		for (const subject of ['RE: First', 'RE: Second']) {
			const deliveredTo = env.sandbox.store.deliveries.filter((d) => d.subject === subject).map((d) => d.recipient);
			expect(deliveredTo.sort()).toEqual([ALICE, CAROL, 'room-101@contoso.com', SVC]);
		}
		const [reply] = answersIn(ALICE).filter((m) => m.subject === 'RE: First');
		expect(reply.body?.type).toBe('HTML');
		const html = reply.body?.text ?? '';
		expect(html.indexOf('<p>Agreed</p>')).toBeGreaterThan(-1);
		expect(html.indexOf('<p>Agreed</p>')).toBeLessThan(html.indexOf('The numbers are in.'));
		expect(run.outputOf(NODE_NAME).map((item) => item.json.originalId)).toEqual([first.id, second.id]);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ sent: true, cc: ['room-101@contoso.com'], bcc: [SVC] });
	});
});

describe('Email → Reply as a delegate', () => {
	it('without impersonation, answers from the mailbox named, saving the copy in its Sent Items', async () => {
		const original = received();

		const run = await env.run({
			parameters: { resource: 'email', operation: 'reply', mailbox: BOB, messageId: original.id, body: 'On it.' },
			credential: { impersonation: false },
		});

		expect(run.error).toBeUndefined();
		const { header, operation } = soapParts(env.createItemRequests()[0]);
		expect(childObject(header, 'ExchangeImpersonation')).toBeUndefined();
		const folderId = childObject(childObject(operation, 'SavedItemFolderId'), 'DistinguishedFolderId');
		expect([textOf(folderId?.['@Id']), textOf(childObject(folderId, 'Mailbox')?.EmailAddress)]).toEqual(['sentitems', BOB]);
		const [reply] = answersIn(ALICE);
		expect(reply.from?.address).toBe(BOB);
		expect(folder(BOB, 'sentitems').map((m) => m.subject)).toEqual(['RE: Quarterly numbers']);
		expect(folder(SVC, 'sentitems')).toEqual([]);
	});
});

describe('Email → Forward', () => {
	it('forwards with FW: to the given To and CC, the original quoted and its attachments kept', async () => {
		const pdf = randomBytes(5_000);
		const original = received('Invoice', [{ name: 'invoice.pdf', content: pdf }]);

		const run = await respond('forward', { to: CAROL, body: 'For you', options: { cc: SVC } }, [id(original)]);

		expect(run.error).toBeUndefined();
		const [forwarded] = answersIn(CAROL);
		expect(forwarded.subject).toBe('FW: Invoice');
		expect(forwarded.toRecipients.map((a) => a.address)).toEqual([CAROL]);
		expect(forwarded.body?.text.split('\r\n')[0]).toBe('For you');
		expect(forwarded.body?.text).toContain('The numbers are in.');
		expect(forwarded.attachments.map((a) => [a.name, a.content.equals(pdf)])).toEqual([['invoice.pdf', true]]);
		expect(answersIn(SVC).map((m) => m.subject)).toEqual(['FW: Invoice']);
		expect(answersIn(ALICE)).toEqual([]);
	});

	it('refuses a forward without To on that item, naming the field; nothing is sent for it', async () => {
		const first = received('First');
		const second = received('Second');

		const run = await env.run({
			parameters: { resource: 'email', operation: 'forward', mailbox: BOB, messageId: '={{ $json.id }}', to: '={{ $json.to }}' },
			credential: { impersonation: true },
			items: [{ json: { id: first.id, to: '' } }, { json: { id: second.id, to: CAROL } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const [refused, forwarded] = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(refused.error).toMatch(/^"To" is empty: name at least one recipient to forward the message to.*\[item 0\]$/);
		expect(forwarded).toMatchObject({ sent: true, originalId: second.id, to: [CAROL] });
		expect(env.sandbox.store.deliveries.map((d) => d.subject)).toEqual(['FW: Second']);
	});
});

describe('Email → Reply and Forward with attachments', () => {
	it('saves the reply as a draft, adds the files, sends it: they arrive byte for byte, once, and Drafts is empty', async () => {
		const original = received();
		const { pdf, allBytes, item } = await files();

		const run = await respond('reply', { body: 'Attached.', options: { attachments: 'report, raw' } }, [{ ...item, json: { id: original.id } }]);

		expect(run.error).toBeUndefined();
		expect(env.sandbox.requests.map((r) => r.operation)).toEqual(['CreateItem', 'CreateAttachment', 'SendItem']);
		const [reply] = answersIn(ALICE);
		expect(reply.subject).toBe('RE: Quarterly numbers');
		expect(reply.body?.text.split('\r\n')[0]).toBe('Attached.');
		expect(reply.attachments.map((a) => [a.name, a.contentType])).toEqual([
			['Report.pdf', 'application/pdf'],
			['bytes.bin', 'application/octet-stream'],
		]);
		expect(reply.attachments[0].content.equals(pdf)).toBe(true);
		expect(reply.attachments[1].content.equals(allBytes)).toBe(true);
		expect(env.sandbox.store.deliveries.filter((d) => d.subject === 'RE: Quarterly numbers')).toHaveLength(1);
		expect(folder(BOB, 'drafts')).toEqual([]);
		expect(folder(BOB, 'sentitems').map((m) => [m.subject, m.attachments.length])).toEqual([['RE: Quarterly numbers', 2]]);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ id: null, sent: true, attachments: ['Report.pdf', 'bytes.bin'] });
	});

	it('forwards with the original\'s attachments and the new ones, byte for byte', async () => {
		const old = randomBytes(3_000);
		const original = received('Invoice', [{ name: 'invoice.pdf', content: old }]);
		const { pdf, item } = await files();

		const run = await respond('forward', { to: CAROL, options: { attachments: 'report' } }, [{ ...item, json: { id: original.id } }]);

		expect(run.error).toBeUndefined();
		const [forwarded] = answersIn(CAROL);
		expect(forwarded.attachments.map((a) => a.name)).toEqual(['invoice.pdf', 'Report.pdf']);
		expect(forwarded.attachments[0].content.equals(old)).toBe(true);
		expect(forwarded.attachments[1].content.equals(pdf)).toBe(true);
	});
});

describe('Email → Reply saved as draft', () => {
	it('leaves the reply in Drafts, delivers nothing, and outputs the draft\'s id', async () => {
		const original = received();

		const run = await respond('reply', { body: 'Draft text', options: { saveAsDraft: true } }, [id(original)]);

		expect(run.error).toBeUndefined();
		const [draft] = folder(BOB, 'drafts');
		expect(draft).toMatchObject({ subject: 'RE: Quarterly numbers', isDraft: true });
		expect(env.sandbox.store.deliveries).toEqual([]);
		expect(folder(BOB, 'sentitems')).toEqual([]);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ id: draft.id, changeKey: draft.changeKey, sent: false, originalId: original.id });
	});

	it('with attachments, leaves the draft with its files and outputs its current change key', async () => {
		const original = received();
		const { pdf, item } = await files();

		const run = await respond('replyAll', { options: { saveAsDraft: true, attachments: 'report' } }, [{ ...item, json: { id: original.id } }]);

		expect(run.error).toBeUndefined();
		expect(requests('SendItem')).toEqual([]);
		const [draft] = folder(BOB, 'drafts');
		expect(draft.attachments.map((a) => [a.name, a.content.equals(pdf)])).toEqual([['Report.pdf', true]]);
		expect(env.sandbox.store.deliveries).toEqual([]);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ id: draft.id, changeKey: draft.changeKey, sent: false });
	});
});

describe('Email → Reply exactly once', () => {
	it('a SendItem whose answer is lost is reported as outcome unknown, naming the draft, and never sent again', async () => {
		const original = received();
		const { item } = await files();
		env.sandbox.faults.push({ kind: 'dropConnection', after: 'afterProcessing', operation: 'SendItem' });

		const run = await respond('reply', { options: { attachments: 'report' } }, [{ ...item, json: { id: original.id } }], true);

		const [result] = run.outputOf(NODE_NAME).map((output) => output.json);
		expect(result.error).toMatch(/^Outcome unknown: .*while sending it\. Exchange may have sent draft \S+; it was not sent again/);
		expect(requests('SendItem')).toHaveLength(1);
		expect(env.sandbox.store.deliveries.filter((d) => d.subject === 'RE: Quarterly numbers')).toHaveLength(1);
	});

	it('a reply without attachments whose answer is lost is reported as outcome unknown and not sent again', async () => {
		const original = received();
		env.sandbox.faults.push({ kind: 'dropConnection', after: 'afterProcessing', operation: 'CreateItem' });

		const run = await respond('reply', { body: 'Once' }, [id(original)], true);

		expect(run.outputOf(NODE_NAME)[0].json.error).toMatch(/^Outcome unknown: .*Exchange may have sent this reply; it was not sent again/);
		expect(requests('CreateItem')).toHaveLength(1);
		expect(answersIn(ALICE)).toHaveLength(1);
	});

	it('a refused attachment fails the item naming the draft, which stays in Drafts; nothing is sent', async () => {
		const original = received();
		const { item } = await files();
		env.sandbox.faults.push({ kind: 'itemError', index: 0, code: 'ErrorAttachmentSizeLimitExceeded', message: 'The attachment is too large.', operation: 'CreateAttachment' });

		const run = await respond('reply', { options: { attachments: 'report' } }, [{ ...item, json: { id: original.id } }], true);

		const [draft] = folder(BOB, 'drafts');
		expect(draft.subject).toBe('RE: Quarterly numbers');
		const [result] = run.outputOf(NODE_NAME).map((output) => output.json);
		expect(result).toMatchObject({ code: 'ErrorAttachmentSizeLimitExceeded' });
		expect(result.error).toContain(`Nothing was sent: the reply is saved as draft ${draft.id} in Drafts of ${BOB}`);
		expect(requests('SendItem')).toEqual([]);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});

});

describe('Email → Reply bad input and refusals', () => {
	it('fails only the items whose id is not an id or names nothing; the others are answered', async () => {
		const gone = received('Gone');
		env.sandbox.store.deleteItem(gone.id, 'HardDelete');
		const kept = received('Kept');

		const run = await respond('reply', { body: 'Hi' }, [{ json: { id: 'Quarterly numbers' } }, id(gone), id(kept)], true);

		const [notAnId, missing, replied] = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(notAnId.error).toMatch(/^"Message ID" "Quarterly numbers" is not an EWS item id .*\[item 0\]$/);
		expect(missing).toMatchObject({ code: 'ErrorItemNotFound', error: expect.stringContaining(`"Message ID" ${gone.id} in ${BOB}`) });
		expect(missing.error).toMatch(/\[item 1\]$/);
		expect(replied).toMatchObject({ sent: true, originalId: kept.id });
		expect(env.sandbox.store.deliveries.map((d) => d.subject)).toEqual(['RE: Kept']);
	});

	it('a reply to a calendar item is refused on that item, naming the id', async () => {
		const created = await env.run({
			parameters: { resource: 'appointment', operation: 'create', mailbox: BOB, subject: 'Planning', start: '2026-12-01T09:00:00+01:00' },
			credential: { impersonation: true },
		});
		expect(created.error).toBeUndefined();
		const [appointment] = env.sandbox.store.mailbox(BOB).folder('calendar').items;

		const run = await respond('reply', { body: 'Hi' }, [{ json: { id: appointment.id } }], true);

		const [result] = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(result).toMatchObject({ code: 'ErrorInvalidReferenceItem' });
		expect(result.error).toContain(`"Message ID" ${appointment.id} in ${BOB}`);
		expect(result.error).toMatch(/\[item 0\]$/);
		expect(folder(BOB, 'drafts')).toEqual([]);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});
});
