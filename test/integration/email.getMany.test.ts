/**
 * Email → Get Many through n8n-core against the sandbox: each filter, the AQS search, paging across page
 * boundaries and attachments, each checked against the messages the sandbox's store holds (the expected
 * list is computed from the store, never from the node's own answers).
 */
import type { INodeParameters } from 'n8n-workflow';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, binaryContent, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const BOB = 'bob@contoso.com';
const START = Date.parse('2026-11-02T08:00:00Z');
const HOUR = 3600 * 1000;

function getMany(parameters: INodeParameters) {
	return env.run({
		parameters: { resource: 'email', operation: 'getMany', mailbox: BOB, folder: { __rl: true, mode: 'path', value: 'Inbox' }, returnAll: true, ...parameters },
		credential: { impersonation: true },
	});
}

interface Seed {
	subject: string;
	from?: string;
	toBob?: boolean;
	isRead?: boolean;
	categories?: string[];
	importance?: string;
	attachment?: Buffer;
}

/** Delivers the messages to Bob's Inbox, one hour apart in the order given (Bob in Cc where not in To). */
function deliver(seeds: Seed[]): StoredMessage[] {
	return seeds.map((seed, index) => {
		const copies = env.sandbox.store.deliverIncoming({
			from: { address: seed.from ?? 'partner@fabrikam.com' },
			toRecipients: seed.toBob === false ? [{ address: 'alice@contoso.com' }] : [{ address: BOB }],
			ccRecipients: seed.toBob === false ? [{ address: BOB }] : [],
			subject: seed.subject,
			isRead: seed.isRead ?? false,
			categories: seed.categories,
			importance: seed.importance,
			attachments: seed.attachment ? [{ name: 'invoice.pdf', contentType: 'application/pdf', isInline: false, content: seed.attachment }] : [],
			receivedAt: new Date(START + index * HOUR),
		});
		const message = copies.find((copy) => copy.mailbox === BOB);
		if (!message) throw new Error('The sandbox did not deliver the message to Bob');
		return message;
	});
}

const SEEDS: Seed[] = [
	{ subject: 'Invoice 1001', from: 'billing@fabrikam.com', attachment: Buffer.from('%PDF-1 first'), categories: ['Finance'] },
	{ subject: 'Lunch?', from: 'carol@contoso.com', isRead: true },
	{ subject: 'invoice 1002 reminder', from: 'billing@fabrikam.com', importance: 'High', isRead: true },
	{ subject: 'Contract draft', from: 'legal@northwind.com', toBob: false, categories: ['Legal', 'Finance'] },
	{ subject: 'Newsletter', from: 'news@northwind.com', importance: 'Low' },
	{ subject: 'Invoice 1003', from: 'billing@fabrikam.com', attachment: Buffer.from('%PDF-1 third'), importance: 'High' },
	{ subject: 'Re: Contract draft', from: 'legal@northwind.com', toBob: false, isRead: true, categories: ['Legal'] },
];

/** Bob's Inbox as the store holds it, newest first, narrowed by `keep`. */
function expected(keep: (message: StoredMessage) => boolean): string[] {
	return env.sandbox.store
		.mailbox(BOB)
		.folder('inbox')
		.messages()
		.filter(keep)
		.sort((a, b) => b.dateTimeReceived.getTime() - a.dateTimeReceived.getTime())
		.map((message) => message.id);
}

const addresses = (message: StoredMessage) => [message.from?.address ?? '', message.from?.name ?? ''];

const FILTERS: Array<[string, INodeParameters, (message: StoredMessage) => boolean]> = [
	['unread only', { unreadOnly: true }, (m) => !m.isRead],
	['from', { from: 'FABRIKAM' }, (m) => addresses(m).some((text) => text.toLowerCase().includes('fabrikam'))],
	['to me', { toMe: true }, (m) => m.toRecipients.some((r) => r.address === BOB)],
	['subject contains', { subjectContains: 'INVOICE' }, (m) => (m.subject ?? '').toLowerCase().includes('invoice')],
	['received after', { receivedAfter: new Date(START + 3.5 * HOUR).toISOString() }, (m) => m.dateTimeReceived.getTime() > START + 3.5 * HOUR],
	['received before', { receivedBefore: new Date(START + 2.5 * HOUR).toISOString() }, (m) => m.dateTimeReceived.getTime() < START + 2.5 * HOUR],
	['has attachments', { hasAttachments: true }, (m) => m.hasAttachments],
	['has no attachments', { hasAttachments: false }, (m) => !m.hasAttachments],
	['categories', { categories: 'legal, Travel' }, (m) => m.categories.some((c) => ['legal', 'travel'].includes(c.toLowerCase()))],
	['importance', { importance: 'high' }, (m) => m.importance === 'High'],
	[
		'several filters together',
		{ unreadOnly: true, from: 'billing@', hasAttachments: true, receivedAfter: new Date(START + HOUR).toISOString() },
		(m) => !m.isRead && (m.from?.address ?? '').includes('billing@') && m.hasAttachments && m.dateTimeReceived.getTime() > START + HOUR,
	],
];

