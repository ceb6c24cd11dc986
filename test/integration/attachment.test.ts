/**
 * Attachment → Get Many and Download against the sandbox: messages delivered through the sandbox's test
 * controls, attachments read back through the node and compared byte for byte with what the store holds.
 */
import type { INodeParameters } from 'n8n-workflow';
import type { StoredMessage } from '../../sandbox/store';
import { runTestControl } from '../../sandbox/testControls';
import { NODE_NAME, binaryContent, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const BOB = 'bob@contoso.com';
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const csv = Buffer.from('Artikel;Menge\r\nÄpfel;3\r\n', 'utf8');
const forwarded = Buffer.from(
	'From: Partner <partner@fabrikam.com>\r\nTo: bob@contoso.com\r\nSubject: Order 7\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\nPlease ship order 7.\r\n',
);

function run(operation: string, parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'attachment', operation, mailbox: BOB, ...parameters }, credential: { impersonation: true }, ...options });
}

/** Delivers a message to Bob through the sandbox's `incoming` test control; returns Bob's copy as stored. */
function deliver(attachments: unknown[], subject = 'Order documents'): StoredMessage {
	const answer = runTestControl(
		env.sandbox.store,
		'incoming',
		JSON.stringify({ from: 'Partner <partner@fabrikam.com>', to: BOB, subject, body: 'See attached.', attachments }),
	);
	expect(answer?.status).toBe(200);
	return env.sandbox.store.mailbox(BOB).folder('inbox').messages().find((message) => message.subject === subject) as StoredMessage;
}

function withEveryKind(): StoredMessage {
	return deliver([
		{ name: 'invoice.pdf', contentType: 'application/pdf', content: pdf.toString('base64') },
		{ name: 'logo.png', contentType: 'image/png', isInline: true, contentId: 'logo@contoso', content: png.toString('base64') },
		{ name: 'Übersicht März.csv', contentType: 'text/csv', content: csv.toString('base64') },
		{ name: 'Order 7', kind: 'item', content: forwarded.toString('base64') },
	]);
}

const requestsOf = (operation: string) => env.sandbox.requests.filter((request) => request.operation === operation);

describe('Attachment → Get Many', () => {
	it('lists every attachment of the message, one item each, as the store holds them', async () => {
		const message = withEveryKind();

		const result = await run('getMany', { messageId: message.id });

		expect(result.error).toBeUndefined();
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => item.json)).toEqual(
			message.attachments.map((attachment, index) => ({
				id: attachment.id,
				messageId: message.id,
				index,
				name: attachment.name,
				contentType: attachment.contentType ?? 'message/rfc822',
				size: attachment.content.length,
				isInline: attachment.isInline,
				kind: attachment.attachedItem ? 'item' : 'file',
				lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			})),
		);
		expect(items.every((item) => item.binary === undefined && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(requestsOf('GetAttachment')).toHaveLength(0);
	});

	it('downloads them as binaries byte for byte with names and MIME types: files as they are, the attached message as .eml', async () => {
		const message = withEveryKind();

		const result = await run('getMany', { messageId: message.id, options: { downloadAttachments: true, attachmentPrefix: 'file_' } });

		expect(result.error).toBeUndefined();
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => [item.json.binaryProperty, item.binary?.[item.json.binaryProperty as string]?.fileName, item.binary?.[item.json.binaryProperty as string]?.mimeType])).toEqual([
			['file_0', 'invoice.pdf', 'application/pdf'],
			['file_1', 'logo.png', 'image/png'],
			['file_2', 'Übersicht März.csv', 'text/csv'],
			['file_3', 'Order 7.eml', 'message/rfc822'],
		]);
		for (const [index, item] of items.entries()) {
			// Written through n8n's helpers: in filesystem mode the item holds an id, the file the bytes.
			expect(item.binary?.[`file_${index}`]?.id).toMatch(/^filesystem/);
			expect((await binaryContent(item.binary?.[`file_${index}`])).equals(message.attachments[index].content)).toBe(true);
		}
		expect((await binaryContent(items[3].binary?.file_3)).equals(forwarded)).toBe(true);
		// The four fit one answer: one GetAttachment, asking for the attached item's MIME content.
		expect(requestsOf('GetAttachment')).toHaveLength(1);
		expect(requestsOf('GetAttachment')[0].body).toMatch(/<t:IncludeMimeContent>true<\/t:IncludeMimeContent>/);
	});

	it('leaves out inline attachments when asked', async () => {
		const message = withEveryKind();

		const result = await run('getMany', { messageId: message.id, options: { includeInline: false, downloadAttachments: true } });

		expect(result.outputOf(NODE_NAME).map((item) => [item.json.name, Object.keys(item.binary ?? {})])).toEqual([
			['invoice.pdf', ['attachment_0']],
			['Übersicht März.csv', ['attachment_2']],
			['Order 7', ['attachment_3']],
		]);
	});

	it('gives nothing for a message without attachments, and fails a bad or unknown message id naming it, the other items going on', async () => {
		const plain = deliver([], 'No attachments');
		const gone = deliver([{ name: 'a.txt', content: Buffer.from('a').toString('base64') }], 'Gone');
		env.sandbox.store.deleteItem(gone.id, 'HardDelete');
		const message = withEveryKind();

		const result = await run(
			'getMany',
			{ messageId: '={{ $json.id }}' },
			{
				items: [{ json: { id: plain.id } }, { json: { id: 'Invoice 42' } }, { json: { id: gone.id } }, { json: { id: message.id } }],
				settings: { onError: 'continueRegularOutput' },
			},
		);

		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([1, 2, 3, 3, 3, 3]);
		expect(items[0].json.error).toMatch(/^"Message ID" "Invoice 42" is not an EWS item id .*\[item 1\]$/);
		expect(items[1].json).toMatchObject({ code: 'ErrorItemNotFound', error: expect.stringContaining(`"Message ID" ${gone.id} in ${BOB}`) });
		expect(items.slice(2).map((item) => item.json.name)).toEqual(message.attachments.map((attachment) => attachment.name));
		// The id that is not an EWS id was refused before anything was sent.
		expect(requestsOf('GetItem')).toHaveLength(3);
	});
});

