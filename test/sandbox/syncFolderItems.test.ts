import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredMessage } from '../../sandbox/store';
import { ParsedElement } from '../../sandbox/xml';
import { Request, codes, distinguished, exchange, fieldUris, folderId } from './ewsExchange';

/**
 * SyncFolderItems through the sandbox's HTTP endpoint, checked against the SyncFolderItems operation reference:
 * a first sync without SyncState returns the folder's items as Create, later ones what changed since, at most
 * MaxChangesReturned (1-512) a call with IncludesLastItemInRange, and a state that is not valid is
 * ErrorInvalidSyncStateData.
 */

const SVC_MAILBOX = 'svc-n8n@contoso.com';

interface Sync {
	code: string;
	state?: string;
	includesLast?: boolean;
	changes: Array<{ type: string; id: string; subject?: string; isRead?: string }>;
}

describe('sandbox SyncFolderItems', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const inbox = () => sandbox.store.mailbox(SVC_MAILBOX).folder('inbox');

	function incoming(subject: string): StoredMessage {
		const [item] = sandbox.store.deliverIncoming({ from: { address: 'dana@fabrikam.example' }, toRecipients: [{ address: SVC_MAILBOX }], subject });
		return item;
	}

	function request(options: { state?: string; max?: number; ignore?: string[]; folder?: Request; uris?: string[] } = {}): Request {
		return el(
			'm:SyncFolderItems',
			undefined,
			el('m:ItemShape', undefined, el('t:BaseShape', undefined, 'IdOnly'), fieldUris(...(options.uris ?? ['item:Subject']))),
			el('m:SyncFolderId', undefined, options.folder ?? distinguished('inbox')),
			options.state !== undefined && el('m:SyncState', undefined, options.state),
			options.ignore && el('m:Ignore', undefined, options.ignore.map((id) => el('t:ItemId', { Id: id }))),
			el('m:MaxChangesReturned', undefined, String(options.max ?? 512)),
		);
	}

	function readChange(change: ParsedElement): Sync['changes'][number] {
		const item = change.children()[0];
		return {
			type: change.localName,
			id: (item.is('t:ItemId') ? item : item.child('t:ItemId'))?.attr('Id') ?? '',
			subject: item.childText('t:Subject'),
			isRead: change.childText('t:IsRead'),
		};
	}

	async function sync(options: Parameters<typeof request>[0] = {}): Promise<Sync> {
		const answer = await exchange(sandbox, request(options));
		const [message] = answer.messages;
		const [code] = codes(answer.messages);
		const includes = message.childText('m:IncludesLastItemInRange');
		return {
			code,
			state: message.childText('m:SyncState'),
			includesLast: includes === undefined ? undefined : includes === 'true',
			changes: (message.child('m:Changes')?.children() ?? []).map(readChange),
		};
	}

	it('returns every item as a Create on a first sync, then only what changed, in schema order', async () => {
		const first = incoming('First');
		incoming('Second');
		const answer = await exchange(sandbox, request());
		expect(answer.messages[0].children().map((c) => c.name)).toEqual(['m:ResponseCode', 'm:SyncState', 'm:IncludesLastItemInRange', 'm:Changes']);
		const initial = await sync();
		expect(initial.changes.map((c) => [c.type, c.subject])).toEqual([
			['Create', 'First'],
			['Create', 'Second'],
		]);
		expect(initial.includesLast).toBe(true);

		const third = incoming('Third');
		sandbox.store.markRead(first.id, true);
		const next = await sync({ state: initial.state });
		expect(next.changes).toEqual([
			{ type: 'Create', id: third.id, subject: 'Third', isRead: undefined },
			{ type: 'ReadFlagChange', id: first.id, subject: undefined, isRead: 'true' },
		]);
		const unchanged = await sync({ state: next.state });
		expect(unchanged.changes).toEqual([]);
		expect(unchanged.includesLast).toBe(true);
	});

	it('reports net changes: created-then-deleted is nothing, created-then-changed one Create, a move out a Delete', async () => {
		const kept = incoming('Kept');
		const leaving = incoming('Leaving');
		const { state } = await sync();
		const fleeting = incoming('Fleeting');
		sandbox.store.deleteItem(fleeting.id, 'HardDelete');
		const changed = incoming('Changed');
		sandbox.store.updateItem(changed.id, { subject: 'Changed twice' });
		sandbox.store.updateItem(kept.id, { categories: ['Blue'] });
		const archive = sandbox.store.mailbox(SVC_MAILBOX).folder('archive');
		sandbox.store.updateItem(leaving.id, { isRead: false });
		sandbox.store.moveItem(leaving.id, archive);
		const after = await sync({ state });
		expect(after.changes.map((c) => [c.type, c.id, c.subject])).toEqual([
			['Create', changed.id, 'Changed twice'],
			['Update', kept.id, 'Kept'],
			['Delete', leaving.id, undefined],
		]);
		const inArchive = await sync({ folder: folderId(archive.id) });
		expect(inArchive.changes.map((c) => [c.type, c.subject])).toEqual([['Create', 'Leaving']]);
	});

	it('pages by MaxChangesReturned with IncludesLastItemInRange, each change once', async () => {
		const { state } = await sync();
		const subjects = Array.from({ length: 600 }, (_, i) => `Message ${i}`);
		for (const subject of subjects) incoming(subject);
		const seen: string[] = [];
		let current = state;
		const pages: number[] = [];
		for (let round = 0; round < 5; round++) {
			const page = await sync({ state: current, max: 512 });
			pages.push(page.changes.length);
			seen.push(...page.changes.map((c) => c.subject ?? ''));
			current = page.state;
			if (page.includesLast) break;
		}
		expect(pages).toEqual([512, 88]);
		expect(seen).toEqual(subjects);
	});

	it('passes over the items named in Ignore', async () => {
		const { state } = await sync();
		const ignored = incoming('Ignored');
		const wanted = incoming('Wanted');
		const page = await sync({ state, ignore: [ignored.id] });
		expect(page.changes.map((c) => c.id)).toEqual([wanted.id]);
	});

	it('refuses a made-up, altered, foreign-folder or invalidated state with ErrorInvalidSyncStateData', async () => {
		incoming('One');
		const { state = '' } = await sync();
		const altered = Buffer.from(state, 'base64');
		altered[10] ^= 1;
		const archive = sandbox.store.mailbox(SVC_MAILBOX).folder('archive');
		expect((await sync({ state: 'bm90IGEgc3luYyBzdGF0ZQ==' })).code).toBe('ErrorInvalidSyncStateData');
		expect((await sync({ state: altered.toString('base64') })).code).toBe('ErrorInvalidSyncStateData');
		expect((await sync({ state, folder: folderId(archive.id) })).code).toBe('ErrorInvalidSyncStateData');
		expect((await sync({ state })).code).toBe('NoError');
		sandbox.store.syncStates.invalidateAll();
		const stale = await sync({ state });
		expect(stale.code).toBe('ErrorInvalidSyncStateData');
		expect(stale.state).toBeUndefined();
		expect(inbox().items).toHaveLength(1);
	});
});