describe('Email → Get Many', () => {
	it('returns every message of the folder newest first, in Email → Get\'s shape', async () => {
		const messages = deliver(SEEDS);

		const run = await getMany({});

		expect(run.error).toBeUndefined();
		const output = run.outputOf(NODE_NAME);
		expect(output.map((item) => item.json.id)).toEqual(expected(() => true));
		const newest = messages[messages.length - 1];
		expect(output[0].json).toMatchObject({
			id: newest.id,
			changeKey: newest.changeKey,
			subject: 'Re: Contract draft',
			from: { address: 'legal@northwind.com' },
			cc: [{ address: BOB }],
			isRead: true,
			categories: ['Legal'],
			folder: { id: env.sandbox.store.mailbox(BOB).folder('inbox').id },
		});
		expect(output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it.each(FILTERS)('filters by %s, as the store says', async (_name, filters, keep) => {
		deliver(SEEDS);
		const wanted = expected(keep);
		expect(wanted.length).toBeGreaterThan(0);

		const run = await getMany({ filters });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual(wanted);
	});

	it('searches with AQS alone, and refuses a search combined with a filter before asking Exchange', async () => {
		deliver(SEEDS);

		const searched = await getMany({ filters: { search: 'subject:invoice hasattachment:true', unreadOnly: false } });
		env.sandbox.requests.length = 0;
		const combined = await env.run({
			parameters: {
				resource: 'email',
				operation: 'getMany',
				mailbox: BOB,
				folder: { __rl: true, mode: 'path', value: 'Inbox' },
				returnAll: true,
				filters: { search: 'invoice', unreadOnly: true, importance: 'high' },
			},
			credential: { impersonation: true },
			settings: { onError: 'continueRegularOutput' },
		});

		expect(searched.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual(expected((m) => /invoice/i.test(m.subject ?? '') && m.hasAttachments));
		expect(combined.outputOf(NODE_NAME)[0].json.error).toMatch(/^"Search" cannot be combined with "Importance", "Unread Only": Exchange takes a search \(AQS\) or filters in one request, not both/);
		expect(env.sandbox.requests.filter((request) => request.operation === 'FindItem')).toHaveLength(0);
	});

	it('reads a folder given by path below the Inbox, and refuses a path that does not exist', async () => {
		const store = env.sandbox.store;
		const processed = store.createFolder(store.mailbox(BOB).folder('inbox'), 'Processed');
		const [first, , third] = deliver(SEEDS.slice(0, 3));
		store.moveItem(first.id, processed);
		store.moveItem(third.id, processed);

		const run = await getMany({ folder: { __rl: true, mode: 'path', value: 'Inbox/Processed' } });
		const missing = await env.run({
			parameters: { resource: 'email', operation: 'getMany', mailbox: BOB, folder: { __rl: true, mode: 'path', value: 'Inbox/Processed/2026' }, returnAll: true },
			credential: { impersonation: true },
			settings: { onError: 'continueRegularOutput' },
		});

		const movedIds = processed.messages().sort((a, b) => b.dateTimeReceived.getTime() - a.dateTimeReceived.getTime()).map((m) => m.id);
		expect(movedIds).toHaveLength(2);
		expect(run.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual(movedIds);
		expect(missing.outputOf(NODE_NAME)[0].json.error).toMatch(/"Folder" path "Inbox\/Processed\/2026" does not exist in bob@contoso\.com: "Inbox\/Processed" has no folder "2026"/);
		expect(processed.children).toHaveLength(0);
	});

	it('pages across FindItem pages: a limit above one page, and Return All, newest first', async () => {
		const store = env.sandbox.store;
		const inbox = store.mailbox(BOB).folder('inbox');
		for (let index = 0; index < 230; index++) {
			store.deliverIncoming({
				from: { address: 'sensor@fabrikam.com' },
				toRecipients: [{ address: BOB }],
				subject: `Reading ${index}`,
				receivedAt: new Date(START + index * 60_000),
			});
		}
		expect(inbox.messages()).toHaveLength(230);

		const limited = await getMany({ returnAll: false, limit: 150 });
		const findPages = env.sandbox.requests.filter((request) => request.operation === 'FindItem').length;
		env.sandbox.requests.length = 0;
		const all = await getMany({});

		expect(limited.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual(expected(() => true).slice(0, 150));
		expect(findPages).toBe(2);
		expect(all.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual(expected(() => true));
		expect(env.sandbox.requests.filter((request) => request.operation === 'FindItem')).toHaveLength(3);
		expect(env.sandbox.requests.filter((request) => request.operation === 'GetItem')).toHaveLength(3);
	});

	it('downloads each message\'s attachments as binary with the prefix chosen, bytes identical', async () => {
		const messages = deliver(SEEDS);

		const run = await getMany({ filters: { hasAttachments: true }, options: { downloadAttachments: true, attachmentPrefix: 'file_' } });

		const output = run.outputOf(NODE_NAME);
		expect(output.map((item) => item.json.id)).toEqual([messages[5].id, messages[0].id]);
		for (const [index, message] of [messages[5], messages[0]].entries()) {
			const binary = output[index].binary?.file_0;
			expect(binary).toMatchObject({ fileName: 'invoice.pdf', mimeType: 'application/pdf' });
			expect((await binaryContent(binary)).equals(message.attachments[0].content)).toBe(true);
		}
	});
});
