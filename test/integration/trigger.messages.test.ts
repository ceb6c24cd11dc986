import { useExchangeSandbox } from '../helpers/exchangeWorkflow';
import { MAILBOX, deliver, operationsSince, pollUntilQuiet, subjects, takeInjectedFaults, triggerPoller } from './triggerHelpers';

/**
 * Message Received through n8n-core's poll context against the sandbox: every message that arrives is emitted
 * exactly once, whatever the size of the burst, restarts, failures and changes the mailbox goes through.
 */

jest.setTimeout(300_000);

const env = useExchangeSandbox();
const hourAgo = () => new Date(Date.now() - 3600_000);

describe('Exchange Trigger: Message Received', () => {
	it('starts from now, then emits bursts of 1, 50 and 1,200 messages each exactly once', async () => {
		const { sandbox } = env;
		deliver(sandbox, 'Already there', { receivedAt: hourAgo() });
		const poller = triggerPoller(env, {});
		expect((await poller.poll()).items).toBeNull();

		for (const size of [1, 50, 1200]) {
			const sent = Array.from({ length: size }, (_, n) => deliver(sandbox, `Burst ${size} #${n}`).subject);
			const from = sandbox.requests.length;
			const emitted = subjects(await pollUntilQuiet(poller));
			expect(emitted.sort()).toEqual([...sent].sort());
			// More than 512 changes are read in several SyncFolderItems calls within the same poll.
			if (size === 1200) expect(operationsSince(sandbox, from).filter((op) => op === 'SyncFolderItems').length).toBeGreaterThanOrEqual(4);
		}

		// Nothing changed: one SyncFolderItems and nothing else.
		const from = sandbox.requests.length;
		expect((await poller.poll()).items).toBeNull();
		expect(operationsSince(sandbox, from)).toEqual(['SyncFolderItems']);
	});

	it('emits what is already there on the first poll when Emit Existing Items is on', async () => {
		deliver(env.sandbox, 'Old one', { receivedAt: hourAgo() });
		const poller = triggerPoller(env, { options: { emitExisting: true } });
		expect(subjects((await poller.poll()).items)).toEqual(['Old one']);
		expect((await poller.poll()).items).toBeNull();
	});

	it('outputs what Email → Get outputs, with attachments as binary, and marks emitted messages read', async () => {
		const poller = triggerPoller(env, { options: { downloadAttachments: true, markAsRead: true } });
		await poller.poll();
		const message = deliver(env.sandbox, 'With file', { attachment: Buffer.from('hello') });
		const [item] = (await poller.poll()).items ?? [];
		expect(item.json).toMatchObject({ id: message.id, subject: 'With file', from: { address: 'dana@fabrikam.example' }, internetMessageId: message.internetMessageId, hasAttachments: true, isRead: false });
		expect(Buffer.from(item.binary?.attachment_0.data ?? '', 'base64').toString()).toBe('hello');
		expect(env.sandbox.store.getItem(message.id).isRead).toBe(true);
		// The read-flag change the trigger made emits nothing.
		expect((await poller.poll()).items).toBeNull();
	});

	it('applies the filters: unread only, from, subject contains, has attachments, categories', async () => {
		const poller = triggerPoller(env, {
			filters: { unreadOnly: true, from: 'orders@contoso.com, @fabrikam.example', subjectContains: 'invoice', hasAttachments: true, categories: 'Billing' },
		});
		await poller.poll();
		const file = Buffer.from('pdf');
		deliver(env.sandbox, 'Invoice 1', { attachment: file, categories: ['Billing'] });
		deliver(env.sandbox, 'Invoice 2', { attachment: file, categories: ['Billing'], from: 'someone@else.example' });
		deliver(env.sandbox, 'Invoice 3', { categories: ['Billing'] });
		deliver(env.sandbox, 'Receipt', { attachment: file, categories: ['Billing'] });
		deliver(env.sandbox, 'Invoice 4', { attachment: file });
		const read = deliver(env.sandbox, 'Invoice 5', { attachment: file, categories: ['billing'] });
		env.sandbox.store.markRead(read.id, true);
		deliver(env.sandbox, 'INVOICE 6', { attachment: file, categories: ['billing'], from: 'orders@contoso.com' });
		expect(subjects((await poller.poll()).items)).toEqual(['Invoice 1', 'INVOICE 6']);
	});

	it('emits messages that arrive during a poll once, in that poll or the next', async () => {
		const { sandbox } = env;
		const poller = triggerPoller(env, {});
		await poller.poll();
		const first = Array.from({ length: 20 }, (_, n) => deliver(sandbox, `Before ${n}`).subject);
		sandbox.faults.push({ kind: 'latency', ms: 400, operation: 'GetItem' });
		const polling = poller.poll();
		await new Promise((resolve) => setTimeout(resolve, 150));
		const during = Array.from({ length: 5 }, (_, n) => deliver(sandbox, `During ${n}`).subject);
		const emitted = subjects((await polling).items);
		emitted.push(...subjects(await pollUntilQuiet(poller)));
		expect(emitted.sort()).toEqual([...first, ...during].sort());
	});

	it('keeps its state across a restart: a new process with the stored static data goes on where the last stopped', async () => {
		const poller = triggerPoller(env, {});
		await poller.poll();
		deliver(env.sandbox, 'Before restart');
		expect(subjects((await poller.poll()).items)).toEqual(['Before restart']);
		deliver(env.sandbox, 'After restart');
		const restarted = triggerPoller(env, {});
		restarted.storedStaticData = poller.storedStaticData;
		expect(subjects((await restarted.poll()).items)).toEqual(['After restart']);
		expect((await restarted.poll()).items).toBeNull();
	});

	it('after GetItem fails in the middle of a poll, the next poll emits what was not emitted and nothing that was', async () => {
		const { sandbox } = env;
		const poller = triggerPoller(env, {});
		await poller.poll();
		const sent = Array.from({ length: 250 }, (_, n) => deliver(sandbox, `Batch ${n}`).subject);
		// The first GetItem (100 messages) goes through, the second is refused.
		sandbox.faults.push({ kind: 'latency', ms: 0, operation: 'GetItem' }, { kind: 'soapFault', code: 'ErrorAccessDenied', message: 'Access is denied.', operation: 'GetItem' });
		const first = subjects((await poller.poll()).items);
		expect(first).toHaveLength(100);
		const rest = subjects(await pollUntilQuiet(poller));
		expect([...first, ...rest].sort()).toEqual([...sent].sort());
		expect(takeInjectedFaults(sandbox, 'ErrorAccessDenied')).toEqual(['GetItem']);
	});

	it('when the very first GetItem fails, the poll fails and keeps its state; the next poll emits everything once', async () => {
		const { sandbox } = env;
		const poller = triggerPoller(env, {});
		await poller.poll();
		const sent = Array.from({ length: 3 }, (_, n) => deliver(sandbox, `Retry ${n}`).subject);
		sandbox.faults.push({ kind: 'soapFault', code: 'ErrorAccessDenied', message: 'Access is denied.', operation: 'GetItem' });
		await expect(poller.poll()).rejects.toThrow(/ErrorAccessDenied/);
		expect(subjects(await pollUntilQuiet(poller)).sort()).toEqual(sent.sort());
		expect(takeInjectedFaults(sandbox, 'ErrorAccessDenied')).toEqual(['GetItem']);
	});

	it('resynchronises when Exchange no longer accepts the sync state: none repeated, none lost', async () => {
		const { sandbox } = env;
		deliver(sandbox, 'Old', { receivedAt: hourAgo() });
		const poller = triggerPoller(env, {});
		await poller.poll();
		deliver(sandbox, 'Emitted before');
		expect(subjects((await poller.poll()).items)).toEqual(['Emitted before']);
		sandbox.store.syncStates.invalidateAll();
		deliver(sandbox, 'New 1');
		deliver(sandbox, 'New 2');
		const from = sandbox.requests.length;
		expect(subjects((await poller.poll()).items)).toEqual(['New 1', 'New 2']);
		// The refused state, then a sync from nothing.
		expect(operationsSince(sandbox, from).filter((op) => op === 'SyncFolderItems')).toHaveLength(2);
		expect((await poller.poll()).items).toBeNull();
	});

	it('move-in emits, read, delete and move-out emit nothing, and a message moved out and back is not emitted again', async () => {
		const { sandbox } = env;
		const archive = sandbox.store.mailbox(MAILBOX).folder('archive');
		const inbox = sandbox.store.mailbox(MAILBOX).folder('inbox');
		const filed = deliver(sandbox, 'Filed earlier', { receivedAt: hourAgo() });
		const filedAway = sandbox.store.moveItem(filed.id, archive);
		const poller = triggerPoller(env, {});
		await poller.poll();

		const message = deliver(sandbox, 'Round trip');
		expect(subjects((await poller.poll()).items)).toEqual(['Round trip']);
		sandbox.store.markRead(message.id, true);
		const away = sandbox.store.moveItem(message.id, archive);
		expect((await poller.poll()).items).toBeNull();
		sandbox.store.moveItem(away.id, inbox);
		expect((await poller.poll()).items).toBeNull();

		sandbox.store.moveItem(filedAway.id, inbox);
		expect(subjects((await poller.poll()).items)).toEqual(['Filed earlier']);
		const doomed = inbox.items.find((i) => i.subject === 'Filed earlier');
		sandbox.store.deleteItem(doomed?.id ?? '', 'MoveToDeletedItems');
		expect((await poller.poll()).items).toBeNull();
	});

	it('watches subfolders when asked', async () => {
		const { sandbox } = env;
		const inbox = sandbox.store.mailbox(MAILBOX).folder('inbox');
		const archive = sandbox.store.mailbox(MAILBOX).folder('archive');
		const sub = sandbox.store.createFolder(inbox, 'Orders');
		const poller = triggerPoller(env, { options: { includeSubfolders: true } });
		await poller.poll();
		const moved = deliver(sandbox, 'Into the subfolder');
		sandbox.store.moveItem(sandbox.store.moveItem(moved.id, archive).id, sub);
		deliver(sandbox, 'Into the Inbox');
		expect(subjects((await poller.poll()).items).sort()).toEqual(['Into the Inbox', 'Into the subfolder']);
		expect((await poller.poll()).items).toBeNull();
		// A watched subfolder that is deleted stops being watched; the others go on.
		sandbox.store.deleteFolder(sub, 'HardDelete');
		deliver(sandbox, 'After the subfolder went');
		expect(subjects((await poller.poll()).items)).toEqual(['After the subfolder went']);
	});

	it('Fetch Test Event returns the newest matching message and leaves the saved state alone', async () => {
		const { sandbox } = env;
		const poller = triggerPoller(env, { filters: { subjectContains: 'order' } });
		await poller.poll();
		const stored = poller.storedStaticData;
		deliver(sandbox, 'Order 1');
		deliver(sandbox, 'Order 2');
		deliver(sandbox, 'Newsletter');
		const test = await poller.fetchTestEvent();
		expect(subjects(test)).toEqual(['Order 2']);
		expect(poller.storedStaticData).toBe(stored);
		expect(subjects((await poller.poll()).items)).toEqual(['Order 1', 'Order 2']);
	});
});
