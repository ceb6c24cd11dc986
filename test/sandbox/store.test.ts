import { AccountDirectory, DEFAULT_DIRECTORY } from '../../sandbox/accounts';
import { FOLDER_NAMES, NewMessage, SandboxStore, StoreError, StoredCalendarItem, StoredMessage } from '../../sandbox/store';

/** The mailbox store in-process: folder layout, delivery rules, ids, counts and change logs. */

const SVC = 'svc-n8n@contoso.com';
const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';

function newStore(): SandboxStore {
	return new SandboxStore(new AccountDirectory(DEFAULT_DIRECTORY));
}

function codeOf(action: () => unknown): string | undefined {
	try {
		action();
	} catch (error) {
		if (error instanceof StoreError) return error.code;
		throw error;
	}
	return undefined;
}

function outgoing(store: SandboxStore, overrides: Partial<NewMessage> = {}): NewMessage {
	return {
		kind: 'message',
		internetMessageId: store.newInternetMessageId(),
		sender: { address: SVC, name: 'n8n Service' },
		toRecipients: [{ address: BOB }],
		ccRecipients: [],
		bccRecipients: [],
		replyTo: [],
		subject: 'Quarterly report',
		body: { type: 'HTML', text: '<p>Numbers</p>' },
		attachments: [{ name: 'report.pdf', contentType: 'application/pdf', isInline: false, content: Buffer.from('%PDF-1.7 bytes') }],
		createdBy: 'svc-n8n',
		disposition: 'SendAndSaveCopy',
		isDraft: false,
		...overrides,
	};
}

function incoming(store: SandboxStore, subject: string, receivedAt: string, to = ALICE): StoredMessage {
	return store.deliverIncoming({ from: { address: 'partner@fabrikam.com' }, toRecipients: [{ address: to }], subject, receivedAt: new Date(receivedAt) })[0];
}

