/**
 * Attachment → Get Many and Download, and Email → Get's attachments and MIME, over Microsoft Graph: contents
 * read back through the node and compared byte for byte with what the store holds, and the same listing over EWS.
 */
import type { INodeParameters } from 'n8n-workflow';
import { graphId } from '../../sandbox/graph/ids';
import type { StoredMessage } from '../../sandbox/store';
import { runTestControl } from '../../sandbox/testControls';
import { NODE_NAME, binaryContent } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';

const env = useGraphSandbox();

const BOB = 'bob@contoso.com';
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const csv = Buffer.from('Artikel;Menge\r\nÄpfel;3\r\n', 'utf8');
const forwarded = Buffer.from(
	'From: Partner <partner@fabrikam.com>\r\nTo: bob@contoso.com\r\nSubject: Order 7\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\nPlease ship order 7.\r\n',
);

function deliver(subject = 'Order documents'): StoredMessage {
	const answer = runTestControl(
		env.sandbox.store,
		'incoming',
		JSON.stringify({
			from: 'Partner <partner@fabrikam.com>',
			to: BOB,
			subject,
			body: 'See attached.',
			attachments: [
				{ name: 'invoice.pdf', contentType: 'application/pdf', content: pdf.toString('base64') },
				{ name: 'logo.png', contentType: 'image/png', isInline: true, contentId: 'logo@contoso', content: png.toString('base64') },
				{ name: 'Übersicht März.csv', contentType: 'text/csv', content: csv.toString('base64') },
				{ name: 'Order 7', kind: 'item', content: forwarded.toString('base64') },
			],
		}),
	);
	expect(answer?.status).toBe(200);
	return env.sandbox.store.mailbox(BOB).folder('inbox').messages().find((message) => message.subject === subject) as StoredMessage;
}

function attachment(operation: string, parameters: INodeParameters) {
	return env.run({ parameters: { resource: 'attachment', operation, mailbox: BOB, ...parameters } });
}

describe('Attachment → Get Many over Graph', () => {
	it('lists every attachment as the EWS path does, with Graph ids; the same list over EWS has the same fields (parity)', async () => {
		const message = deliver();

		const run = await attachment('getMany', { messageId: graphId(message.id) });

		expect(run.error).toBeUndefined();
		const overGraph = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(overGraph).toEqual(
			message.attachments.map((stored, index) => ({
				id: graphId(stored.id),
				messageId: graphId(message.id),
				index,
				name: stored.name,
				contentType: stored.contentType ?? 'message/rfc822',
				size: stored.content.length,
				isInline: stored.isInline,
				kind: stored.attachedItem ? 'item' : 'file',
				lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			})),
		);
		const listing = env.sandbox.requests.find((request) => request.api === 'graph' && request.path.includes('/attachments'));
		expect(decodeURIComponent(listing?.path ?? '')).toContain('$select=id,name,contentType,size,isInline,lastModifiedDateTime');

		const ews = await env.runEws({ parameters: { resource: 'attachment', operation: 'getMany', mailbox: BOB, messageId: message.id } });
		const overEws = ews.outputOf(NODE_NAME).map((item) => item.json);
		const comparable = (json: Record<string, unknown>) => ({ ...json, id: undefined, messageId: undefined });
		expect(overGraph.map(comparable)).toEqual(overEws.map(comparable));
	});

	it('downloads files byte for byte and the attached message as .eml, leaving out inline ones when asked', async () => {
		const message = deliver();

		const run = await attachment('getMany', { messageId: graphId(message.id), options: { downloadAttachments: true, includeInline: false, attachmentPrefix: 'file_' } });

		expect(run.error).toBeUndefined();
		const items = run.outputOf(NODE_NAME);
		expect(items.map((item) => [item.json.binaryProperty, item.binary?.[item.json.binaryProperty as string]?.fileName])).toEqual([
			['file_0', 'invoice.pdf'],
			['file_2', 'Übersicht März.csv'],
			['file_3', 'Order 7.eml'],
		]);
		expect(await binaryContent(items[0].binary?.file_0)).toEqual(pdf);
		expect(await binaryContent(items[1].binary?.file_2)).toEqual(csv);
		expect(await binaryContent(items[2].binary?.file_3)).toEqual(forwarded);
		expect(items[2].binary?.file_3?.mimeType).toBe('message/rfc822');
	});
});

describe('Attachment → Download over Graph', () => {
	it('downloads one attachment by its Graph id into the property of its position', async () => {
		const message = deliver();
		const wanted = message.attachments[2];

		const run = await attachment('download', { messageId: graphId(message.id), attachmentId: graphId(wanted.id) });

		expect(run.error).toBeUndefined();
		const [item] = run.outputOf(NODE_NAME);
		expect(item.json).toMatchObject({ id: graphId(wanted.id), index: 2, name: 'Übersicht März.csv', binaryProperty: 'attachment_2' });
		expect(await binaryContent(item.binary?.attachment_2)).toEqual(csv);
	});

	it('refuses an attachment id that is not the message\'s, before fetching any content', async () => {
		const message = deliver();
		const other = deliver('Other documents');

		const run = await attachment('download', { messageId: graphId(message.id), attachmentId: graphId(other.attachments[0].id) });

		expect(run.error?.message).toContain('is not an attachment of the message');
		expect(env.sandbox.requests.filter((request) => request.api === 'graph' && /\/attachments\/[^/?]+/.test(request.path))).toHaveLength(0);
	});
});

describe('Email → Get over Graph with attachments and MIME', () => {
	it('puts the file attachments and the whole message (.eml) into binaries, and lists the attachments with Simplify off', async () => {
		const message = deliver();

		const run = await env.run({
			parameters: { resource: 'email', operation: 'get', mailbox: BOB, messageId: graphId(message.id), options: { downloadAttachments: true, includeMime: true, simplify: false } },
		});

		expect(run.error).toBeUndefined();
		const [item] = run.outputOf(NODE_NAME);
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['attachment_0', 'attachment_1', 'attachment_2', 'eml']);
		expect(await binaryContent(item.binary?.attachment_0)).toEqual(pdf);
		expect(await binaryContent(item.binary?.attachment_1)).toEqual(png);
		// The sandbox draws a new MIME boundary each time it writes the message.
		const withoutBoundaries = (mime: string) => mime.replace(/_sandbox_[0-9a-f]+_/g, 'BOUNDARY');
		expect(withoutBoundaries((await binaryContent(item.binary?.eml)).toString('utf8'))).toBe(withoutBoundaries(env.sandbox.store.mimeOf(message)));
		expect(item.json).toMatchObject({
			kind: 'Message',
			subject: 'Order documents',
			hasAttachments: true,
			isDraft: false,
			sender: { address: 'partner@fabrikam.com' },
			flag: { status: 'NotFlagged' },
			displayTo: expect.any(String),
		});
		expect((item.json.attachments as Array<{ kind: string }>).map((listed) => listed.kind)).toEqual(['file', 'file', 'file', 'item']);
	});
});
