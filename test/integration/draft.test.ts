/**
 * Draft → Create and Draft → Send through n8n-core against the sandbox: a draft saved with everything Send
 * takes and nothing delivered; sending it by id delivers it exactly once and moves it to Sent Items; many
 * drafts share one SendItem request; bad ids fail their own item. Each outcome checked in the sandbox's store.
 */
import { randomBytes } from 'node:crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, binaryItem, soapParts, useExchangeSandbox } from '../helpers/exchangeWorkflow';
import { childObject, textOf } from '../helpers/xmlObjects';

const env = useExchangeSandbox();

const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const ALICE = 'alice@contoso.com';

function draft(operation: 'create' | 'send', parameters: INodeParameters, items?: INodeExecutionData[], continueOnFail = false) {
	return env.run({
		parameters: { resource: 'draft', operation, mailbox: BOB, ...parameters },
		credential: { impersonation: true },
		items,
		...(continueOnFail ? { settings: { onError: 'continueRegularOutput' as const } } : {}),
	});
}

const folder = (mailbox: string, name: 'inbox' | 'drafts' | 'sentitems') => env.sandbox.store.mailbox(mailbox).folder(name).messages();
const requests = (operation: string) => env.sandbox.requests.filter((request) => request.operation === operation);

describe('Draft → Create', () => {
	it('saves a message with recipients, body, categories and attachments in Drafts, and delivers nothing', async () => {
		const pdf = randomBytes(40_000);
		const item = await binaryItem({}, { file: { fileName: 'Offer.pdf', mimeType: 'application/pdf', content: pdf } });

		const run = await draft(
			'create',
			{ to: CAROL, subject: 'Offer', bodyType: 'html', body: '<p>Our offer</p>', options: { cc: ALICE, categories: 'Sales', attachments: 'file' } },
			[item],
		);

		expect(run.error).toBeUndefined();
		const [saved] = folder(BOB, 'drafts');
		expect(saved).toMatchObject({ subject: 'Offer', isDraft: true, body: { type: 'HTML', text: '<p>Our offer</p>' }, categories: ['Sales'] });
		expect(saved.toRecipients.map((a) => a.address)).toEqual([CAROL]);
		expect(saved.ccRecipients.map((a) => a.address)).toEqual([ALICE]);
		expect(saved.attachments.map((a) => [a.name, a.contentType, a.content.equals(pdf)])).toEqual([['Offer.pdf', 'application/pdf', true]]);
		expect(env.sandbox.store.deliveries).toEqual([]);
		expect(folder(BOB, 'sentitems')).toEqual([]);
		expect(run.outputOf(NODE_NAME).map((output) => output.json)).toEqual([
			{ id: saved.id, changeKey: saved.changeKey, mailbox: BOB, to: [CAROL], cc: [ALICE], bcc: [], subject: 'Offer' },
		]);
		const [request] = env.createItemRequests();
		expect(textOf(soapParts(request).operation?.['@MessageDisposition'])).toBe('SaveOnly');
	});

	it('saves a draft without recipients, and many drafts in one CreateItem request', async () => {
		const run = await draft('create', { subject: '={{ $json.subject }}' }, [{ json: { subject: 'One' } }, { json: { subject: 'Two' } }]);

		expect(run.error).toBeUndefined();
		expect(env.createItemRequests()).toHaveLength(1);
		expect(folder(BOB, 'drafts').map((m) => [m.subject, m.toRecipients.length]).sort()).toEqual([
			['One', 0],
			['Two', 0],
		]);
	});

	it('as a delegate, saves the draft in the Drafts of the mailbox it acts for, with From set', async () => {
		const run = await env.run({
			parameters: { resource: 'draft', operation: 'create', mailbox: BOB, to: CAROL, subject: 'For Bob' },
			credential: { impersonation: false },
		});

		expect(run.error).toBeUndefined();
		const folderId = childObject(childObject(soapParts(env.createItemRequests()[0]).operation, 'SavedItemFolderId'), 'DistinguishedFolderId');
		expect(textOf(childObject(folderId, 'Mailbox')?.EmailAddress)).toBe(BOB);
		const [saved] = folder(BOB, 'drafts');
		expect(saved.from?.address).toBe(BOB);
	});
});

