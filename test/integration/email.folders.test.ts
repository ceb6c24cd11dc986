/**
 * Folder → Get Many and Folder → Create, and the `folder` parameter's three modes, through n8n-core against
 * the sandbox; checked against the folders the sandbox's store holds.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const BOB = 'bob@contoso.com';

function folders(parameters: INodeParameters, settings: { onError?: 'continueRegularOutput' } = {}) {
	return env.run({
		parameters: { resource: 'folder', mailbox: BOB, ...parameters },
		credential: { impersonation: true },
		...(settings.onError ? { settings: { onError: settings.onError } } : {}),
	});
}

function path(value: string) {
	return { __rl: true, mode: 'path', value };
}

/** Inbox/Invoices/2026 and Inbox/Processed in Bob's mailbox, two unread messages in Invoices. */
function invoiceFolders() {
	const store = env.sandbox.store;
	const inbox = store.mailbox(BOB).folder('inbox');
	const invoices = store.createFolder(inbox, 'Invoices');
	const year = store.createFolder(invoices, '2026');
	const processed = store.createFolder(inbox, 'Processed');
	for (const subject of ['Invoice 1', 'Invoice 2']) {
		const [message] = store.deliverIncoming({ from: { address: 'billing@fabrikam.com' }, toRecipients: [{ address: BOB }], subject });
		store.moveItem(message.id, invoices);
	}
	return { inbox, invoices, year, processed };
}