describe('Attachment → Download', () => {
	it('gives one file attachment as a binary, byte for byte', async () => {
		const message = withEveryKind();
		const csvAttachment = message.attachments[2];

		const result = await run('download', { messageId: message.id, attachmentId: csvAttachment.id });

		expect(result.error).toBeUndefined();
		const [item] = result.outputOf(NODE_NAME);
		expect(item.json).toMatchObject({ id: csvAttachment.id, name: 'Übersicht März.csv', kind: 'file', binaryProperty: 'attachment_2' });
		expect(item.binary?.attachment_2).toMatchObject({ fileName: 'Übersicht März.csv', mimeType: 'text/csv' });
		expect((await binaryContent(item.binary?.attachment_2)).equals(csv)).toBe(true);
	});

	it('gives an attached message as .eml from its MIME content', async () => {
		const message = withEveryKind();

		const result = await run('download', { messageId: message.id, attachmentId: message.attachments[3].id, options: { attachmentPrefix: 'mail_' } });

		const [item] = result.outputOf(NODE_NAME);
		expect(item.json).toMatchObject({ name: 'Order 7', kind: 'item', contentType: 'message/rfc822' });
		expect(item.binary?.mail_3).toMatchObject({ fileName: 'Order 7.eml', mimeType: 'message/rfc822' });
		expect((await binaryContent(item.binary?.mail_3)).equals(forwarded)).toBe(true);
	});

	it('fails an attachment id that is not one, or not of this message, naming the field and value', async () => {
		const message = withEveryKind();
		const other = deliver([{ name: 'other.txt', content: Buffer.from('other').toString('base64') }], 'Other');

		const result = await run(
			'download',
			{ messageId: message.id, attachmentId: '={{ $json.attachmentId }}' },
			{
				items: [{ json: { attachmentId: 'invoice.pdf' } }, { json: { attachmentId: other.attachments[0].id } }, { json: { attachmentId: message.attachments[0].id } }],
				settings: { onError: 'continueRegularOutput' },
			},
		);

		const [notAnId, notOfThisMessage, found] = result.outputOf(NODE_NAME);
		expect(notAnId.json.error).toMatch(/^"Attachment ID" "invoice.pdf" is not an EWS attachment id .*\[item 0\]$/);
		expect(notOfThisMessage.json.error).toContain(`"Attachment ID" ${other.attachments[0].id} is not an attachment of the message ("Message ID" ${message.id}), which has 4 attachments`);
		expect(found.json.name).toBe('invoice.pdf');
		// Only the valid id was fetched.
		expect(requestsOf('GetAttachment')).toHaveLength(1);
	});

	it('refuses an attachment too large for an answer the node reads, naming it, before fetching it', async () => {
		const big = Buffer.alloc(49 * 1024 * 1024, 7);
		const [message] = env.sandbox.store.deliverIncoming({
			from: { address: 'partner@fabrikam.com' },
			toRecipients: [{ address: BOB }],
			subject: 'Scans',
			attachments: [{ name: 'scans.zip', contentType: 'application/zip', isInline: false, content: big }],
		});

		const result = await run('download', { messageId: message.id, attachmentId: message.attachments[0].id });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^The attachment "scans\.zip" \(49\.0 MB\) is too large to download/);
		expect(result.error?.context).toMatchObject({ ewsCode: 'AttachmentTooLarge' });
		expect(requestsOf('GetAttachment')).toHaveLength(0);
	});

	it('names the attachment when Exchange\'s answer turns out larger than the node reads', async () => {
		const message = withEveryKind();
		env.sandbox.faults.push({ kind: 'httpStatus', operation: 'GetAttachment', status: 200, body: `<?xml version="1.0"?><!-- ${'x'.repeat(64 * 1024 * 1024)} -->` });

		const result = await run('download', { messageId: message.id, attachmentId: message.attachments[3].id });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^The attachment "Order 7" \(\d+ KB\) is too large to download/);
		expect(result.error?.message).toContain(message.attachments[3].id);
		// A larger answer would come again: the read is not sent twice.
		expect(requestsOf('GetAttachment')).toHaveLength(1);
		// The injected answer is not a request the sandbox processed: its log entry has no schema check.
		env.sandbox.requests.length = 0;
	});
});
