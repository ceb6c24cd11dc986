/**
 * Email → Move, Copy, Delete, Mark as Read / Unread and Update through n8n-core against the sandbox: many
 * messages per request, per-item results and errors, each outcome checked in the sandbox's store.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const BOB = 'bob@contoso.com';

function write(operation: string, parameters: INodeParameters, items: INodeExecutionData[], continueOnFail = false) {
	return env.run({
		parameters: { resource: 'email', operation, mailbox: BOB, messageId: '={{ $json.id }}', ...parameters },
		credential: { impersonation: true },
		items,
		...(continueOnFail ? { settings: { onError: 'continueRegularOutput' as const } } : {}),
	});
}

function inboxMessages(count: number, extra: { categories?: string[] } = {}): StoredMessage[] {
	return Array.from({ length: count }, (_, index) => {
		const [message] = env.sandbox.store.deliverIncoming({
			from: { address: 'billing@fabrikam.com' },
			toRecipients: [{ address: BOB }],
			subject: `Invoice ${index + 1}`,
			receivedAt: new Date(Date.parse('2026-11-02T08:00:00Z') + index * 60_000),
			...extra,
		});
		return message;
	});
}

const ids = (messages: StoredMessage[]) => messages.map((message) => ({ json: { id: message.id } }));
const requests = (operation: string) => env.sandbox.requests.filter((request) => request.operation === operation);
const folder = (path: string) => env.sandbox.store.folderByPath(BOB, path);
const path = (value: string) => ({ __rl: true, mode: 'path', value });

describe('Email → Move and Copy', () => {
	it('moves many messages in one request to a path, outputs their new ids, and Get Many of both folders agrees', async () => {
		const processed = env.sandbox.store.createFolder(folder('Inbox'), 'Processed');
		const [first, second, stays] = inboxMessages(3);

		const run = await write('move', { folder: path('Inbox/Processed') }, ids([first, second]));

		expect(run.error).toBeUndefined();
		expect(requests('MoveItem')).toHaveLength(1);
		const moved = processed.messages();
		expect(moved.map((message) => message.subject).sort()).toEqual(['Invoice 1', 'Invoice 2']);
		const output = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(output).toEqual([first, second].map((message) => {
			const now = moved.find((candidate) => candidate.subject === message.subject) as StoredMessage;
			return { id: now.id, changeKey: now.changeKey, originalId: message.id, folder: { id: processed.id, path: 'Inbox/Processed' } };
		}));
		expect(output[0].id).not.toBe(first.id);

		const listInbox = await env.run({
			parameters: { resource: 'email', operation: 'getMany', mailbox: BOB, folder: path('inbox'), returnAll: true },
			credential: { impersonation: true },
		});
		const listProcessed = await env.run({
			parameters: { resource: 'email', operation: 'getMany', mailbox: BOB, folder: path('Inbox/Processed'), returnAll: true },
			credential: { impersonation: true },
		});
		expect(listInbox.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual([stays.id]);
		expect(listProcessed.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual([output[1].id, output[0].id]);
	});

	it('copies to a distinguished folder, leaving the original, and outputs the copy\'s id', async () => {
		const [message] = inboxMessages(1);

		const run = await write('copy', { folder: path('sentitems') }, ids([message]));

		const [copy] = env.sandbox.store.mailbox(BOB).folder('sentitems').messages();
		expect(copy.subject).toBe('Invoice 1');
		expect(env.sandbox.store.findItem(message.id)).toBeDefined();
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ id: copy.id, originalId: message.id, folder: { id: null, path: 'sentitems' } });
	});

	it('fails only the items that are not an id, name no item or a folder path that does not exist; the others move', async () => {
		env.sandbox.store.createFolder(folder('Inbox'), 'Processed');
		const [first, second, deleted] = inboxMessages(3);
		env.sandbox.store.deleteItem(deleted.id, 'HardDelete');
		const gone = deleted.id;

		const run = await env.run({
			parameters: { resource: 'email', operation: 'move', mailbox: BOB, messageId: '={{ $json.id }}', folder: { __rl: true, mode: 'path', value: '={{ $json.to }}' } },
			credential: { impersonation: true },
			items: [
				{ json: { id: 'Invoice 1', to: 'Inbox/Processed' } },
				{ json: { id: first.id, to: 'Inbox/Processd' } },
				{ json: { id: gone, to: 'Inbox/Processed' } },
				{ json: { id: second.id, to: 'Inbox/Processed' } },
			],
			settings: { onError: 'continueRegularOutput' },
		});

		const [notAnId, noFolder, missing, moved] = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(notAnId.error).toMatch(/^"Message ID" "Invoice 1" is not an EWS item id .*\[item 0\]$/);
		expect(noFolder.error).toMatch(/^"Folder" path "Inbox\/Processd" does not exist in bob@contoso\.com: "Inbox" has no folder "Processd".*\[item 1\]$/);
		expect(missing).toMatchObject({ code: 'ErrorItemNotFound', error: expect.stringContaining(`"Message ID" ${gone} in ${BOB}`) });
		expect(moved).toMatchObject({ originalId: second.id, folder: { path: 'Inbox/Processed' } });
		expect(folder('Inbox/Processed').messages().map((message) => message.subject)).toEqual(['Invoice 2']);
		expect(env.sandbox.store.folderOf(env.sandbox.store.getItem(first.id)).name).toBe('inbox');
	});
});

describe('Email → Delete', () => {
	it.each([
		['moveToDeletedItems', 'deleteditems'],
		['softDelete', 'recoverableitemsdeletions'],
	])('%s puts the messages where Exchange keeps them (%s), in one request', async (deleteType, where) => {
		const messages = inboxMessages(2);

		const run = await write('delete', { deleteType }, ids(messages));

		expect(run.error).toBeUndefined();
		expect(requests('DeleteItem')).toHaveLength(1);
		expect(run.outputOf(NODE_NAME).map((item) => item.json)).toEqual(messages.map((message) => ({ id: message.id, deleted: true, deleteType })));
		expect(folder('Inbox').messages()).toHaveLength(0);
		expect(env.sandbox.store.mailbox(BOB).folder(where as 'deleteditems').messages().map((message) => message.subject).sort()).toEqual(['Invoice 1', 'Invoice 2']);
	});

	it('hardDelete removes the message; deleting it again fails that item with ErrorItemNotFound', async () => {
		const [message] = inboxMessages(1);

		await write('delete', { deleteType: 'hardDelete' }, ids([message]));
		const again = await write('delete', { deleteType: 'hardDelete' }, ids([message]), true);

		expect(env.sandbox.store.findItem(message.id)).toBeUndefined();
		expect(again.outputOf(NODE_NAME)[0].json).toMatchObject({ code: 'ErrorItemNotFound', error: expect.stringContaining(`"Message ID" ${message.id}`) });
	});
});

describe('Email → Mark as Read / Unread', () => {
	it('marks many messages in one UpdateItem request, as the store then holds them', async () => {
		const messages = inboxMessages(3);

		const read = await write('markAsRead', {}, ids(messages));
		expect(requests('UpdateItem')).toHaveLength(1);
		expect(messages.map((message) => env.sandbox.store.getItem(message.id).isRead)).toEqual([true, true, true]);
		expect(read.outputOf(NODE_NAME)[0].json).toEqual({ id: messages[0].id, changeKey: env.sandbox.store.getItem(messages[0].id).changeKey, isRead: true });

		await write('markAsUnread', {}, ids(messages.slice(1)));
		expect(messages.map((message) => env.sandbox.store.getItem(message.id).isRead)).toEqual([true, false, false]);
	});
});

describe('Email → Update', () => {
	it('sets subject, importance and flag, and sets, adds and removes categories', async () => {
		const [first, second, third] = inboxMessages(3, { categories: ['Finance', 'Open'] });

		const update = async (message: StoredMessage, updateFields: INodeParameters) => await write('update', { updateFields }, ids([message]));
		await update(first, { subject: 'Invoice 1 (paid)', importance: 'high', flag: 'flagged', categories: 'Paid', categoriesAction: 'set' });
		await update(second, { categories: 'Paid, finance', categoriesAction: 'add', flag: 'complete' });
		const run = await update(third, { categories: 'open', categoriesAction: 'remove', importance: 'low' });

		expect(run.error).toBeUndefined();
		const store = env.sandbox.store;
		expect(store.getItem(first.id)).toMatchObject({ subject: 'Invoice 1 (paid)', importance: 'High', categories: ['Paid'], flag: { status: 'Flagged' } });
		expect(store.getItem(second.id)).toMatchObject({ categories: ['Finance', 'Open', 'Paid'], flag: { status: 'Complete' } });
		expect(store.getItem(third.id)).toMatchObject({ categories: ['Finance'], importance: 'Low' });
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({ id: third.id, categories: ['Finance'], importance: 'Low', changeKey: store.getItem(third.id).changeKey });
	});

	it('with a Change Key refuses a message changed since (ErrorIrresolvableConflict) and leaves it as it is; a current key updates', async () => {
		const [stale, current] = inboxMessages(2);
		const staleKey = stale.changeKey;
		env.sandbox.store.updateItem(stale.id, { subject: 'Changed in Outlook' });

		const run = await env.run({
			parameters: {
				resource: 'email',
				operation: 'update',
				mailbox: BOB,
				messageId: '={{ $json.id }}',
				changeKey: '={{ $json.changeKey }}',
				updateFields: { subject: 'Changed by n8n' },
			},
			credential: { impersonation: true },
			items: [{ json: { id: stale.id, changeKey: staleKey } }, { json: { id: current.id, changeKey: current.changeKey } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const [refused, updated] = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(refused).toMatchObject({ code: 'ErrorIrresolvableConflict', error: expect.stringContaining(`"Change Key" ${staleKey}`) });
		expect(env.sandbox.store.getItem(stale.id).subject).toBe('Changed in Outlook');
		expect(updated).toMatchObject({ id: current.id, subject: 'Changed by n8n' });
		expect(env.sandbox.store.getItem(current.id).subject).toBe('Changed by n8n');
		const body = requests('UpdateItem').map((request) => request.body).join('\n');
		expect(body).toContain('ConflictResolution="NeverOverwrite"');
		expect(body).toContain(`ChangeKey="${staleKey}"`);
	});

	it('refuses an item without fields to update before anything is sent', async () => {
		const [message] = inboxMessages(1);

		const run = await write('update', { updateFields: {} }, ids([message]), true);

		expect(run.outputOf(NODE_NAME)[0].json.error).toMatch(/^"Update Fields" is empty/);
		expect(requests('UpdateItem')).toHaveLength(0);
	});
});

describe('Email writes without rights', () => {
	it('fail the item with ErrorAccessDenied naming the message, when the account may not open the mailbox', async () => {
		const [message] = inboxMessages(1);

		const run = await env.run({
			parameters: { resource: 'email', operation: 'markAsRead', mailbox: BOB, messageId: message.id },
			credential: { username: 'alice@contoso.com', password: 'Al1ce!Pass', impersonation: false },
			settings: { onError: 'continueRegularOutput' },
		});

		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ code: 'ErrorAccessDenied', error: expect.stringContaining(`"Message ID" ${message.id}`) });
		expect(env.sandbox.store.getItem(message.id).isRead).toBe(false);
	});
});

describe('Email writes under Exchange\'s refusals and lost answers', () => {
	it('sends again only the message Exchange answered ErrorServerBusy inside a MoveItem batch; each moves once', async () => {
		const processed = env.sandbox.store.createFolder(folder('Inbox'), 'Processed');
		const messages = inboxMessages(3);
		env.sandbox.faults.push({
			operation: 'MoveItem',
			kind: 'itemError',
			index: 1,
			code: 'ErrorServerBusy',
			message: 'The server cannot service this request right now. Try again later.',
			backOffMs: 300,
		});

		const run = await write('move', { folder: path('Inbox/Processed') }, ids(messages));

		expect(run.error).toBeUndefined();
		expect(processed.messages()).toHaveLength(3);
		const moves = requests('MoveItem').filter((request) => request.status === 200);
		expect(moves.map((request) => (request.body.match(/<t:ItemId /g) ?? []).length)).toEqual([3, 1]);
		expect(moves[1].body).toContain(messages[1].id);
		expect(run.outputOf(NODE_NAME).map((item) => item.json.originalId)).toEqual(messages.map((message) => message.id));
	});

	it('reports the messages of a request whose answer was lost as outcome unknown, and never sends them again', async () => {
		const messages = inboxMessages(4);
		env.sandbox.faults.push({ operation: 'UpdateItem', kind: 'dropConnection', after: 'afterProcessing' });

		const run = await write('markAsRead', { options: { batchSize: 2, concurrency: 1 } }, ids(messages), true);

		const outputs = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(requests('UpdateItem')).toHaveLength(2);
		expect(outputs.slice(0, 2)).toEqual([
			expect.objectContaining({ code: 'ConnectionLost', error: expect.stringMatching(/^Outcome unknown: .*marked this message read; it was not sent again/) }),
			expect.objectContaining({ code: 'ConnectionLost' }),
		]);
		expect(outputs.slice(2)).toEqual(messages.slice(2).map((message) => expect.objectContaining({ id: message.id, isRead: true })));
		// The sandbox had carried out the request whose answer was lost.
		expect(messages.map((message) => env.sandbox.store.getItem(message.id).isRead)).toEqual([true, true, true, true]);
	});
});