describe('Folder → Get Many', () => {
	it('lists the direct subfolders of a path with their paths and counts, as the store holds them', async () => {
		const { inbox, invoices, processed } = invoiceFolders();

		const run = await folders({ operation: 'getMany', folder: path('Inbox'), returnAll: true });

		expect(run.error).toBeUndefined();
		const output = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(output).toEqual(
			[invoices, processed].map((folder) => ({
				id: folder.id,
				name: folder.displayName,
				path: `Inbox/${folder.displayName}`,
				parentId: inbox.id,
				totalCount: folder.totalCount,
				unreadCount: folder.unreadCount,
				childFolderCount: folder.children.length,
			})),
		);
		expect(output[0]).toMatchObject({ totalCount: 2, unreadCount: 2, childFolderCount: 1 });
	});

	it('with All Subfolders lists every folder below, each with its path from the top of the mailbox', async () => {
		const { year } = invoiceFolders();

		const run = await folders({ operation: 'getMany', folder: path('inbox'), traversal: 'deep', returnAll: true });

		const output = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(output.map((folder) => folder.path).sort()).toEqual(['Inbox/Invoices', 'Inbox/Invoices/2026', 'Inbox/Processed']);
		expect(output.find((folder) => folder.id === year.id)).toMatchObject({ name: '2026', path: 'Inbox/Invoices/2026' });
	});

	it('takes the folder by id and by the id a picker gives, and the whole mailbox from msgfolderroot with a limit', async () => {
		const { invoices } = invoiceFolders();
		const store = env.sandbox.store;
		const top = store.mailbox(BOB).folder('msgfolderroot');
		const everyFolder = store.folderChildren(top, 'Deep').filter((folder) => folder.name !== 'recoverableitemsroot');

		const byId = await folders({ operation: 'getMany', folder: { __rl: true, mode: 'id', value: invoices.id }, returnAll: true });
		const fromList = await folders({ operation: 'getMany', folder: { __rl: true, mode: 'list', value: invoices.id }, returnAll: true });
		const limited = await folders({ operation: 'getMany', folder: path('msgfolderroot'), traversal: 'deep', returnAll: false, limit: 3 });

		expect(byId.outputOf(NODE_NAME).map((item) => item.json.path)).toEqual(['Inbox/Invoices/2026']);
		expect(fromList.outputOf(NODE_NAME).map((item) => item.json.path)).toEqual(['Inbox/Invoices/2026']);
		expect(everyFolder.length).toBeGreaterThan(3);
		const firstThree = limited.outputOf(NODE_NAME).map((item) => item.json.id);
		expect(firstThree).toHaveLength(3);
		for (const id of firstThree) expect(everyFolder.map((folder) => folder.id)).toContain(id);
	});

	it('fails only the item whose path does not exist, naming the path and the missing folder; nothing is created', async () => {
		invoiceFolders();
		const before = env.sandbox.store.folderChildren(env.sandbox.store.mailbox(BOB).folder('msgfolderroot'), 'Deep').length;

		const run = await env.run({
			parameters: { resource: 'folder', operation: 'getMany', mailbox: BOB, folder: { __rl: true, mode: 'path', value: '={{ $json.path }}' }, returnAll: true },
			credential: { impersonation: true },
			items: [{ json: { path: 'Inbox/Invoices/2025' } }, { json: { path: 'Inbox/Invoices' } }, { json: { path: 'not-an-id' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const output = run.outputOf(NODE_NAME);
		expect(output[0].json.error).toMatch(/^"Parent Folder" path "Inbox\/Invoices\/2025" does not exist in bob@contoso\.com: "Inbox\/Invoices" has no folder "2025".*\[item 0\]$/);
		expect(output[1].json).toMatchObject({ path: 'Inbox/Invoices/2026' });
		expect(output[2].json.error).toMatch(/^"Parent Folder" path "not-an-id" does not exist .*the top of the mailbox has no folder "not-an-id"/);
		expect(env.sandbox.store.folderChildren(env.sandbox.store.mailbox(BOB).folder('msgfolderroot'), 'Deep')).toHaveLength(before);
	});
});

describe('Folder → Create', () => {
	it('creates the folder under a parent given by path, in the store, and outputs its id and path', async () => {
		const { invoices } = invoiceFolders();

		const run = await folders({ operation: 'create', folder: path('inbox/Invoices'), name: 'Paid' });

		expect(run.error).toBeUndefined();
		const [created] = env.sandbox.store.folderChildren(invoices).filter((folder) => folder.displayName === 'Paid');
		expect(created).toBeDefined();
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({ id: created.id, changeKey: expect.any(String), name: 'Paid', path: 'Inbox/Invoices/Paid' });
	});

	it('refuses a name a sibling has (ErrorFolderExists) and a name with a slash, creating nothing more', async () => {
		invoiceFolders();
		const inbox = env.sandbox.store.mailbox(BOB).folder('inbox');

		const run = await folders({ operation: 'create', folder: path('Inbox'), name: '={{ $json.name }}' }, { onError: 'continueRegularOutput' });
		const many = await env.run({
			parameters: { resource: 'folder', operation: 'create', mailbox: BOB, folder: path('Inbox'), name: '={{ $json.name }}' },
			credential: { impersonation: true },
			items: [{ json: { name: 'Processed' } }, { json: { name: 'a/b' } }, { json: { name: 'Archive 2026' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		expect(run.outputOf(NODE_NAME)[0].json.error).toMatch(/"Name" is empty/);
		const [exists, slash, made] = many.outputOf(NODE_NAME);
		expect(exists.json).toMatchObject({ code: 'ErrorFolderExists' });
		expect(slash.json.error).toMatch(/^"Name" "a\/b" contains "\/"/);
		expect(made.json).toMatchObject({ name: 'Archive 2026', path: 'Inbox/Archive 2026' });
		expect(env.sandbox.store.folderChildren(inbox).map((folder) => folder.displayName).sort()).toEqual(['Archive 2026', 'Invoices', 'Processed']);
	});
});

describe('The folder picker (list search)', () => {
	it('lists the folders of the Mailbox by path, filtered by what was typed, with their ids as values', async () => {
		const { invoices, year } = invoiceFolders();
		const parameters = { resource: 'email', operation: 'getMany', mailbox: BOB, folder: { __rl: true, mode: 'list', value: '' } };

		const all = await env.listSearch({ method: 'searchFolders', parameter: 'folder', parameters, credential: { impersonation: true } });
		const typed = await env.listSearch({ method: 'searchFolders', parameter: 'folder', parameters, credential: { impersonation: true }, filter: 'invoices' });

		const store = env.sandbox.store;
		const top = store.mailbox(BOB).folder('msgfolderroot');
		const expectedPaths = store
			.folderChildren(top, 'Deep')
			.filter((folder) => folder.name !== 'recoverableitemsroot')
			.map((folder) => store.folderPath(folder))
			.sort((a, b) => a.localeCompare(b));
		expect(all.results.map((result) => result.name)).toEqual(expectedPaths);
		expect(typed.results).toEqual([
			{ name: 'Inbox/Invoices', value: invoices.id },
			{ name: 'Inbox/Invoices/2026', value: year.id },
		]);
		expect(env.sandbox.requests.filter((request) => request.operation === 'FindFolder').map((request) => request.impersonatedMailbox)).toEqual([BOB, BOB]);
	});
});
