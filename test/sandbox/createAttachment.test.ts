import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredMessage } from '../../sandbox/store';
import { mailbox as mailboxElement } from './client';
import { Request, codes, exchange } from './ewsExchange';

/**
 * CreateAttachment through the HTTP endpoint, checked in the store, after the CreateAttachment operation
 * reference (learn.microsoft.com): one response message per attachment with AttachmentId, RootItemId and
 * RootItemChangeKey; the last answer's change key is the item's current one; a FileAttachment needs a Name.
 * Then the way Microsoft documents replying with attachments: CreateItem SaveOnly, CreateAttachment, SendItem.
 */

const ALICE = 'alice@contoso.com';

describe('sandbox CreateAttachment', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const drafts = () => sandbox.store.mailbox(ALICE).folder('drafts').items as StoredMessage[];

	async function draft(): Promise<StoredMessage> {
		const answer = await exchange(
			sandbox,
			el(
				'm:CreateItem',
				{ MessageDisposition: 'SaveOnly' },
				el('m:Items', undefined, el('t:Message', undefined, el('t:Subject', undefined, 'Report'), el('t:ToRecipients', undefined, mailboxElement('bob@contoso.com')))),
			),
			undefined,
			ALICE,
		);
		expect(codes(answer.messages)).toEqual(['NoError']);
		return drafts()[0];
	}

	const file = (name: string | undefined, content: Buffer, contentType = 'application/pdf') =>
		el('t:FileAttachment', undefined, name !== undefined && el('t:Name', undefined, name), el('t:ContentType', undefined, contentType), el('t:Content', undefined, content.toString('base64')));

	const createAttachment = (parentId: string, ...attachments: Request[]) =>
		el('m:CreateAttachment', undefined, el('m:ParentItemId', { Id: parentId }), el('m:Attachments', undefined, attachments));

	it('adds each file with its own response message; the last RootItemChangeKey is the item\'s current one', async () => {
		const message = await draft();
		const pdf = Buffer.from('%PDF-1.4 report');
		const csv = Buffer.from('a,b\r\n1,2\r\n');

		const answer = await exchange(sandbox, createAttachment(message.id, file('report.pdf', pdf), file('data.csv', csv, 'text/csv')), undefined, ALICE);

		expect(codes(answer.messages)).toEqual(['NoError', 'NoError']);
		const ids = answer.messages.map((m) => m.path('m:Attachments', 't:FileAttachment', 't:AttachmentId'));
		const stored = sandbox.store.getItem(message.id);
		expect(ids.map((id) => id?.attr('Id'))).toEqual(stored.attachments.map((a) => a.id));
		expect(ids.map((id) => id?.attr('RootItemId'))).toEqual([message.id, message.id]);
		expect(ids[1]?.attr('RootItemChangeKey')).toBe(stored.changeKey);
		expect(ids[0]?.attr('RootItemChangeKey')).not.toBe(stored.changeKey);
		expect(stored.attachments.map((a) => [a.name, a.contentType, a.content.equals(a.name === 'report.pdf' ? pdf : csv)])).toEqual([
			['report.pdf', 'application/pdf', true],
			['data.csv', 'text/csv', true],
		]);
		expect(stored.hasAttachments).toBe(true);
	});

	it('refuses a file without Name on its own; a parent that names nothing fails every attachment', async () => {
		const message = await draft();

		const unnamed = await exchange(sandbox, createAttachment(message.id, file(undefined, Buffer.from('x')), file('ok.txt', Buffer.from('ok'))), undefined, ALICE);
		expect(codes(unnamed.messages)).toEqual(['ErrorRequiredPropertyMissing', 'NoError']);
		expect(unnamed.messages[0].child('m:Attachments')?.children()).toEqual([]);
		expect(sandbox.store.getItem(message.id).attachments.map((a) => a.name)).toEqual(['ok.txt']);

		sandbox.store.deleteItem(message.id, 'HardDelete');
		const gone = await exchange(sandbox, createAttachment(message.id, file('a.txt', Buffer.from('a')), file('b.txt', Buffer.from('b'))), undefined, ALICE);
		expect(codes(gone.messages)).toEqual(['ErrorItemNotFound', 'ErrorItemNotFound']);
		const malformed = await exchange(sandbox, createAttachment('not-an-id', file('a.txt', Buffer.from('a'))), undefined, ALICE);
		expect(codes(malformed.messages)).toEqual(['ErrorInvalidIdMalformed']);
	});

	it('is refused in a mailbox the caller cannot reach', async () => {
		const message = await draft();
		const answer = await exchange(sandbox, createAttachment(message.id, file('a.txt', Buffer.from('a'))), undefined, 'bob@contoso.com');
		expect(codes(answer.messages)).toEqual(['ErrorAccessDenied']);
		expect(sandbox.store.getItem(message.id).attachments).toEqual([]);
	});

	it('a reply saved with SaveOnly, given attachments, then sent with SendItem arrives with them once', async () => {
		// "Respond to email messages by using EWS": with attachments, CreateItem SaveOnly, CreateAttachment, SendItem.
		const [original] = sandbox.store.deliverIncoming({ from: { address: 'bob@contoso.com' }, toRecipients: [{ address: ALICE }], subject: 'Numbers' });
		const saved = await exchange(
			sandbox,
			el(
				'm:CreateItem',
				{ MessageDisposition: 'SaveOnly' },
				el('m:Items', undefined, el('t:ReplyToItem', undefined, el('t:ReferenceItemId', { Id: original.id }), el('t:NewBodyContent', { BodyType: 'Text' }, 'Attached.'))),
			),
			undefined,
			ALICE,
		);
		const draftId = saved.messages[0].path('m:Items', 't:Message', 't:ItemId')?.attr('Id') ?? '';
		const pdf = Buffer.from('%PDF-1.4 numbers');
		const attached = await exchange(sandbox, createAttachment(draftId, file('numbers.pdf', pdf)), undefined, ALICE);
		const changeKey = attached.messages[0].path('m:Attachments', 't:FileAttachment', 't:AttachmentId')?.attr('RootItemChangeKey');

		const sent = await exchange(
			sandbox,
			el('m:SendItem', { SaveItemToFolder: 'true' }, el('m:ItemIds', undefined, el('t:ItemId', { Id: draftId, ChangeKey: changeKey }))),
			undefined,
			ALICE,
		);

		expect(codes(sent.messages)).toEqual(['NoError']);
		const replies = (sandbox.store.mailbox('bob@contoso.com').folder('inbox').items as StoredMessage[]).filter((m) => m.subject === 'RE: Numbers');
		expect(replies).toHaveLength(1);
		expect(replies[0].attachments.map((a) => [a.name, a.content.equals(pdf)])).toEqual([['numbers.pdf', true]]);
		expect(replies[0].inReplyTo).toBe(original.internetMessageId);
		expect(drafts()).toEqual([]);
		expect(sandbox.store.deliveries.filter((d) => d.subject === 'RE: Numbers')).toHaveLength(1);
	});
});
