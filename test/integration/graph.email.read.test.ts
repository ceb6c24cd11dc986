/**
 * Email → Get, Get Many, Move, Copy, Delete, Mark as Read / Unread and Update over Microsoft Graph, through
 * n8n-core against the sandbox's Graph endpoint: outcomes checked in the store the EWS endpoint shares, and
 * the same workflows over EWS giving the same output fields and the same store result.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { graphId } from '../../sandbox/graph/ids';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';

const env = useGraphSandbox();

const BOB = 'bob@contoso.com';
const path = (value: string) => ({ __rl: true, mode: 'path', value });

function email(operation: string, parameters: INodeParameters, items?: INodeExecutionData[], continueOnFail = false) {
	return env.run({
		parameters: { resource: 'email', operation, mailbox: BOB, ...parameters },
		items,
		...(continueOnFail ? { settings: { onError: 'continueRegularOutput' as const } } : {}),
	});
}

function deliver(subject: string, minute: number, extra: Partial<Parameters<typeof env.sandbox.store.deliverIncoming>[0]> = {}): StoredMessage {
	const [message] = env.sandbox.store.deliverIncoming({
		from: { address: 'billing@fabrikam.com', name: 'Fabrikam Billing' },
		toRecipients: [{ address: BOB, name: 'Bob' }],
		subject,
		body: { type: 'Text', text: `About ${subject}` },
		receivedAt: new Date(Date.parse('2026-11-02T08:00:00Z') + minute * 60_000),
		isRead: false,
		...extra,
	});
	return message;
}

const graphRequests = () => env.sandbox.requests.filter((request) => request.api === 'graph');
const inbox = () => env.sandbox.store.mailbox(BOB).folder('inbox');
const byGraphId = (messages: StoredMessage[]) => messages.map((message) => ({ json: { id: graphId(message.id) } }));

describe('Email → Get over Graph', () => {
	it('reads one message by its Graph id with the EWS path\'s output fields, the body in the format asked for', async () => {
		const message = deliver('Invoice 17', 0, { categories: ['Invoices'], importance: 'High' });

		const run = await email('get', { messageId: graphId(message.id), options: { bodyFormat: 'text' } });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({
			id: graphId(message.id),
			changeKey: message.changeKey,
			conversationId: message.conversationId,
			subject: 'Invoice 17',
			from: { name: 'Fabrikam Billing', address: 'billing@fabrikam.com' },
			to: [{ name: 'Bob', address: BOB }],
			cc: [],
			receivedAt: '2026-11-02T08:00:00Z',
			sentAt: expect.stringMatching(/^2026-11-02T0\d:\d\d:\d\dZ$/),
			isRead: false,
			hasAttachments: false,
			importance: 'High',
			categories: ['Invoices'],
			bodyPreview: 'About Invoice 17',
			body: 'About Invoice 17',
			bodyType: 'text',
			internetMessageId: message.internetMessageId,
			folder: { id: graphId(inbox().id) },
			webLink: expect.stringContaining('https://'),
		});
		const [request] = graphRequests();
		expect(request.method).toBe('GET');
		expect(request.path).toContain(`/messages/${graphId(message.id)}`);
		expect(request.headers.prefer).toBe('outlook.body-content-type="text"');
	});

	it('refuses an EWS id before any request, naming the field, and goes on with the next item', async () => {
		const message = deliver('Invoice 18', 0);

		const run = await email('get', { messageId: '={{ $json.id }}' }, [{ json: { id: message.id } }, { json: { id: graphId(message.id) } }], true);

		const output = run.outputOf(NODE_NAME);
		expect(output[0].json.error).toEqual(expect.stringContaining('"Message ID"'));
		expect(String(output[0].json.error)).toContain('EWS id');
		expect(output[1].json.subject).toBe('Invoice 18');
		expect(graphRequests()).toHaveLength(1);
	});

	it('says which id Graph could not find', async () => {
		const message = deliver('Gone', 0);
		env.sandbox.store.deleteItem(message.id, 'HardDelete');

		const run = await email('get', { messageId: graphId(message.id) });

		expect(run.error?.message).toContain('was not found');
		expect(run.error?.message).toContain(`"Message ID" ${graphId(message.id)}`);
	});
});

describe('Email → Get Many over Graph', () => {
	it('gives the folder\'s messages newest first, honouring the limit', async () => {
		for (let minute = 0; minute < 5; minute++) deliver(`Invoice ${minute}`, minute);

		const run = await email('getMany', { folder: path('inbox'), limit: 3 });

		expect(run.outputOf(NODE_NAME).map((item) => item.json.subject)).toEqual(['Invoice 4', 'Invoice 3', 'Invoice 2']);
	});

	it('follows @odata.nextLink to return all of a large folder, one page at a time', async () => {
		for (let minute = 0; minute < 130; minute++) deliver(`Bulk ${minute}`, minute);

		const run = await email('getMany', { folder: path('inbox'), returnAll: true });

		const subjects = run.outputOf(NODE_NAME).map((item) => item.json.subject);
		expect(subjects).toHaveLength(130);
		expect(subjects[0]).toBe('Bulk 129');
		expect(subjects[129]).toBe('Bulk 0');
		const pages = graphRequests().filter((request) => request.path.includes('/messages'));
		expect(pages).toHaveLength(2);
		expect(pages[1].path).toContain('%24skip=100');
	});

	it('translates the filters into one $filter that Graph can order by receivedDateTime', async () => {
		const wanted = deliver('Invoice March', 10, { categories: ['Invoices'], importance: 'High' });
		deliver('Invoice April', 11, { categories: ['Invoices'], importance: 'High', isRead: true });
		deliver('Invoice May', 12, { categories: ['Other'], importance: 'High' });
		deliver('Reminder', 13, { categories: ['Invoices'], importance: 'High' });
		deliver('Invoice old', 1, { categories: ['Invoices'], importance: 'High' });
		deliver('Invoice low', 14, { categories: ['Invoices'], importance: 'Low' });
		deliver('Invoice other sender', 15, { categories: ['Invoices'], importance: 'High', from: { address: 'sales@northwind.com' } });

		const run = await email('getMany', {
			folder: path('inbox'),
			returnAll: true,
			filters: {
				unreadOnly: true,
				subjectContains: 'invoice',
				from: 'fabrikam',
				toMe: true,
				categories: 'invoices, Customers',
				importance: 'high',
				hasAttachments: false,
				receivedAfter: '2026-11-02T08:05:00Z',
				receivedBefore: '2026-11-02T09:00:00Z',
			},
		});

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((item) => item.json.id)).toEqual([graphId(wanted.id)]);
		const query = decodeURIComponent(graphRequests()[graphRequests().length - 1].path);
		expect(query).toMatch(/\$filter=receivedDateTime ge 1900-01-01T00:00:00Z and /);
		expect(query).toContain('$orderby=receivedDateTime desc');
	});

	it('sends a search alone as $search, without $orderby', async () => {
		deliver('Quarterly report', 1);
		deliver('Invoice 1', 2);

		const run = await email('getMany', { folder: path('inbox'), returnAll: true, filters: { search: 'subject:quarterly' } });

		expect(run.outputOf(NODE_NAME).map((item) => item.json.subject)).toEqual(['Quarterly report']);
		const query = decodeURIComponent(graphRequests()[graphRequests().length - 1].path);
		expect(query).toContain('$search="subject:quarterly"');
		expect(query).not.toContain('$orderby');
	});

	it('reads a folder given by its path, resolved level by level', async () => {
		const processed = env.sandbox.store.createFolder(inbox(), 'Processed');
		const [message] = env.sandbox.store.deliverIncoming({ from: { address: 'a@fabrikam.com' }, toRecipients: [{ address: BOB }], subject: 'Filed' });
		env.sandbox.store.moveItem(message.id, processed);

		const run = await email('getMany', { folder: path('Inbox/Processed'), returnAll: true });

		expect(run.outputOf(NODE_NAME).map((item) => item.json.subject)).toEqual(['Filed']);
		expect(run.outputOf(NODE_NAME)[0].json.folder).toEqual({ id: graphId(processed.id) });
	});

	it('gives the same output fields as over EWS for the same messages (parity)', async () => {
		// Importance given: the sandbox's EWS side leaves out an importance never set, where Graph says normal.
		deliver('Parity A', 1, { categories: ['Invoices'], importance: 'Normal' });
		deliver('Parity B', 2, { ccRecipients: [{ address: 'alice@contoso.com', name: 'Alice' }], importance: 'High' });
		const parameters = { resource: 'email', operation: 'getMany', mailbox: BOB, folder: path('inbox'), returnAll: true };

		const overGraph = (await env.run({ parameters })).outputOf(NODE_NAME).map((item) => item.json);
		const overEws = (await env.runEws({ parameters })).outputOf(NODE_NAME).map((item) => item.json);

		expect(overGraph.map((json) => Object.keys(json).sort())).toEqual(overEws.map((json) => Object.keys(json).sort()));
		const comparable = (json: IDataObject) => ({ ...json, id: undefined, changeKey: undefined, conversationId: undefined, folder: undefined, webLink: undefined, sentAt: undefined });
		expect(overGraph.map(comparable)).toEqual(overEws.map(comparable));
	});
});

describe('Email writes over Graph', () => {
	it('moves messages in one JSON batch and outputs their new ids; the same move over EWS stores the same (parity)', async () => {
		const processed = env.sandbox.store.createFolder(inbox(), 'Processed');
		const [first, second] = [deliver('Move 1', 1), deliver('Move 2', 2)];

		const run = await email('move', { messageId: '={{ $json.id }}', folder: path('Inbox/Processed') }, byGraphId([first, second]));

		expect(run.error).toBeUndefined();
		const moved = processed.messages();
		expect(moved.map((message) => message.subject).sort()).toEqual(['Move 1', 'Move 2']);
		expect(run.outputOf(NODE_NAME).map((item) => item.json)).toEqual(
			[first, second].map((message) => {
				const now = moved.find((candidate) => candidate.subject === message.subject) as StoredMessage;
				return { id: graphId(now.id), changeKey: now.changeKey, originalId: graphId(message.id), folder: { id: graphId(processed.id), path: 'Inbox/Processed' } };
			}),
		);
		expect(graphRequests().filter((request) => request.path.endsWith('/$batch'))).toHaveLength(1);

		const third = deliver('Move 3', 3);
		const ews = await env.runEws({
			parameters: { resource: 'email', operation: 'move', mailbox: BOB, messageId: '={{ $json.id }}', folder: path('Inbox/Processed') },
			items: [{ json: { id: third.id } }],
		});
		expect(Object.keys(ews.outputOf(NODE_NAME)[0].json).sort()).toEqual(Object.keys(run.outputOf(NODE_NAME)[0].json).sort());
		expect(processed.messages().map((message) => message.subject).sort()).toEqual(['Move 1', 'Move 2', 'Move 3']);
		expect(inbox().messages()).toHaveLength(0);
	});

	it('copies to a well-known folder, leaving the original', async () => {
		const message = deliver('Keep a copy', 1);

		const run = await email('copy', { messageId: graphId(message.id), folder: path('archive') });

		const [copy] = env.sandbox.store.mailbox(BOB).folder('archive').messages();
		expect(copy.subject).toBe('Keep a copy');
		expect(env.sandbox.store.findItem(message.id)).toBeDefined();
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({ id: graphId(copy.id), changeKey: copy.changeKey, originalId: graphId(message.id), folder: { id: null, path: 'archive' } });
	});

	it.each([
		['moveToDeletedItems', 'deleteditems'],
		['softDelete', 'recoverableitemsdeletions'],
	] as const)('deletes with %s into %s', async (deleteType, folder) => {
		const message = deliver('Delete me', 1);

		const run = await email('delete', { messageId: graphId(message.id), deleteType });

		expect(run.outputOf(NODE_NAME)[0].json).toEqual({ id: graphId(message.id), deleted: true, deleteType });
		expect(inbox().messages()).toHaveLength(0);
		expect(env.sandbox.store.mailbox(BOB).folder(folder).messages().map((each) => each.subject)).toEqual(['Delete me']);
	});

	it('hard-deletes with permanentDelete: the message is nowhere', async () => {
		const message = deliver('Purge me', 1);

		const run = await email('delete', { messageId: graphId(message.id), deleteType: 'hardDelete' });

		expect(run.error).toBeUndefined();
		const everywhere = env.sandbox.store.mailbox(BOB).allFolders().flatMap((folder) => folder.messages());
		expect(everywhere.filter((each) => each.subject === 'Purge me')).toHaveLength(0);
		expect(graphRequests().some((request) => request.method === 'POST' && request.path.endsWith('/permanentDelete'))).toBe(true);
	});

	it('marks messages read and unread', async () => {
		const [first, second] = [deliver('Read 1', 1), deliver('Read 2', 2)];

		const read = await email('markAsRead', { messageId: '={{ $json.id }}' }, byGraphId([first, second]));
		expect(read.outputOf(NODE_NAME).map((item) => item.json)).toEqual(
			[first, second].map((message) => ({ id: graphId(message.id), changeKey: env.sandbox.store.getItem(message.id).changeKey, isRead: true })),
		);
		expect([first, second].map((message) => env.sandbox.store.getItem(message.id).isRead)).toEqual([true, true]);

		await email('markAsUnread', { messageId: graphId(first.id) });
		expect(env.sandbox.store.getItem(first.id).isRead).toBe(false);
	});

	it('updates subject, importance, flag and categories as EWS does, adding to the categories there', async () => {
		const message = deliver('Update me', 1, { categories: ['Invoices'] });

		const run = await email('update', {
			messageId: graphId(message.id),
			updateFields: { subject: 'Updated', importance: 'low', flag: 'complete', categories: 'Done, invoices', categoriesAction: 'add' },
		});

		expect(run.error).toBeUndefined();
		const stored = env.sandbox.store.getItem(message.id) as StoredMessage;
		expect(stored).toMatchObject({ subject: 'Updated', importance: 'Low', categories: ['Invoices', 'Done'] });
		expect(stored.flag.status).toBe('Complete');
		expect(stored.flag.completeDate).toBeInstanceOf(Date);
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({
			id: graphId(message.id),
			subject: 'Updated',
			importance: 'Low',
			flag: 'complete',
			categories: ['Invoices', 'Done'],
			changeKey: stored.changeKey,
		});
	});

	it('refuses an update with a stale change key (412) and changes nothing', async () => {
		const message = deliver('Contested', 1);
		const staleKey = message.changeKey;
		env.sandbox.store.updateItem(message.id, { subject: 'Changed elsewhere' });

		const run = await email('update', { messageId: graphId(message.id), changeKey: staleKey, updateFields: { subject: 'Mine' } });

		expect(run.error?.message).toContain('changed since "Change Key"');
		expect(env.sandbox.store.getItem(message.id).subject).toBe('Changed elsewhere');
	});
});