describe('sandbox store: folders', () => {
	const store = newStore();
	const mailbox = store.mailbox(ALICE);

	it('has every distinguished folder of a primary mailbox, where Exchange places it, with its name and class', () => {
		const parentOf = (name: (typeof FOLDER_NAMES)[number]) => mailbox.folder(name).parent?.distinguishedId;
		expect(mailbox.root.parent).toBeUndefined();
		expect(parentOf('msgfolderroot')).toBe('root');
		for (const name of ['inbox', 'drafts', 'sentitems', 'deleteditems', 'outbox', 'junkemail', 'calendar', 'contacts', 'tasks', 'notes', 'journal', 'syncissues'] as const) {
			expect(parentOf(name)).toBe('msgfolderroot');
		}
		for (const name of ['conflicts', 'localfailures', 'serverfailures'] as const) expect(parentOf(name)).toBe('syncissues');
		for (const name of ['recoverableitemsdeletions', 'recoverableitemsversions', 'recoverableitemspurges'] as const) {
			expect(parentOf(name)).toBe('recoverableitemsroot');
		}
		expect(parentOf('recoverableitemsroot')).toBe('root');
		expect(parentOf('searchfolders')).toBe('root');
		expect(
			(['msgfolderroot', 'inbox', 'sentitems', 'deleteditems', 'junkemail', 'drafts'] as const).map((n) => mailbox.folder(n).displayName),
		).toEqual(['Top of Information Store', 'Inbox', 'Sent Items', 'Deleted Items', 'Junk Email', 'Drafts']);
		expect(
			(['inbox', 'calendar', 'contacts', 'tasks', 'notes'] as const).map((n) => [mailbox.folder(n).folderClass, mailbox.folder(n).folderType]),
		).toEqual([
			['IPF.Note', 'Folder'],
			['IPF.Appointment', 'CalendarFolder'],
			['IPF.Contact', 'ContactsFolder'],
			['IPF.Task', 'TasksFolder'],
			['IPF.StickyNote', 'Folder'],
		]);
		expect(mailbox.folder('voicemail').folderType).toBe('SearchFolder');
		expect(mailbox.folder('syncissues').childFolderCount).toBe(3);
	});

	it('gives each folder its own well-formed opaque id, different in every mailbox', () => {
		const ids = store.allMailboxes().flatMap((m) => m.allFolders().map((f) => f.id));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBe(store.allMailboxes().length * FOLDER_NAMES.length);
		const inbox = mailbox.folder('inbox');
		expect(inbox.id).toMatch(/^[A-Za-z0-9+/]+=*$/);
		expect(store.getFolder(inbox.id)).toBe(inbox);
		expect(codeOf(() => store.getFolder('not-an-id'))).toBe('ErrorInvalidIdMalformed');
		expect(codeOf(() => store.getFolder(inbox.id.replace(/^(.{10})./, (_m, head: string) => `${head}${inbox.id[10] === 'A' ? 'B' : 'A'}`)))).toBe(
			'ErrorInvalidIdMalformed',
		);
		expect(codeOf(() => store.distinguishedFolder(ALICE, 'archiveinbox'))).toBe('ErrorFolderNotFound');
		expect(codeOf(() => store.distinguishedFolder('nobody@contoso.com', 'inbox'))).toBe('ErrorNonExistentMailbox');
	});

	it('creates user folders found by path (display names or a distinguished first segment, any case) and refuses duplicates', () => {
		const inbox = mailbox.folder('inbox');
		const inboxKey = inbox.changeKey;
		const invoices = store.createFolder(inbox, 'Invoices');
		const paid = store.createFolder(invoices, 'Paid');
		expect(inbox.changeKey).not.toBe(inboxKey);
		expect(inbox.childFolderCount).toBe(1);
		expect(store.folderPath(paid)).toBe('Inbox/Invoices/Paid');
		expect(store.folderByPath(ALICE, 'Inbox/Invoices/Paid')).toBe(paid);
		expect(store.folderByPath(ALICE, 'inbox/invoices')).toBe(invoices);
		expect(store.folderByPath(ALICE, 'sentitems')).toBe(mailbox.folder('sentitems'));
		expect(store.folderByPath(ALICE, '/Recoverable Items/Deletions')).toBe(mailbox.folder('recoverableitemsdeletions'));
		expect(store.folderPath(mailbox.folder('recoverableitemsdeletions'))).toBe('/Recoverable Items/Deletions');
		expect(codeOf(() => store.folderByPath(ALICE, 'Inbox/Missing'))).toBe('ErrorFolderNotFound');
		expect(codeOf(() => store.createFolder(inbox, 'invoices'))).toBe('ErrorFolderExists');
		expect(store.folderChildren(inbox).map((f) => f.displayName)).toEqual(['Invoices']);
		expect(store.folderChildren(inbox, 'Deep').map((f) => f.displayName)).toEqual(['Invoices', 'Paid']);
		expect(paid.folderClass).toBe('IPF.Note');
	});

	it('deletes user folders to Deleted Items, to Recoverable Items, or for good, keeping their ids; never distinguished ones', () => {
		const inbox = mailbox.folder('inbox');
		const temp = store.createFolder(inbox, 'Temp');
		const id = temp.id;
		store.deleteFolder(temp, 'MoveToDeletedItems');
		expect(store.folderPath(temp)).toBe('Deleted Items/Temp');
		expect(temp.id).toBe(id);
		store.deleteFolder(temp, 'MoveToDeletedItems');
		expect(temp.parent?.distinguishedId).toBe('recoverableitemsdeletions');
		const gone = store.createFolder(inbox, 'Gone');
		store.deleteFolder(gone, 'HardDelete');
		expect(codeOf(() => store.getFolder(gone.id))).toBe('ErrorFolderNotFound');
		expect(codeOf(() => store.deleteFolder(inbox, 'HardDelete'))).toBe('ErrorDeleteDistinguishedFolder');
		expect(codeOf(() => store.renameFolder(inbox, 'Post'))).toBe('ErrorCannotRenameOrMoveDistinguishedFolder');
		const types = store.folderChanges(ALICE, 0).changes.filter((c) => c.id === id).map((c) => c.type);
		expect(types).toEqual(['create', 'update', 'update']);
	});
});

