import * as http from 'http';
import { Sandbox, startSandbox } from '../../sandbox/server';

/** The test controls over HTTP: JSON POSTs under /sandbox/api/ that change the store as the world and users would. */

const ALICE = 'alice@contoso.com';

interface Answer {
	status: number;
	body: string;
	json: () => Record<string, unknown>;
}

function request(url: string, method: 'GET' | 'POST', body?: string): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, agent: false, headers: body === undefined ? {} : { 'Content-Type': 'application/json' } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) as Record<string, unknown> });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}

describe('sandbox test controls over HTTP', () => {
	let sandbox: Sandbox;
	const viewerUrl = (path: string) => new URL(`/sandbox/${path}`, sandbox.httpUrl).toString();
	const control = (name: string, body: unknown) => request(viewerUrl(`api/${name}`), 'POST', JSON.stringify(body));

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined, viewer: true, validateSchema: false });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	it('delivers incoming mail from outside with attachments and the given received time', async () => {
		const answer = await control('incoming', {
			from: 'Partner <partner@fabrikam.com>',
			to: [ALICE, 'bob@contoso.com'],
			subject: 'Invoice 42',
			body: '<p>Attached</p>',
			bodyType: 'HTML',
			receivedAt: '2026-02-01T08:30:00Z',
			attachments: [{ name: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4').toString('base64') }],
		});
		expect(answer.status).toBe(200);
		const { items, internetMessageId } = answer.json() as { items: Array<{ id: string; mailbox: string }>; internetMessageId: string };
		expect(items.map((i) => i.mailbox)).toEqual([ALICE, 'bob@contoso.com']);
		const [stored] = sandbox.store.mailbox(ALICE).folder('inbox').messages();
		expect(stored).toMatchObject({
			id: items[0].id,
			internetMessageId,
			subject: 'Invoice 42',
			isRead: false,
			hasAttachments: true,
			body: { type: 'HTML', text: '<p>Attached</p>' },
			from: { address: 'partner@fabrikam.com', name: 'Partner' },
		});
		expect(stored.dateTimeReceived.toISOString()).toBe('2026-02-01T08:30:00.000Z');
		expect(stored.attachments[0].content.toString()).toBe('%PDF-1.4');
	});

	it('changes a mailbox as a user would: folder, mark read, flag and categorize, move, delete', async () => {
		const [item] = sandbox.store.deliverIncoming({ from: { address: 'x@fabrikam.com' }, toRecipients: [{ address: ALICE }], subject: 'to file' });
		const folder = (await control('folders/create', { mailbox: ALICE, parent: 'inbox', displayName: 'Processed' })).json();
		expect(folder).toMatchObject({ path: 'Inbox/Processed', totalCount: 0, folderClass: 'IPF.Note' });

		expect((await control('items/markRead', { itemId: item.id })).json()).toMatchObject({ isRead: true });
		const updated = (await control('items/update', { itemId: item.id, flag: 'Flagged', categories: ['Blue'], importance: 'High' })).json();
		expect(updated).toMatchObject({ flag: { status: 'Flagged' }, categories: ['Blue'], importance: 'High' });
		expect(item.changeKey).toBe(updated.changeKey);

		const moved = (await control('items/move', { itemId: item.id, folder: 'Inbox/Processed' })).json();
		expect(moved.id).not.toBe(item.id);
		expect(moved.folderId).toBe(folder.id);
		expect(sandbox.store.folderByPath(ALICE, 'Inbox/Processed').items.map((i) => i.subject)).toEqual(['to file']);

		const deleted = (await control('items/delete', { itemId: moved.id })).json() as { item: { folderId: string } };
		expect(deleted.item.folderId).toBe(sandbox.store.mailbox(ALICE).folder('deleteditems').id);
		const inboxChanges = sandbox.store.itemChanges(sandbox.store.mailbox(ALICE).folder('inbox'), 0).changes.map((c) => c.type);
		expect(inboxChanges).toEqual(['create', 'readFlagChange', 'update', 'delete']);
	});

	it('answers bad input with 400 naming the field, and unknown ids with the EWS code', async () => {
		const badAddress = await control('incoming', { from: 'not an address', to: ALICE });
		expect([badAddress.status, badAddress.json().message]).toEqual([400, "from: 'not an address' is not an email address"]);
		expect((await control('items/delete', { itemId: 'x', deleteType: 'Shred' })).json().message).toBe(
			'deleteType: expected one of MoveToDeletedItems, SoftDelete, HardDelete',
		);
		expect((await request(viewerUrl('api/incoming'), 'POST', '{oops')).status).toBe(400);
		const malformed = await control('items/markRead', { itemId: 'garbage' });
		expect([malformed.status, malformed.json().error]).toEqual([409, 'ErrorInvalidIdMalformed']);
		const [item] = sandbox.store.deliverIncoming({ from: { address: 'x@fabrikam.com' }, toRecipients: [{ address: ALICE }] });
		sandbox.store.deleteItem(item.id, 'HardDelete');
		const gone = await control('items/markRead', { itemId: item.id });
		expect([gone.status, gone.json().error]).toEqual([404, 'ErrorItemNotFound']);
		expect((await control('folders/create', { mailbox: ALICE, parent: 'Inbox/Nope', displayName: 'X' })).status).toBe(404);
		expect((await control('no-such-control', {})).status).toBe(404);
	});

	it('shows the folder tree with counts in the JSON API and on the viewer page', async () => {
		await control('folders/create', { mailbox: ALICE, parent: 'inbox', displayName: 'Invoices & Bills' });
		await control('incoming', { from: 'x@fabrikam.com', to: ALICE, subject: 'Seen <here>' });
		const mailboxes = JSON.parse((await request(viewerUrl('api/mailboxes'), 'GET')).body) as Array<{
			address: string;
			folders: Record<string, Array<{ subject: string }>>;
			folderTree: Array<{ path: string; distinguishedId?: string; unreadCount: number; childFolderCount: number }>;
		}>;
		const alice = mailboxes.find((m) => m.address === ALICE);
		expect(alice?.folders.inbox.map((i) => i.subject)).toEqual(['Seen <here>']);
		expect(alice?.folders['Inbox/Invoices & Bills']).toEqual([]);
		expect(alice?.folderTree.find((f) => f.distinguishedId === 'inbox')).toMatchObject({ path: 'Inbox', unreadCount: 1, childFolderCount: 1 });
		const page = (await request(viewerUrl(''), 'GET')).body;
		expect(page).toContain('Top of Information Store');
		expect(page).toContain('Invoices &#38; Bills');
		expect(page).toContain('Seen &#60;here&#62;');
	});
});
