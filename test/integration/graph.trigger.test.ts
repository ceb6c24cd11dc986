import { useGraphSandbox } from '../helpers/graphWorkflow';
import { MAILBOX, deliver, pollUntilQuiet, subjects } from './triggerHelpers';
import { addMeeting, at, ewsPoller, graphPoller, graphRequestsSince, nextWeekAt9 } from './graphTriggerHelpers';

/**
 * The Exchange Trigger over Microsoft Graph through n8n-core's poll context against the sandbox's Graph
 * endpoint: delta queries in place of SyncFolderItems, with the same exactly-once rules as over EWS (every
 * message once, whatever the burst, restarts, failures and resets), and a change of the credential's API
 * starting afresh.
 */

jest.setTimeout(300_000);

const env = useGraphSandbox();
const hourAgo = () => new Date(Date.now() - 3600_000);

function deltaRequests(paths: string[]): string[] {
	return paths.filter((path) => /\/delta\b/.test(path));
}

describe('Exchange Trigger over Microsoft Graph: Message Received', () => {
	it('starts from now, then emits bursts of 1 and 1,200 messages each exactly once', async () => {
		const { sandbox } = env;
		deliver(sandbox, 'Already there', { receivedAt: hourAgo() });
		const poller = graphPoller(env, {});
		expect((await poller.poll()).items).toBeNull();

		for (const size of [1, 1200]) {
			const sent = Array.from({ length: size }, (_, n) => deliver(sandbox, `Burst ${size} #${n}`).subject);
			const from = sandbox.requests.length;
			const emitted = subjects(await pollUntilQuiet(poller));
			expect(emitted.sort()).toEqual([...sent].sort());
			// 1,200 changes come in several delta pages (odata.maxpagesize) within the same poll, read in JSON batches.
			if (size === 1200) expect(deltaRequests(graphRequestsSince(sandbox, from)).length).toBeGreaterThanOrEqual(6);
		}

		// Nothing changed: one delta request on the saved deltaLink, and nothing else.
		const from = sandbox.requests.length;
		expect((await poller.poll()).items).toBeNull();
		const requests = graphRequestsSince(sandbox, from);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatch(/^GET \/v1\.0\/users\/[^/]+\/mailFolders\/inbox\/messages\/delta\?\$deltatoken=/);
	});

	it('emits what is already there on the first poll when Emit Existing Items is on', async () => {
		deliver(env.sandbox, 'Old one', { receivedAt: hourAgo() });
		const poller = graphPoller(env, { options: { emitExisting: true } });
		expect(subjects((await poller.poll()).items)).toEqual(['Old one']);
		expect((await poller.poll()).items).toBeNull();
	});

	it('outputs the fields Email → Get outputs over EWS, with attachments as binary, and marks emitted messages read', async () => {
		const graph = graphPoller(env, { options: { downloadAttachments: true, markAsRead: true } });
		const ews = ewsPoller(env, { options: { downloadAttachments: true } });
		await graph.poll();
		await ews.poll();
		const message = deliver(env.sandbox, 'With file', { attachment: Buffer.from('hello') });
		const [overEws] = (await ews.poll()).items ?? [];
		const [item] = (await graph.poll()).items ?? [];
		expect(item.json).toMatchObject({ subject: 'With file', from: { address: 'dana@fabrikam.example' }, internetMessageId: message.internetMessageId, hasAttachments: true, isRead: false });
		// Graph's id, not EWS's; the same output fields as over EWS.
		expect(item.json.id).not.toBe(message.id);
		expect(Object.keys(item.json).sort()).toEqual(Object.keys(overEws.json).sort());
		expect(Buffer.from(item.binary?.attachment_0.data ?? '', 'base64').toString()).toBe('hello');
		expect(env.sandbox.store.getItem(message.id).isRead).toBe(true);
		// The read-flag change the trigger made emits nothing.
		expect((await graph.poll()).items).toBeNull();
	});

	it('applies the filters: unread only, from, subject contains, has attachments, categories', async () => {
		const poller = graphPoller(env, {
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
		const poller = graphPoller(env, {});
		await poller.poll();
		const first = Array.from({ length: 30 }, (_, n) => deliver(sandbox, `Before ${n}`).subject);
		sandbox.graphFaults.push({ kind: 'latency', ms: 400, path: '$batch' });
		const polling = poller.poll();
		await new Promise((resolve) => setTimeout(resolve, 150));
		const during = Array.from({ length: 5 }, (_, n) => deliver(sandbox, `During ${n}`).subject);
		const emitted = subjects((await polling).items);
		emitted.push(...subjects(await pollUntilQuiet(poller)));
		expect(emitted.sort()).toEqual([...first, ...during].sort());
	});

	it('keeps its state across a restart: a new process with the stored static data goes on where the last stopped', async () => {
		const poller = graphPoller(env, {});
		await poller.poll();
		deliver(env.sandbox, 'Before restart');
		expect(subjects((await poller.poll()).items)).toEqual(['Before restart']);
		deliver(env.sandbox, 'After restart');
		const restarted = graphPoller(env, {});
		restarted.storedStaticData = poller.storedStaticData;
		expect(subjects((await restarted.poll()).items)).toEqual(['After restart']);
		expect((await restarted.poll()).items).toBeNull();
	});

	it('after a read fails in the middle of a poll, the next poll emits what was not emitted and nothing that was', async () => {
		const { sandbox } = env;
		const poller = graphPoller(env, {});
		await poller.poll();
		const sent = Array.from({ length: 70 }, (_, n) => deliver(sandbox, `Batch ${n}`).subject);
		// The first JSON batch (20 messages) goes through, the second is refused.
		sandbox.graphFaults.push({ kind: 'latency', ms: 0, path: '$batch' }, { kind: 'status', status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.', path: '$batch' });
		const first = subjects((await poller.poll()).items);
		expect(first).toHaveLength(20);
		const rest = subjects(await pollUntilQuiet(poller));
		expect([...first, ...rest].sort()).toEqual([...sent].sort());
	});

	it('when a delta page fails midway, the poll fails and keeps its state; the next poll emits everything once', async () => {
		const { sandbox } = env;
		const poller = graphPoller(env, {});
		await poller.poll();
		const sent = Array.from({ length: 450 }, (_, n) => deliver(sandbox, `Paged ${n}`).subject);
		// The round's first page comes, its second (the nextLink) is refused.
		sandbox.graphFaults.push({ kind: 'latency', ms: 0, path: 'messages/delta' }, { kind: 'status', status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.', path: 'messages/delta' });
		await expect(poller.poll()).rejects.toThrow(/Access is denied/);
		expect(subjects(await pollUntilQuiet(poller)).sort()).toEqual(sent.sort());
	});

	it('when the very first read fails, the poll fails and keeps its state; the next poll emits everything once', async () => {
		const { sandbox } = env;
		const poller = graphPoller(env, {});
		await poller.poll();
		const sent = Array.from({ length: 3 }, (_, n) => deliver(sandbox, `Retry ${n}`).subject);
		sandbox.graphFaults.push({ kind: 'status', status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.', path: '$batch' });
		await expect(poller.poll()).rejects.toThrow(/Access is denied/);
		expect(subjects(await pollUntilQuiet(poller)).sort()).toEqual(sent.sort());
	});

	it('starts a new round when Graph no longer knows the deltaLink (410 Gone): none repeated, none lost', async () => {
		const { sandbox } = env;
		deliver(sandbox, 'Old', { receivedAt: hourAgo() });
		const poller = graphPoller(env, {});
		await poller.poll();
		deliver(sandbox, 'Emitted before');
		expect(subjects((await poller.poll()).items)).toEqual(['Emitted before']);
		sandbox.store.syncStates.invalidateAll();
		deliver(sandbox, 'New 1');
		deliver(sandbox, 'New 2');
		const from = sandbox.requests.length;
		expect(subjects((await poller.poll()).items)).toEqual(['New 1', 'New 2']);
		// The refused deltaLink (410), then a round from nothing.
		const answered = sandbox.requests.slice(from).filter((request) => request.api === 'graph' && request.path.includes('messages/delta'));
		expect(answered.map((request) => request.status)).toEqual([410, 200]);
		expect((await poller.poll()).items).toBeNull();
	});

	it('move-in emits, read, delete and move-out emit nothing, and a message moved out and back is not emitted again', async () => {
		const { sandbox } = env;
		const archive = sandbox.store.mailbox(MAILBOX).folder('archive');
		const inbox = sandbox.store.mailbox(MAILBOX).folder('inbox');
		const filed = deliver(sandbox, 'Filed earlier', { receivedAt: hourAgo() });
		const filedAway = sandbox.store.moveItem(filed.id, archive);
		const poller = graphPoller(env, {});
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

	it('watches subfolders when asked, each with its own deltaLink', async () => {
		const { sandbox } = env;
		const inbox = sandbox.store.mailbox(MAILBOX).folder('inbox');
		const archive = sandbox.store.mailbox(MAILBOX).folder('archive');
		const sub = sandbox.store.createFolder(inbox, 'Orders');
		const poller = graphPoller(env, { options: { includeSubfolders: true } });
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
		const poller = graphPoller(env, { filters: { subjectContains: 'order' } });
		await poller.poll();
		const stored = poller.storedStaticData;
		// Graph's receivedDateTime has whole seconds: the newest is a second apart.
		deliver(sandbox, 'Order 1', { receivedAt: new Date(Date.now() - 2000) });
		deliver(sandbox, 'Order 2', { receivedAt: new Date(Date.now() - 1000) });
		deliver(sandbox, 'Newsletter');
		const test = await poller.fetchTestEvent();
		expect(subjects(test)).toEqual(['Order 2']);
		expect(poller.storedStaticData).toBe(stored);
		expect(subjects((await poller.poll()).items)).toEqual(['Order 1', 'Order 2']);
	});
});

describe('Exchange Trigger: a change of the credential\'s API', () => {
	it('EWS to Graph: starts afresh without emitting old mail, even with Emit Existing Items; new mail is emitted once', async () => {
		const { sandbox } = env;
		deliver(sandbox, 'Old', { receivedAt: hourAgo() });
		const ews = ewsPoller(env, { options: { emitExisting: true } });
		expect(subjects((await ews.poll()).items)).toEqual(['Old']);
		deliver(sandbox, 'Over EWS');
		expect(subjects((await ews.poll()).items)).toEqual(['Over EWS']);

		const graph = graphPoller(env, { options: { emitExisting: true } });
		graph.storedStaticData = ews.storedStaticData;
		expect((await graph.poll()).items).toBeNull();
		deliver(sandbox, 'Over Graph');
		expect(subjects((await graph.poll()).items)).toEqual(['Over Graph']);
		expect((await graph.poll()).items).toBeNull();

		// And back: Graph's deltaLinks mean nothing to EWS either.
		const back = ewsPoller(env, { options: { emitExisting: true } });
		back.storedStaticData = graph.storedStaticData;
		expect((await back.poll()).items).toBeNull();
		deliver(sandbox, 'Over EWS again');
		expect(subjects((await back.poll()).items)).toEqual(['Over EWS again']);
	});

	it('a message EWS emitted, moved out and back in after the change, is not emitted again over Graph', async () => {
		const { sandbox } = env;
		const archive = sandbox.store.mailbox(MAILBOX).folder('archive');
		const inbox = sandbox.store.mailbox(MAILBOX).folder('inbox');
		const ews = ewsPoller(env, {});
		await ews.poll();
		const message = deliver(sandbox, 'Seen over EWS');
		expect(subjects((await ews.poll()).items)).toEqual(['Seen over EWS']);
		const graph = graphPoller(env, {});
		graph.storedStaticData = ews.storedStaticData;
		await graph.poll();
		sandbox.store.moveItem(sandbox.store.moveItem(message.id, archive).id, inbox);
		expect((await graph.poll()).items).toBeNull();
	});
});

describe('Exchange Trigger over Microsoft Graph: calendar events', () => {
	it('Calendar Item Created emits each new event once, not the ones already there, and a series once', async () => {
		addMeeting(env, 'Existing');
		const poller = graphPoller(env, { event: 'calendarItemCreated' });
		expect((await poller.poll()).items).toBeNull();
		const created = addMeeting(env, 'Planning');
		const [item] = (await poller.poll()).items ?? [];
		expect(item.json).toMatchObject({ subject: 'Planning', start: nextWeekAt9(), location: 'Room 1', isCancelled: false, isMeeting: true });
		expect(item.json.id).not.toBe(created.id);
		// An update is not a creation.
		env.sandbox.store.updateItem(created.id, { location: 'Room 9' });
		expect((await poller.poll()).items).toBeNull();
		addMeeting(env, 'Weekly', { weekly: true });
		expect(subjects((await poller.poll()).items)).toEqual(['Weekly']);
		expect((await poller.poll()).items).toBeNull();
	});

	it('Calendar Item Updated emits time, location, subject, attendee changes and a cancellation, not a dismissed reminder', async () => {
		const { store } = env.sandbox;
		const meeting = addMeeting(env, 'Review');
		const poller = graphPoller(env, { event: 'calendarItemUpdated' });
		expect((await poller.poll()).items).toBeNull();

		store.updateItem(meeting.id, { reminderIsSet: false });
		store.updateItem(meeting.id, { categories: ['Blue'] });
		expect((await poller.poll()).items).toBeNull();

		const dayLater = nextWeekAt9(1);
		store.updateItem(meeting.id, { start: at(dayLater), end: at(new Date(Date.parse(dayLater) + 3600_000).toISOString()) });
		const [moved] = (await poller.poll()).items ?? [];
		expect(moved.json).toMatchObject({ subject: 'Review', start: dayLater, changed: ['time'] });

		store.updateItem(meeting.id, { location: 'Room 2', subject: 'Review (moved)' });
		expect((await poller.poll()).items?.map((i) => i.json.changed)).toEqual([['location', 'subject']]);

		store.updateItem(meeting.id, { requiredAttendees: [{ address: 'bob@contoso.com' }, { address: 'alice@contoso.com' }] });
		expect((await poller.poll()).items?.map((i) => i.json.changed)).toEqual([['attendees']]);

		store.updateItem(meeting.id, { isCancelled: true });
		const [cancelled] = (await poller.poll()).items ?? [];
		expect(cancelled.json).toMatchObject({ isCancelled: true, changed: ['cancelled'] });
		expect((await poller.poll()).items).toBeNull();

		// An event created after activation is remembered when it arrives, so its first change counts.
		const later = addMeeting(env, 'Later');
		expect((await poller.poll()).items).toBeNull();
		store.updateItem(later.id, { location: 'Online' });
		expect((await poller.poll()).items?.map((i) => [i.json.subject, i.json.changed])).toEqual([['Later', ['location']]]);
	});

	it('the same calendar changes give the same output fields over EWS and over Graph', async () => {
		const graph = graphPoller(env, { event: 'calendarItemCreated' });
		const ews = ewsPoller(env, { event: 'calendarItemCreated' });
		await graph.poll();
		await ews.poll();
		addMeeting(env, 'Parity');
		const [overGraph] = (await graph.poll()).items ?? [];
		const [overEws] = (await ews.poll()).items ?? [];
		const { id: graphId, changeKey: graphKey, webLink: graphLink, ...graphFields } = overGraph.json;
		const { id: ewsId, changeKey: ewsKey, webLink: ewsLink, ...ewsFields } = overEws.json;
		expect(graphId).not.toBe(ewsId);
		expect([graphKey, graphLink, ewsKey, ewsLink].every((value) => value !== undefined)).toBe(true);
		expect(graphFields).toEqual(ewsFields);
	});
});