describe('sandbox store: delivery', () => {
	it('delivers a sent message once into each internal Inbox (To, Cc, Bcc), unread, from the sender, Bcc hidden', () => {
		const store = newStore();
		const message = outgoing(store, {
			toRecipients: [{ address: BOB }, { address: 'partner@fabrikam.com' }],
			ccRecipients: [{ address: CAROL }, { address: 'BOB@contoso.com' }],
			bccRecipients: [{ address: ALICE }],
		});
		const saved = store.sendMessage(message, store.mailbox(SVC).folder('sentitems'));

		expect(store.deliveries.map((d) => [d.recipient, d.external])).toEqual([
			[BOB, false],
			['partner@fabrikam.com', true],
			[CAROL, false],
			[ALICE, false],
		]);
		expect(store.externalOutbox).toHaveLength(1);
		for (const address of [BOB, CAROL, ALICE]) {
			const [copy, ...more] = store.mailbox(address).folder('inbox').messages();
			expect(more).toEqual([]);
			expect(copy).toMatchObject({
				mailbox: address,
				itemClass: 'IPM.Note',
				isRead: false,
				hasAttachments: true,
				internetMessageId: message.internetMessageId,
				conversationId: saved?.conversationId,
				from: { address: SVC, name: 'n8n Service' },
				bccRecipients: [],
			});
			expect(copy.dateTimeReceived).toBeInstanceOf(Date);
			expect(copy.id).not.toBe(saved?.id);
			expect(copy.attachments[0].content).toEqual(Buffer.from('%PDF-1.7 bytes'));
			expect(store.mailbox(address).folder('inbox').unreadCount).toBe(1);
		}
		expect(saved).toMatchObject({ isRead: true, isDraft: false, bccRecipients: [{ address: ALICE }] });
		expect(saved?.dateTimeSent).toBeInstanceOf(Date);
		expect(saved?.conversationIndex && Buffer.from(saved.conversationIndex, 'base64')).toHaveLength(22);
	});

	it('keeps no copy for SendOnly, and a draft is only saved', () => {
		const store = newStore();
		store.sendMessage(outgoing(store, { disposition: 'SendOnly' }));
		expect(store.mailbox(SVC).folder('sentitems').items).toEqual([]);
		expect(store.mailbox(BOB).folder('inbox').items).toHaveLength(1);
		const draft = store.addItem(store.mailbox(SVC).folder('drafts'), outgoing(store, { disposition: 'SaveOnly', isDraft: true }));
		expect(draft).toMatchObject({ isDraft: true, isRead: true, folderId: store.mailbox(SVC).folder('drafts').id });
		expect(store.deliveries).toHaveLength(1);
	});

	it('sends meeting requests to Inboxes and puts a tentative copy into each attendee calendar', () => {
		const store = newStore();
		const calendar = store.mailbox(SVC).folder('calendar');
		const meeting = store.addItem(calendar, {
			kind: 'calendarItem',
			uid: 'uid-1',
			subject: 'Kick-off',
			organizer: { address: SVC },
			requiredAttendees: [{ address: BOB }],
			optionalAttendees: [],
			resources: [{ address: 'room-101@contoso.com' }],
			invitationsSent: 'SendToAllAndSaveCopy',
			myResponseType: 'Organizer',
			isCancelled: false,
			start: { raw: '2026-03-01T09:00:00Z', instant: new Date('2026-03-01T09:00:00Z') },
		}) as StoredCalendarItem;
		store.sendMeetingRequests(meeting, [BOB, 'room-101@contoso.com'], true);

		const [request] = store.mailbox(BOB).folder('inbox').meetingRequests();
		expect(request).toMatchObject({ itemClass: 'IPM.Schedule.Meeting.Request', isRead: false, calendarItemId: meeting.id, uid: 'uid-1' });
		const [copy] = store.mailbox(BOB).folder('calendar').calendarItems();
		expect(copy).toMatchObject({ uid: 'uid-1', itemClass: 'IPM.Appointment', myResponseType: 'Tentative', legacyFreeBusyStatus: 'Tentative' });
		expect(copy.id).not.toBe(meeting.id);
		expect(store.mailbox(SVC).folder('sentitems').meetingRequests()).toHaveLength(1);
		expect(store.deliveries.map((d) => [d.kind, d.recipient])).toEqual([
			['meetingRequest', BOB],
			['meetingRequest', 'room-101@contoso.com'],
		]);
	});

	it('drops incoming mail from outside into Inboxes with the given received time, not counted as a send', () => {
		const store = newStore();
		const [copy] = store.deliverIncoming({
			from: { address: 'partner@fabrikam.com', name: 'Partner' },
			toRecipients: [{ address: ALICE }, { address: 'someone@fabrikam.com' }],
			ccRecipients: [{ address: 'Alice@contoso.com' }],
			subject: 'Invoice 7',
			receivedAt: new Date('2026-01-05T10:00:00Z'),
			attachments: [{ name: 'inline.png', isInline: true, content: Buffer.from([1, 2]) }],
		});
		expect(store.mailbox(ALICE).folder('inbox').items).toEqual([copy]);
		expect(copy).toMatchObject({ isRead: false, hasAttachments: false, from: { address: 'partner@fabrikam.com', name: 'Partner' } });
		expect(copy.dateTimeReceived.toISOString()).toBe('2026-01-05T10:00:00.000Z');
		expect(copy.internetMessageId).toMatch(/^<.+@EXCH01\.contoso\.com>$/);
		expect(store.deliveries).toEqual([]);
	});
});

