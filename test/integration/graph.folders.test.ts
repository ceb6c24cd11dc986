/**
 * Folder → Get Many and Create over Microsoft Graph against the sandbox's Graph endpoint: folders read back
 * from the store EWS shares, paths resolved level by level over childFolders, and the same listing over EWS.
 */
import type { INodeParameters } from 'n8n-workflow';
import { graphId } from '../../sandbox/graph/ids';
import { NODE_NAME } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';

const env = useGraphSandbox();

const BOB = 'bob@contoso.com';
const path = (value: string) => ({ __rl: true, mode: 'path', value });

function folder(operation: string, parameters: INodeParameters) {
	return env.run({ parameters: { resource: 'folder', operation, mailbox: BOB, ...parameters } });
}

const mailbox = () => env.sandbox.store.mailbox(BOB);

describe('Folder → Create over Graph', () => {
	it('creates a folder below a path and outputs its Graph id and path', async () => {
		const customers = env.sandbox.store.createFolder(mailbox().folder('inbox'), 'Customers');

		const run = await folder('create', { folder: path('Inbox/Customers'), name: 'Contoso' });

		expect(run.error).toBeUndefined();
		const created = customers.children.find((child) => child.displayName === 'Contoso');
		expect(created).toBeDefined();
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({ id: graphId(created?.id ?? ''), changeKey: null, name: 'Contoso', path: 'Inbox/Customers/Contoso' });
	});

	it('creates below a well-known folder; the same name again is refused by Graph (ErrorFolderExists)', async () => {
		const first = await folder('create', { folder: { __rl: true, mode: 'id', value: 'inbox' }, name: 'Processed' });
		expect(first.outputOf(NODE_NAME)[0].json).toMatchObject({ name: 'Processed', path: 'Inbox/Processed' });
		expect(mailbox().findByPath('Inbox/Processed')).toBeDefined();

		const again = await folder('create', { folder: path('inbox'), name: 'processed' });
		expect(again.error?.message).toContain('already exists');
		expect(mailbox().folder('inbox').children.filter((child) => child.displayName.toLowerCase() === 'processed')).toHaveLength(1);
	});

	it('names the missing level of a path and creates nothing', async () => {
		const run = await folder('create', { folder: path('Inbox/Nowhere/Deeper'), name: 'X' });

		expect(run.error?.message).toContain('"Inbox" has no folder "Nowhere"');
		expect(mailbox().folder('inbox').children).toHaveLength(0);
	});
});

describe('Folder → Get Many over Graph', () => {
	it('lists direct subfolders with counts, or all of them, parents before children', async () => {
		const inbox = mailbox().folder('inbox');
		const customers = env.sandbox.store.createFolder(inbox, 'Customers');
		const contoso = env.sandbox.store.createFolder(customers, 'Contoso');
		env.sandbox.store.createFolder(inbox, 'Processed');
		env.sandbox.store.deliverIncoming({ from: { address: 'a@fabrikam.com' }, toRecipients: [{ address: BOB }], subject: 'Unread', isRead: false });
		const [moved] = env.sandbox.store.deliverIncoming({ from: { address: 'a@fabrikam.com' }, toRecipients: [{ address: BOB }], subject: 'Filed' });
		env.sandbox.store.moveItem(moved.id, contoso);

		const shallow = await folder('getMany', { folder: path('inbox'), returnAll: true });
		expect(shallow.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
			{ id: graphId(customers.id), name: 'Customers', path: 'Inbox/Customers', parentId: graphId(inbox.id), totalCount: 0, unreadCount: 0, childFolderCount: 1 },
			expect.objectContaining({ name: 'Processed', path: 'Inbox/Processed', childFolderCount: 0 }),
		]);

		const deep = await folder('getMany', { folder: path('inbox'), traversal: 'deep', returnAll: true });
		expect(deep.outputOf(NODE_NAME).map((item) => [item.json.path, item.json.totalCount])).toEqual([
			['Inbox/Customers', 0],
			['Inbox/Customers/Contoso', 1],
			['Inbox/Processed', 0],
		]);

		const limited = await folder('getMany', { folder: path('inbox'), traversal: 'deep', limit: 2 });
		expect(limited.outputOf(NODE_NAME)).toHaveLength(2);
	});

	it('lists the same subfolders with the same fields as over EWS (parity)', async () => {
		const inbox = mailbox().folder('inbox');
		env.sandbox.store.createFolder(env.sandbox.store.createFolder(inbox, 'Customers'), 'Contoso');
		const parameters = { resource: 'folder', operation: 'getMany', mailbox: BOB, folder: path('inbox'), traversal: 'deep', returnAll: true };

		const overGraph = (await env.run({ parameters })).outputOf(NODE_NAME).map((item) => item.json);
		const overEws = (await env.runEws({ parameters })).outputOf(NODE_NAME).map((item) => item.json);

		const comparable = (json: Record<string, unknown>) => ({ ...json, id: undefined, parentId: undefined });
		expect(overGraph.map(comparable)).toEqual(overEws.map(comparable));
		expect(overGraph.map((json) => Object.keys(json).sort())).toEqual(overEws.map((json) => Object.keys(json).sort()));
	});
});
