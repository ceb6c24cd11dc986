import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredMessage } from '../../sandbox/store';
import { mailbox as mailboxElement } from './client';
import { Request, codes, distinguished, exchange, folderId } from './ewsExchange';

/**
 * UpdateItem, MoveItem, CopyItem, DeleteItem and SendItem through the sandbox's HTTP endpoint, checked against
 * the answers and the store. Each test names the EWS reference rule (learn.microsoft.com) it checks.
 */

const SVC_MAILBOX = 'svc-n8n@contoso.com';
const OUTSIDER = { address: 'dana@fabrikam.example', name: 'Dana Outside' };
const MALFORMED_ID = 'bm90LWFuLWlk';

describe('sandbox mail operations', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const folder = (name: 'inbox' | 'drafts' | 'sentitems' | 'deleteditems' | 'recoverableitemsdeletions', address = SVC_MAILBOX) =>
		sandbox.store.mailbox(address).folder(name);

	function incoming(subject: string, extra: { cc?: string[]; body?: string; to?: string[] } = {}): StoredMessage {
		const [item] = sandbox.store.deliverIncoming({
			from: OUTSIDER,
			toRecipients: (extra.to ?? [SVC_MAILBOX]).map((address) => ({ address })),
			ccRecipients: (extra.cc ?? []).map((address) => ({ address })),
			subject,
			body: { type: 'Text', text: extra.body ?? `${subject} body` },
		});
		return item;
	}

	function itemId(item: { id: string; changeKey?: string }, changeKey?: string): Request {
		return el('t:ItemId', { Id: item.id, ChangeKey: changeKey });
	}

	describe('UpdateItem', () => {
		const set = (uri: string, property: Request, holder = 't:Message') =>
			el('t:SetItemField', undefined, el('t:FieldURI', { FieldURI: uri }), el(holder, undefined, property));
		const append = (uri: string, property: Request) =>
			el('t:AppendToItemField', undefined, el('t:FieldURI', { FieldURI: uri }), el('t:Message', undefined, property));
		const remove = (uri: string) => el('t:DeleteItemField', undefined, el('t:FieldURI', { FieldURI: uri }));
		const change = (id: Request, ...updates: Request[]) => el('t:ItemChange', undefined, id, el('t:Updates', undefined, updates));
		const update = (changes: Request[], attributes: Record<string, string> = { ConflictResolution: 'AutoResolve', MessageDisposition: 'SaveOnly' }) =>
			el('m:UpdateItem', attributes, el('m:ItemChanges', undefined, changes));

		it('sets, appends and deletes fields, answering each ItemChange in order with the new ItemId and ChangeKey', async () => {
			// UpdateItem: one UpdateItemResponseMessage per ItemChange, in order, with the item's ItemId and new ChangeKey;
			// SetItemField replaces, AppendToItemField adds to the body, DeleteItemField removes the property.
			const first = incoming('first');
			const second = incoming('second');
			const firstKey = first.changeKey;
			const answer = await exchange(
				sandbox,
				update([
					change(
						itemId(first),
						set('item:Subject', el('t:Subject', undefined, 'renamed')),
						set('item:Categories', el('t:Categories', undefined, [el('t:String', undefined, 'Invoices'), el('t:String', undefined, 'Red')])),
						set('item:Importance', el('t:Importance', undefined, 'High')),
						set('message:IsRead', el('t:IsRead', undefined, 'true')),
						append('item:Body', el('t:Body', { BodyType: 'Text' }, ' and more')),
					),
					change(
						itemId(second),
						remove('item:Subject'),
						set(
							'item:Flag',
							el(
								't:Flag',
								undefined,
								el('t:FlagStatus', undefined, 'Flagged'),
								el('t:StartDate', undefined, '2026-11-02T09:00:00Z'),
								el('t:DueDate', undefined, '2026-11-03T09:00:00Z'),
							),
						),
					),
				]),
			);
			expect(codes(answer.messages)).toEqual(['NoError', 'NoError']);
			const ids = answer.messages.map((m) => m.path('m:Items', 't:Message', 't:ItemId'));
			expect(ids.map((i) => i?.attr('Id'))).toEqual([first.id, second.id]);
			expect(ids[0]?.attr('ChangeKey')).toBe(first.changeKey);
			expect(first.changeKey).not.toBe(firstKey);
			expect(first).toMatchObject({ subject: 'renamed', categories: ['Invoices', 'Red'], importance: 'High', isRead: true, body: { text: 'first body and more' } });
			expect(second.subject).toBeUndefined();
			expect(second.flag).toEqual({ status: 'Flagged', startDate: new Date('2026-11-02T09:00:00Z'), dueDate: new Date('2026-11-03T09:00:00Z') });
		});

		it('marks complete with a CompleteDate, then clears the flag', async () => {
			// FlagType: FlagStatus Complete with CompleteDate; DeleteItemField on item:Flag leaves it NotFlagged.
			const item = incoming('flagged');
			const complete = el('t:Flag', undefined, el('t:FlagStatus', undefined, 'Complete'), el('t:CompleteDate', undefined, '2026-11-04T10:00:00Z'));
			expect(codes((await exchange(sandbox, update([change(itemId(item), set('item:Flag', complete))]))).messages)).toEqual(['NoError']);
			expect(item.flag).toMatchObject({ status: 'Complete', completeDate: new Date('2026-11-04T10:00:00Z') });
			expect(codes((await exchange(sandbox, update([change(itemId(item), remove('item:Flag'))]))).messages)).toEqual(['NoError']);
			expect(item.flag).toEqual({ status: 'NotFlagged' });
		});

		it('refuses a stale ChangeKey under NeverOverwrite and overwrites under AlwaysOverwrite and AutoResolve', async () => {
			// ConflictResolution NeverOverwrite: a ChangeKey that is not the item's current one is ErrorIrresolvableConflict
			// and nothing changes; AlwaysOverwrite writes regardless.
			const item = incoming('conflict');
			const stale = item.changeKey;
			sandbox.store.markRead(item.id, true);
			const subject = (text: string) => change(itemId(item, stale), set('item:Subject', el('t:Subject', undefined, text)));
			const refused = await exchange(sandbox, update([subject('never')], { ConflictResolution: 'NeverOverwrite', MessageDisposition: 'SaveOnly' }));
			expect(codes(refused.messages)).toEqual(['ErrorIrresolvableConflict']);
			expect(item.subject).toBe('conflict');
			const always = await exchange(sandbox, update([subject('always')], { ConflictResolution: 'AlwaysOverwrite', MessageDisposition: 'SaveOnly' }));
			expect(codes(always.messages)).toEqual(['NoError']);
			expect(item.subject).toBe('always');
			const auto = await exchange(sandbox, update([subject('auto')]));
			expect(codes(auto.messages)).toEqual(['NoError']);
			expect(item.subject).toBe('auto');
		});

		it('fails per item: gone, malformed, read-only, append not supported, two properties, no MessageDisposition', async () => {
			// ErrorItemNotFound / ErrorInvalidIdMalformed per ItemId; ErrorInvalidPropertySet for a read-only property;
			// AppendToItemField on a property that does not support append is an error; the item element of a change
			// holds exactly one property (ErrorIncorrectUpdatePropertyCount); MessageDisposition is required for messages.
			const item = incoming('kept');
			const gone = incoming('gone');
			sandbox.store.deleteItem(gone.id, 'HardDelete');
			const answer = await exchange(
				sandbox,
				update([
					change(itemId(gone), set('item:Subject', el('t:Subject', undefined, 'x'))),
					change(itemId({ id: MALFORMED_ID }), set('item:Subject', el('t:Subject', undefined, 'x'))),
					change(itemId(item), set('item:DateTimeReceived', el('t:DateTimeReceived', undefined, '2026-01-01T00:00:00Z'), 't:Item')),
					change(itemId(item), append('item:Subject', el('t:Subject', undefined, 'x'))),
					change(
						itemId(item),
						el(
							't:SetItemField',
							undefined,
							el('t:FieldURI', { FieldURI: 'item:Subject' }),
							el('t:Message', undefined, el('t:Subject', undefined, 'x'), el('t:Importance', undefined, 'Low')),
						),
					),
					change(itemId(item), set('item:Subject', el('t:Subject', undefined, 'after errors'))),
				]),
			);
			expect(codes(answer.messages)).toEqual([
				'ErrorItemNotFound',
				'ErrorInvalidIdMalformed',
				'ErrorInvalidPropertySet',
				'ErrorInvalidPropertyAppend',
				'ErrorIncorrectUpdatePropertyCount',
				'NoError',
			]);
			expect(item.subject).toBe('after errors');
			const noDisposition = await exchange(sandbox, update([change(itemId(item), set('item:Subject', el('t:Subject', undefined, 'y')))], { ConflictResolution: 'AutoResolve' }));
			expect(codes(noDisposition.messages)).toEqual(['ErrorMessageDispositionRequired']);
			expect(item.subject).toBe('after errors');
		});

		it('logs a change of IsRead alone as a read-flag change', async () => {
			// SyncFolderItems reports ReadFlagChange when only the read state changed.
			const item = incoming('read');
			const before = folder('inbox').changes.since(0).last;
			await exchange(sandbox, update([change(itemId(item), set('message:IsRead', el('t:IsRead', undefined, 'true')))]));
			expect(folder('inbox').changes.since(before).changes.map((c) => c.type)).toEqual(['readFlagChange']);
		});
	});

	describe('MoveItem and CopyItem', () => {
		const transfer = (operation: string, target: Request, ids: Request[], returnNew?: boolean) =>
			el(
				`m:${operation}`,
				undefined,
				el('m:ToFolderId', undefined, target),
				el('m:ItemIds', undefined, ids),
				returnNew !== undefined && el('m:ReturnNewItemIds', undefined, String(returnNew)),
			);

		it('moves into a folder by FolderId under a new id, and copies by DistinguishedFolderId with Mailbox', async () => {
			// MoveItem: the moved item gets a new ItemId, answered in m:Items; the old id is ErrorItemNotFound after.
			// CopyItem: the original stays; the copy has its own id.
			const invoices = sandbox.store.createFolder(folder('inbox'), 'Invoices');
			const item = incoming('to move');
			const moved = await exchange(sandbox, transfer('MoveItem', folderId(invoices.id), [itemId(item)], true));
			expect(codes(moved.messages)).toEqual(['NoError']);
			const newId = moved.messages[0].path('m:Items', 't:Message', 't:ItemId')?.attr('Id');
			expect(newId).not.toBe(item.id);
			expect(invoices.items.map((i) => [i.id, i.subject])).toEqual([[newId, 'to move']]);
			expect(folder('inbox').items).toEqual([]);
			expect(codes((await exchange(sandbox, transfer('MoveItem', folderId(invoices.id), [itemId(item)]))).messages)).toEqual(['ErrorItemNotFound']);

			const copied = await exchange(sandbox, transfer('CopyItem', distinguished('inbox', SVC_MAILBOX), [itemId({ id: newId ?? '' })]));
			const copyId = copied.messages[0].path('m:Items', 't:Message', 't:ItemId')?.attr('Id');
			expect(folder('inbox').items.map((i) => [i.id, i.subject])).toEqual([[copyId, 'to move']]);
			expect(invoices.items.map((i) => i.id)).toEqual([newId]);
		});

		it('answers no ids with ReturnNewItemIds false, ErrorToFolderNotFound for a missing folder, per item errors in order', async () => {
			// ReturnNewItemIds false: the new identifiers are not returned; a ToFolderId naming no folder fails each item.
			const a = incoming('a');
			const b = incoming('b');
			const quiet = await exchange(sandbox, transfer('MoveItem', distinguished('deleteditems'), [itemId(a)], false));
			expect(codes(quiet.messages)).toEqual(['NoError']);
			expect(quiet.messages[0].child('m:Items')?.children()).toEqual([]);
			const invoices = sandbox.store.createFolder(folder('inbox'), 'Gone soon');
			sandbox.store.deleteFolder(invoices, 'HardDelete');
			const missing = await exchange(sandbox, transfer('CopyItem', folderId(invoices.id), [itemId(b)]));
			expect(codes(missing.messages)).toEqual(['ErrorToFolderNotFound']);
			const mixed = await exchange(sandbox, transfer('CopyItem', distinguished('drafts'), [itemId({ id: MALFORMED_ID }), itemId(b)]));
			expect(codes(mixed.messages)).toEqual(['ErrorInvalidIdMalformed', 'NoError']);
			expect(folder('drafts').items.map((i) => i.subject)).toEqual(['b']);
		});
	});

	describe('DeleteItem', () => {
		const remove = (type: string, ids: Request[]) =>
			el('m:DeleteItem', { DeleteType: type, SendMeetingCancellations: 'SendToNone', AffectedTaskOccurrences: 'AllOccurrences' }, el('m:ItemIds', undefined, ids));

		it('moves to Deleted Items, soft deletes into Recoverable Items\\Deletions, hard deletes for good', async () => {
			// DeleteType MoveToDeletedItems / SoftDelete / HardDelete (DisposalType); the answer carries no item.
			const trash = incoming('trash');
			const soft = incoming('soft');
			const hard = incoming('hard');
			const answer = [
				await exchange(sandbox, remove('MoveToDeletedItems', [itemId(trash)])),
				await exchange(sandbox, remove('SoftDelete', [itemId(soft)])),
				await exchange(sandbox, remove('HardDelete', [itemId(hard)])),
			];
			expect(answer.map((a) => codes(a.messages))).toEqual([['NoError'], ['NoError'], ['NoError']]);
			expect(folder('deleteditems').items.map((i) => i.subject)).toEqual(['trash']);
			expect(folder('recoverableitemsdeletions').items.map((i) => i.subject)).toEqual(['soft']);
			expect(folder('inbox').items).toEqual([]);
			expect(sandbox.store.findItem(hard.id)).toBeUndefined();
			const again = await exchange(sandbox, remove('HardDelete', [itemId(hard), itemId({ id: MALFORMED_ID })]));
			expect(codes(again.messages)).toEqual(['ErrorItemNotFound', 'ErrorInvalidIdMalformed']);
		});
	});

	describe('MarkAsJunk', () => {
		it('moves a message marked junk to Junk Email and back to Inbox, answering the MovedItemId', async () => {
			// MarkAsJunk IsJunk true with MoveItem true: the item moves to the Junk Email folder, answered with
			// MovedItemId; IsJunk false moves it back to the Inbox; MoveItem false leaves it where it is.
			const item = incoming('junk?');
			const mark = (id: string, isJunk: boolean, move: boolean) =>
				exchange(sandbox, el('m:MarkAsJunk', { IsJunk: String(isJunk), MoveItem: String(move) }, el('m:ItemIds', undefined, itemId({ id }))));
			const junk = sandbox.store.mailbox(SVC_MAILBOX).folder('junkemail');
			const toJunk = await mark(item.id, true, true);
			const junkId = toJunk.messages[0].child('m:MovedItemId')?.attr('Id');
			expect(junk.items.map((i) => i.id)).toEqual([junkId]);
			const stay = await mark(junkId ?? '', true, false);
			expect(codes(stay.messages)).toEqual(['NoError']);
			expect(stay.messages[0].child('m:MovedItemId')).toBeUndefined();
			const back = await mark(junkId ?? '', false, true);
			expect(folder('inbox').items.map((i) => i.id)).toEqual([back.messages[0].child('m:MovedItemId')?.attr('Id')]);
			expect(junk.items).toEqual([]);
		});
	});

	describe('SendItem', () => {
		const draft = async (subject: string, to: string) => {
			const answer = await exchange(
				sandbox,
				el(
					'm:CreateItem',
					{ MessageDisposition: 'SaveOnly' },
					el(
						'm:Items',
						undefined,
						el('t:Message', undefined, el('t:Subject', undefined, subject), el('t:Body', { BodyType: 'Text' }, 'draft body'), el('t:ToRecipients', undefined, mailboxElement(to))),
					),
				),
			);
			const id = answer.messages[0].path('m:Items', 't:Message', 't:ItemId');
			return { id: id?.attr('Id') ?? '', changeKey: id?.attr('ChangeKey') };
		};
		const send = (ids: Request[], save: boolean, saveIn?: Request) =>
			el('m:SendItem', { SaveItemToFolder: String(save) }, el('m:ItemIds', undefined, ids), saveIn && el('m:SavedItemFolderId', undefined, saveIn));

		it('sends a draft: delivered once, copy in Sent Items, gone from Drafts', async () => {
			// SendItem with SaveItemToFolder true and no SavedItemFolderId: the copy is saved in Sent Items.
			const saved = await draft('draft one', 'bob@contoso.com');
			const answer = await exchange(sandbox, send([itemId(saved, saved.changeKey)], true));
			expect(codes(answer.messages)).toEqual(['NoError']);
			expect(folder('drafts').items).toEqual([]);
			const [sent] = folder('sentitems').items as StoredMessage[];
			expect(sent).toMatchObject({ subject: 'draft one', isDraft: false, isRead: true });
			const [received] = folder('inbox', 'bob@contoso.com').items as StoredMessage[];
			expect(received).toMatchObject({ subject: 'draft one', isRead: false, from: { address: SVC_MAILBOX }, internetMessageId: sent.internetMessageId });
			expect(sandbox.store.deliveriesOf(sent.internetMessageId).map((d) => d.recipient)).toEqual(['bob@contoso.com']);
		});

		it('saves into SavedItemFolderId, keeps no copy with SaveItemToFolder false, refuses a stale ChangeKey', async () => {
			// SendItem: SavedItemFolderId names where the sent copy goes; ErrorStaleObject for an out-of-date ChangeKey.
			const archive = sandbox.store.createFolder(folder('inbox'), 'Sent archive');
			const one = await draft('one', 'bob@contoso.com');
			const two = await draft('two', 'carol@contoso.com');
			const stale = await draft('stale', 'bob@contoso.com');
			sandbox.store.updateItem(stale.id, { subject: 'stale, edited' });
			const answer = await exchange(sandbox, send([itemId(one), itemId(stale, stale.changeKey)], true, folderId(archive.id)));
			expect(codes(answer.messages)).toEqual(['NoError', 'ErrorStaleObject']);
			expect(archive.items.map((i) => i.subject)).toEqual(['one']);
			expect(codes((await exchange(sandbox, send([itemId(two)], false))).messages)).toEqual(['NoError']);
			expect(folder('sentitems').items).toEqual([]);
			expect(folder('inbox', 'carol@contoso.com').items.map((i) => i.subject)).toEqual(['two']);
			expect(folder('drafts').items.map((i) => i.subject)).toEqual(['stale, edited']);
		});
	});
});