describe('sandbox store: items', () => {
	it('answers malformed ids and ids of items that are gone differently', () => {
		const store = newStore();
		const item = incoming(store, 'one', '2026-01-01T00:00:00Z');
		expect(store.getItem(item.id)).toBe(item);
		expect(codeOf(() => store.getItem('AAMkADk='))).toBe('ErrorInvalidIdMalformed');
		expect(codeOf(() => store.getItem(store.mailbox(ALICE).folder('inbox').id))).toBe('ErrorInvalidIdMalformed');
		store.deleteItem(item.id, 'HardDelete');
		expect(codeOf(() => store.getItem(item.id))).toBe('ErrorItemNotFound');
	});

	it('gives a moved item a new id and change key (attachments too), keeps its message id, and leaves the old id unknown', () => {
		const store = newStore();
		const [item] = store.deliverIncoming({
			from: { address: 'partner@fabrikam.com' },
			toRecipients: [{ address: ALICE }],
			subject: 'With file',
			attachments: [{ name: 'a.txt', isInline: false, content: Buffer.from('abc') }],
		});
		const archive = store.createFolder(store.mailbox(ALICE).folder('inbox'), 'Processed');
		const moved = store.moveItem(item.id, archive);
		expect(moved.id).not.toBe(item.id);
		expect(moved.changeKey).not.toBe(item.changeKey);
		expect(moved.attachments[0].id).not.toBe(item.attachments[0].id);
		expect(moved).toMatchObject({ folderId: archive.id, internetMessageId: item.internetMessageId, subject: 'With file' });
		expect(codeOf(() => store.getItem(item.id))).toBe('ErrorItemNotFound');
		expect(store.getAttachment(moved.attachments[0].id).attachment.content.toString()).toBe('abc');
		expect(codeOf(() => store.getAttachment(item.attachments[0].id))).toBe('ErrorItemNotFound');
		expect([store.mailbox(ALICE).folder('inbox').totalCount, archive.totalCount]).toEqual([0, 1]);

		const copy = store.copyItem(moved.id, store.mailbox(ALICE).folder('inbox'));
		expect(copy.id).not.toBe(moved.id);
		expect(store.getItem(moved.id)).toBe(moved);
		expect(copy).toMatchObject({ internetMessageId: item.internetMessageId });
	});

	it('deletes to Deleted Items, from there to Recoverable Items, soft or hard', () => {
		const store = newStore();
		const mailbox = store.mailbox(ALICE);
		const item = incoming(store, 'trash me', '2026-01-01T00:00:00Z');
		const inDeleted = store.deleteItem(item.id, 'MoveToDeletedItems');
		expect(inDeleted?.folderId).toBe(mailbox.folder('deleteditems').id);
		const inRecoverable = store.deleteItem(inDeleted?.id ?? '', 'MoveToDeletedItems');
		expect(inRecoverable?.folderId).toBe(mailbox.folder('recoverableitemsdeletions').id);
		const soft = store.deleteItem(incoming(store, 'soft', '2026-01-01T00:00:00Z').id, 'SoftDelete');
		expect(soft?.folderId).toBe(mailbox.folder('recoverableitemsdeletions').id);
		expect(store.deleteItem(soft?.id ?? '', 'HardDelete')).toBeUndefined();
		expect(mailbox.folder('recoverableitemsdeletions').totalCount).toBe(1);
	});

	it('updates fields with a new change key each time, and refuses a stale change key', () => {
		const store = newStore();
		const item = incoming(store, 'flag me', '2026-01-01T00:00:00Z');
		const first = item.changeKey;
		store.updateItem(item.id, { categories: ['Invoices'], importance: 'High', flag: { status: 'Flagged' }, subject: 'flagged' });
		expect(item).toMatchObject({ categories: ['Invoices'], importance: 'High', flag: { status: 'Flagged' }, subject: 'flagged' });
		expect(item.changeKey).not.toBe(first);
		const second = item.changeKey;
		store.markRead(item.id, true);
		expect(item.changeKey).not.toBe(second);
		expect(codeOf(() => store.updateItem(item.id, { isRead: false }, { changeKey: first }))).toBe('ErrorIrresolvableConflict');
		expect(item.isRead).toBe(true);
		expect(store.mailbox(ALICE).folder('inbox').unreadCount).toBe(0);
	});

	it('lists a folder newest first by default, sorted and paged on request', () => {
		const store = newStore();
		const inbox = store.mailbox(ALICE).folder('inbox');
		for (const [subject, at] of [
			['b', '2026-01-02T00:00:00Z'],
			['c', '2026-01-03T00:00:00Z'],
			['a', '2026-01-01T00:00:00Z'],
			['d', '2026-01-04T00:00:00Z'],
			['e', '2026-01-05T00:00:00Z'],
		]) {
			incoming(store, subject, at);
		}
		const subjects = (page: ReturnType<SandboxStore['listItems']>) => page.items.map((i) => i.subject);
		expect(subjects(store.listItems(inbox))).toEqual(['e', 'd', 'c', 'b', 'a']);
		expect(subjects(store.listItems(inbox, { sort: [{ field: 'subject', descending: false }] }))).toEqual(['a', 'b', 'c', 'd', 'e']);
		const second = store.listItems(inbox, { offset: 2, max: 2 });
		expect([subjects(second), second.total, second.includesLastItemInRange]).toEqual([['c', 'b'], 5, false]);
		const last = store.listItems(inbox, { offset: 4, max: 2 });
		expect([subjects(last), last.includesLastItemInRange]).toEqual([['a'], true]);
		expect(subjects(store.listItems(inbox, { filter: (i) => i.subject !== 'c', max: 2 }))).toEqual(['e', 'd']);
	});

	it('writes an RFC 5322 MIME form with the body and the attachment bytes, and measures the size by it', () => {
		const store = newStore();
		const saved = store.sendMessage(outgoing(store, { subject: 'Grüße', toRecipients: [{ address: BOB, name: 'Berg, Bob' }] }), store.mailbox(SVC).folder('sentitems'));
		if (!saved) throw new Error('no saved copy');
		const mime = store.mimeOf(saved);
		expect(mime).toContain(`Message-ID: ${saved.internetMessageId}\r\n`);
		expect(mime).toContain('Subject: =?utf-8?B?R3LDvMOfZQ==?=\r\n');
		expect(mime).toContain('To: "Berg, Bob" <bob@contoso.com>\r\n');
		expect(mime).toMatch(/Content-Type: multipart\/mixed; boundary="([^"]+)"/);
		expect(mime).toContain('Content-Disposition: attachment; filename="report.pdf"');
		const base64 = /filename="report.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(mime)?.[1] ?? '';
		expect(Buffer.from(base64.replace(/\r\n/g, ''), 'base64').toString()).toBe('%PDF-1.7 bytes');
		expect(saved.size).toBeGreaterThan(Buffer.byteLength('%PDF-1.7 bytes'));
		expect(Math.abs(saved.size - Buffer.byteLength(mime))).toBeLessThan(5);
	});
});

