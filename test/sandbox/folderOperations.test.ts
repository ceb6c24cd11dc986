import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { ALICE } from './client';
import { Request, childNames, codes, distinguished, exchange, fieldUris, folderId } from './ewsExchange';

/**
 * GetFolder, FindFolder, CreateFolder and DeleteFolder through the sandbox's HTTP endpoint, checked against
 * the answers and the store. Each test names the EWS reference rule it checks.
 */

const SVC_MAILBOX = 'svc-n8n@contoso.com';

describe('sandbox folder operations', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const mailbox = (address = SVC_MAILBOX) => sandbox.store.mailbox(address);

	function getFolder(ids: Request[], base = 'Default', ...additional: string[]): Request {
		return el(
			'm:GetFolder',
			undefined,
			el('m:FolderShape', undefined, el('t:BaseShape', undefined, base), fieldUris(...additional)),
			el('m:FolderIds', undefined, ids),
		);
	}

	function findFolder(parent: Request, traversal: string, options: { restriction?: Request; view?: Record<string, string> } = {}): Request {
		return el(
			'm:FindFolder',
			{ Traversal: traversal },
			el('m:FolderShape', undefined, el('t:BaseShape', undefined, 'IdOnly'), fieldUris('folder:DisplayName', 'folder:ParentFolderId')),
			options.view && el('m:IndexedPageFolderView', options.view),
			options.restriction && el('m:Restriction', undefined, options.restriction),
			el('m:ParentFolderIds', undefined, parent),
		);
	}

	function createFolder(parent: Request, ...names: string[]): Request {
		return el(
			'm:CreateFolder',
			undefined,
			el('m:ParentFolderId', undefined, parent),
			el('m:Folders', undefined, names.map((name) => el('t:Folder', undefined, el('t:DisplayName', undefined, name)))),
		);
	}

	function displayNameIs(name: string): Request {
		return el(
			't:IsEqualTo',
			undefined,
			el('t:FieldURI', { FieldURI: 'folder:DisplayName' }),
			el('t:FieldURIOrConstant', undefined, el('t:Constant', { Value: name })),
		);
	}

	describe('GetFolder', () => {
		it('answers every distinguished folder and failures per folder, in request order', async () => {
			// GetFolder: one GetFolderResponseMessage per FolderIds entry, in order; a folder the mailbox lacks is
			// ErrorFolderNotFound for that entry only; a FolderId that is not an id is ErrorInvalidIdMalformed.
			const names = ['root', 'msgfolderroot', 'inbox', 'favorites', 'sentitems', 'deleteditems', 'outbox', 'junkemail', 'recoverableitemsdeletions'];
			const answer = await exchange(sandbox, getFolder([...names.map((n) => distinguished(n)), folderId('not-an-id')], 'IdOnly'));
			expect(answer.status).toBe(200);
			expect(codes(answer.messages)).toEqual([
				'NoError',
				'NoError',
				'NoError',
				'ErrorFolderNotFound',
				'NoError',
				'NoError',
				'NoError',
				'NoError',
				'NoError',
				'ErrorInvalidIdMalformed',
			]);
			const ids = answer.messages.map((m) => m.path('m:Folders')?.children()[0]?.child('t:FolderId')?.attr('Id'));
			names.forEach((name, i) => {
				if (name !== 'favorites') expect(ids[i]).toBe(mailbox().folder(name as 'root').id);
			});
			// An error message still carries the empty container.
			expect(answer.messages[3].child('m:Folders')?.children()).toEqual([]);
		});

		it('honours AdditionalProperties with IdOnly, in schema order', async () => {
			// FolderShape: AdditionalProperties are returned besides BaseShape's set, even for IdOnly; elements follow
			// BaseFolderType's sequence (FolderId, ParentFolderId, FolderClass, DisplayName, TotalCount, ChildFolderCount,
			// EffectiveRights), then FolderType's UnreadCount.
			sandbox.store.deliverIncoming({ from: { address: 'x@fabrikam.example' }, toRecipients: [{ address: SVC_MAILBOX }], subject: 'unread' });
			const answer = await exchange(
				sandbox,
				getFolder(
					[distinguished('inbox')],
					'IdOnly',
					'folder:UnreadCount',
					'folder:DisplayName',
					'folder:ParentFolderId',
					'folder:FolderClass',
					'folder:TotalCount',
					'folder:ChildFolderCount',
					'folder:EffectiveRights',
				),
			);
			const folder = answer.messages[0].path('m:Folders', 't:Folder');
			expect(childNames(folder)).toEqual([
				't:FolderId',
				't:ParentFolderId',
				't:FolderClass',
				't:DisplayName',
				't:TotalCount',
				't:ChildFolderCount',
				't:EffectiveRights',
				't:UnreadCount',
			]);
			expect(folder?.child('t:ParentFolderId')?.attr('Id')).toBe(mailbox().folder('msgfolderroot').id);
			expect(folder?.childText('t:FolderClass')).toBe('IPF.Note');
			expect(folder?.childText('t:DisplayName')).toBe('Inbox');
			expect(folder?.childText('t:TotalCount')).toBe('1');
			expect(folder?.childText('t:UnreadCount')).toBe('1');
		});

		it('answers each folder as the element of its class, with the Default shape of that class', async () => {
			// Folder types: CalendarFolder, ContactsFolder, TasksFolder, SearchFolder, else Folder. BaseShape Default:
			// a calendar has FolderId, DisplayName and ChildFolderCount; contacts no UnreadCount; mail folders all five.
			const answer = await exchange(sandbox, getFolder(['calendar', 'contacts', 'tasks', 'todosearch', 'drafts'].map((n) => distinguished(n))));
			const folders = answer.messages.map((m) => m.path('m:Folders')?.children()[0]);
			expect(folders.map((f) => f?.name)).toEqual(['t:CalendarFolder', 't:ContactsFolder', 't:TasksFolder', 't:SearchFolder', 't:Folder']);
			expect(childNames(folders[0])).toEqual(['t:FolderId', 't:DisplayName', 't:ChildFolderCount']);
			expect(childNames(folders[1])).toEqual(['t:FolderId', 't:DisplayName', 't:TotalCount', 't:ChildFolderCount']);
			expect(childNames(folders[4])).toEqual(['t:FolderId', 't:DisplayName', 't:TotalCount', 't:ChildFolderCount', 't:UnreadCount']);
		});

		it("reaches another mailbox's folder through the Mailbox child only with access to it", async () => {
			// DistinguishedFolderId with Mailbox: the folder of that mailbox; without FullAccess, ErrorAccessDenied.
			const byService = await exchange(sandbox, getFolder([distinguished('inbox', 'bob@contoso.com')], 'IdOnly'));
			expect(byService.messages[0].path('m:Folders', 't:Folder', 't:FolderId')?.attr('Id')).toBe(mailbox('bob@contoso.com').folder('inbox').id);
			const byAlice = await exchange(sandbox, getFolder([distinguished('inbox', 'bob@contoso.com')], 'IdOnly'), ALICE);
			expect(codes(byAlice.messages)).toEqual(['ErrorAccessDenied']);
		});

		it('finds a user folder by its FolderId, with AllProperties', async () => {
			const created = sandbox.store.createFolder(mailbox().folder('inbox'), 'Invoices');
			const answer = await exchange(sandbox, getFolder([folderId(created.id)], 'AllProperties'));
			const folder = answer.messages[0].path('m:Folders', 't:Folder');
			expect(folder?.childText('t:DisplayName')).toBe('Invoices');
			expect(folder?.child('t:ParentFolderId')?.attr('Id')).toBe(mailbox().folder('inbox').id);
			expect(folder?.child('t:DistinguishedFolderId')).toBeUndefined();
		});
	});

	describe('FindFolder', () => {
		it('finds a subfolder by DisplayName with a Shallow traversal', async () => {
			// FindFolder Shallow: the parent's direct subfolders only; Restriction IsEqualTo folder:DisplayName.
			const inbox = mailbox().folder('inbox');
			const wanted = sandbox.store.createFolder(inbox, 'Receipts');
			sandbox.store.createFolder(inbox, 'Other');
			sandbox.store.createFolder(wanted, 'Receipts 2025');
			const answer = await exchange(sandbox, findFolder(distinguished('inbox'), 'Shallow', { restriction: displayNameIs('receipts') }));
			const root = answer.messages[0].child('m:RootFolder');
			const found = root?.child('t:Folders')?.children() ?? [];
			expect(found.map((f) => f.child('t:FolderId')?.attr('Id'))).toEqual([wanted.id]);
			expect(found[0].child('t:ParentFolderId')?.attr('Id')).toBe(inbox.id);
			expect(root?.attr('TotalItemsInView')).toBe('1');
			expect(root?.attr('IncludesLastItemInRange')).toBe('true');
		});

		it('lists every folder below with a Deep traversal, by name at each level, paged', async () => {
			// FindFolder Deep: all descendants; IndexedPageFolderView: MaxEntriesReturned from Offset, and the answer's
			// IndexedPagingOffset (next offset), TotalItemsInView and IncludesLastItemInRange.
			const inbox = mailbox().folder('inbox');
			const b = sandbox.store.createFolder(inbox, 'B');
			sandbox.store.createFolder(inbox, 'A');
			sandbox.store.createFolder(b, 'C');
			const all = await exchange(sandbox, findFolder(folderId(inbox.id), 'Deep'));
			const names = all.messages[0].path('m:RootFolder', 't:Folders')?.children().map((f) => f.childText('t:DisplayName'));
			expect(names).toEqual(['A', 'B', 'C']);
			const page = await exchange(sandbox, findFolder(folderId(inbox.id), 'Deep', { view: { MaxEntriesReturned: '2', Offset: '1', BasePoint: 'Beginning' } }));
			const root = page.messages[0].child('m:RootFolder');
			expect(root?.child('t:Folders')?.children().map((f) => f.childText('t:DisplayName'))).toEqual(['B', 'C']);
			expect([root?.attr('IndexedPagingOffset'), root?.attr('TotalItemsInView'), root?.attr('IncludesLastItemInRange')]).toEqual(['3', '3', 'true']);
		});

		it('keeps Recoverable Items out of a Deep traversal from the root', async () => {
			const answer = await exchange(sandbox, findFolder(distinguished('root'), 'Deep'));
			const names = answer.messages[0].path('m:RootFolder', 't:Folders')?.children().map((f) => f.childText('t:DisplayName')) ?? [];
			expect(names).toEqual(expect.arrayContaining(['Top of Information Store', 'Inbox', 'Calendar']));
			expect(names).not.toContain('Recoverable Items');
			expect(names).not.toContain('Deletions');
		});
	});

	describe('CreateFolder and DeleteFolder', () => {
		it('creates folders under a distinguished parent, one answer each, refusing a duplicate name', async () => {
			// CreateFolder: each folder answered with its FolderId; a sibling with the same name is ErrorFolderExists.
			const answer = await exchange(sandbox, createFolder(distinguished('inbox'), 'Projects', 'projects', 'Archive 2026'));
			expect(codes(answer.messages)).toEqual(['NoError', 'ErrorFolderExists', 'NoError']);
			const inbox = mailbox().folder('inbox');
			const ids = answer.messages.map((m) => m.path('m:Folders', 't:Folder', 't:FolderId')?.attr('Id'));
			expect(inbox.children.map((f) => [f.id, f.displayName, f.folderClass])).toEqual([
				[ids[0], 'Projects', 'IPF.Note'],
				[ids[2], 'Archive 2026', 'IPF.Note'],
			]);
		});

		it('creates a folder under a FolderId parent', async () => {
			const parent = sandbox.store.createFolder(mailbox().folder('inbox'), 'Clients');
			const answer = await exchange(sandbox, createFolder(folderId(parent.id), 'Contoso'));
			const id = answer.messages[0].path('m:Folders', 't:Folder', 't:FolderId')?.attr('Id');
			expect(sandbox.store.findFolderById(id ?? '')?.parentId).toBe(parent.id);
		});

		it('deletes by each DeleteType and refuses a distinguished folder', async () => {
			// DeleteFolder DeleteType: HardDelete removes it, SoftDelete puts it in Recoverable Items\Deletions,
			// MoveToDeletedItems in Deleted Items; distinguished folders: ErrorDeleteDistinguishedFolder.
			const inbox = mailbox().folder('inbox');
			const [hard, soft, moved] = ['Hard', 'Soft', 'Moved'].map((name) => sandbox.store.createFolder(inbox, name));
			const send = (mode: string, ...ids: Request[]) => exchange(sandbox, el('m:DeleteFolder', { DeleteType: mode }, el('m:FolderIds', undefined, ids)));
			expect(codes((await send('HardDelete', folderId(hard.id), distinguished('inbox'))).messages)).toEqual(['NoError', 'ErrorDeleteDistinguishedFolder']);
			expect(codes((await send('SoftDelete', folderId(soft.id))).messages)).toEqual(['NoError']);
			expect(codes((await send('MoveToDeletedItems', folderId(moved.id))).messages)).toEqual(['NoError']);
			expect(sandbox.store.findFolderById(hard.id)).toBeUndefined();
			expect(soft.parentId).toBe(mailbox().folder('recoverableitemsdeletions').id);
			expect(moved.parentId).toBe(mailbox().folder('deleteditems').id);
			expect(inbox.children).toEqual([]);
		});
	});
});