describe('Draft → Send', () => {
	async function created(subjects: string[], to = CAROL): Promise<StoredMessage[]> {
		const run = await draft('create', { to, subject: '={{ $json.subject }}', body: 'Hello' }, subjects.map((subject) => ({ json: { subject } })));
		expect(run.error).toBeUndefined();
		return run.outputOf(NODE_NAME).map((output) => env.sandbox.store.getItem(output.json.id as string) as StoredMessage);
	}

	it('sends a created draft exactly once, moving it out of Drafts into Sent Items', async () => {
		const [saved] = await created(['Offer']);

		const run = await draft('send', { messageId: '={{ $json.id }}' }, [{ json: { id: saved.id } }]);

		expect(run.error).toBeUndefined();
		expect(env.sandbox.store.deliveries.map((d) => [d.subject, d.recipient])).toEqual([['Offer', CAROL]]);
		expect(folder(CAROL, 'inbox').map((m) => m.subject)).toEqual(['Offer']);
		expect(folder(BOB, 'drafts')).toEqual([]);
		expect(folder(BOB, 'sentitems').map((m) => [m.subject, m.isDraft])).toEqual([['Offer', false]]);
		expect(run.outputOf(NODE_NAME).map((output) => output.json)).toEqual([{ draftId: saved.id, sent: true, mailbox: BOB, savedToSentItems: true }]);
	});

	it('sends many drafts in one SendItem request; without Save to Sent Items no copy is kept', async () => {
		const drafts = await created(['One', 'Two']);

		const run = await draft('send', { messageId: '={{ $json.id }}', options: { saveToSentItems: false } }, drafts.map((m) => ({ json: { id: m.id } })));

		expect(run.error).toBeUndefined();
		expect(requests('SendItem')).toHaveLength(1);
		expect(env.sandbox.store.deliveries.map((d) => d.subject).sort()).toEqual(['One', 'Two']);
		expect(folder(BOB, 'drafts')).toEqual([]);
		expect(folder(BOB, 'sentitems')).toEqual([]);
	});

	it('a reply saved as draft is sent by its id with RE: and the quote', async () => {
		const [original] = env.sandbox.store.deliverIncoming({ from: { address: ALICE }, toRecipients: [{ address: BOB }], subject: 'Question', body: { type: 'Text', text: 'When?' } });
		const saved = await env.run({
			parameters: { resource: 'email', operation: 'reply', mailbox: BOB, messageId: original.id, body: 'Tomorrow.', options: { saveAsDraft: true } },
			credential: { impersonation: true },
		});

		const run = await draft('send', { messageId: saved.outputOf(NODE_NAME)[0].json.id as string });

		expect(run.error).toBeUndefined();
		const replies = folder(ALICE, 'inbox').filter((m) => m.subject === 'RE: Question');
		expect(replies).toHaveLength(1);
		expect(replies[0].body?.text.split('\r\n')[0]).toBe('Tomorrow.');
		expect(replies[0].body?.text).toContain('When?');
	});

	it('fails only the items whose id is not an id, names nothing or is not a message; the others are sent', async () => {
		const [gone, kept] = await created(['Gone', 'Kept']);
		env.sandbox.store.deleteItem(gone.id, 'HardDelete');
		const appointment = await env.run({
			parameters: { resource: 'appointment', operation: 'create', mailbox: BOB, subject: 'Planning', start: '2026-12-01T09:00:00+01:00' },
			credential: { impersonation: true },
		});
		const calendarItemId = appointment.outputOf(NODE_NAME)[0].json.id as string;

		const run = await draft(
			'send',
			{ messageId: '={{ $json.id }}' },
			[{ json: { id: 'Offer' } }, { json: { id: gone.id } }, { json: { id: calendarItemId } }, { json: { id: kept.id } }],
			true,
		);

		const [notAnId, missing, notAMessage, sent] = run.outputOf(NODE_NAME).map((output) => output.json);
		expect(notAnId.error).toMatch(/^"Message ID" "Offer" is not an EWS item id .*\[item 0\]$/);
		expect(missing).toMatchObject({ code: 'ErrorItemNotFound', error: expect.stringContaining(`"Message ID" ${gone.id} in ${BOB}`) });
		expect(notAMessage).toMatchObject({ code: 'ErrorInvalidItemForOperationSendItem', error: expect.stringContaining(`"Message ID" ${calendarItemId}`) });
		expect(notAMessage.error).toMatch(/\[item 2\]$/);
		expect(sent).toMatchObject({ draftId: kept.id, sent: true });
		expect(env.sandbox.store.deliveries.map((d) => d.subject)).toEqual(['Kept']);
	});
});