describe('sandbox store: change log', () => {
	it('records creates, updates, read-flag changes and deletes in order, readable after any sequence number', () => {
		const store = newStore();
		const inbox = store.mailbox(ALICE).folder('inbox');
		const start = inbox.changes.latest;
		const a = incoming(store, 'a', '2026-01-01T00:00:00Z');
		const b = incoming(store, 'b', '2026-01-02T00:00:00Z');
		store.markRead(a.id, true);
		store.updateItem(b.id, { categories: ['Red'] });
		const moved = store.moveItem(a.id, store.mailbox(ALICE).folder('archive'));

		const all = store.itemChanges(inbox, start);
		expect(all.changes.map((c) => [c.type, c.id])).toEqual([
			['create', a.id],
			['create', b.id],
			['readFlagChange', a.id],
			['update', b.id],
			['delete', a.id],
		]);
		expect(all.changes[2].isRead).toBe(true);
		const sequences = all.changes.map((c) => c.sequence);
		expect([...sequences].sort((x, y) => x - y)).toEqual(sequences);
		expect(new Set(sequences).size).toBe(5);
		expect(all.more).toBe(false);

		const firstTwo = store.itemChanges(inbox, start, 2);
		expect([firstTwo.changes.length, firstTwo.more]).toEqual([2, true]);
		const rest = store.itemChanges(inbox, firstTwo.last);
		expect(rest.changes.map((c) => c.type)).toEqual(['readFlagChange', 'update', 'delete']);
		expect(store.itemChanges(inbox, rest.last)).toEqual({ changes: [], last: rest.last, more: false });

		const archive = store.itemChanges(store.mailbox(ALICE).folder('archive'), 0).changes;
		expect(archive.map((c) => [c.type, c.id])).toEqual([['create', moved.id]]);
		expect(archive[0].sequence).toBeGreaterThan(all.changes[3].sequence);
	});

	it('keeps sequence numbers growing across a reset, so an old sync state never matches new changes', () => {
		const store = newStore();
		incoming(store, 'before', '2026-01-01T00:00:00Z');
		const before = store.mailbox(ALICE).folder('inbox').changes.latest;
		store.reset();
		incoming(store, 'after', '2026-01-01T00:00:00Z');
		expect(store.mailbox(ALICE).folder('inbox').changes.latest).toBeGreaterThan(before);
	});
});
