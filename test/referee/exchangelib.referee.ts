import { randomBytes } from 'crypto';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { deleteOccurrence, modifyOccurrence } from '../../sandbox/mailbox/recurrence';
import { StoredCalendarItem, StoredItem } from '../../sandbox/store';
import { runTestControl } from '../../sandbox/testControls';
import {
	ALICE,
	Identity,
	RefereeFiles,
	SERVICE_AS_ALICE,
	ScenarioOptions,
	requireExchangelib,
	runScenario,
	succeeded,
} from './helpers/exchangelib';

/**
 * The referee: exchangelib, an EWS client nobody here wrote, must work against the sandbox unchanged. Each test
 * checks what exchangelib reports and what the sandbox's store holds afterwards. Where the two could disagree,
 * the comment names the Microsoft documentation rule (learn.microsoft.com, EWS reference) that decides.
 */

let sandbox: Sandbox;
let files: RefereeFiles;

beforeAll(async () => {
	requireExchangelib();
	sandbox = await startSandbox({ extendedProtection: true });
	files = new RefereeFiles(sandbox.caCertificatePem);
});

afterAll(async () => {
	await sandbox?.close();
	files?.remove();
});

function scenario(script: string, identity: Identity, args: ScenarioOptions['args'] = {}, endpoint = sandbox.httpsUrl) {
	return runScenario(sandbox, files, script, { identity, endpoint, args });
}

/** A subject no other test uses, so tests sharing one sandbox never see each other's items. */
function unique(label: string): string {
	return `${label} ${randomBytes(4).toString('hex')}`;
}

function itemsIn(mailbox: string, folder: 'inbox' | 'sentitems' | 'calendar', subject: string): StoredItem[] {
	return sandbox.store.mailbox(mailbox).folder(folder).items.filter((i) => i.subject === subject);
}

/** Distinguished folders exchangelib resolves for an Account (DistinguishedFolderId, "Id" attribute values). */
const DISTINGUISHED = ['root', 'msgfolderroot', 'inbox', 'sentitems', 'drafts', 'deleteditems', 'outbox', 'junkemail', 'calendar', 'contacts', 'tasks'];

describe.each([SERVICE_AS_ALICE, ALICE])('exchangelib over NTLM with Extended Protection on HTTPS, $label', (identity) => {
	it('resolves the root and the distinguished folders of the mailbox', async () => {
		const run = await scenario('folders', identity);
		const { folders } = succeeded(run) as { folders: Record<string, { id: string }> };
		// DistinguishedFolderId: each Id names one folder of the mailbox given in its Mailbox child (or of the caller).
		for (const name of DISTINGUISHED) {
			const stored = sandbox.store.findFolderById(folders[name].id);
			expect(stored).toMatchObject({ mailbox: identity.mailbox, name });
		}
		// Extended Protection for Authentication: on HTTPS the NTLM AUTHENTICATE message carries channel bindings.
		expect(run.requests.some((r) => r.ntlm?.usedChannelBinding)).toBe(true);
		if (identity.access === 'impersonation') expect(run.requests.filter((r) => r.operation).every((r) => r.impersonatedMailbox === identity.mailbox)).toBe(true);
	});

	it('finds a folder created under Inbox by path', async () => {
		const name = unique('Referee folder');
		const { created, bySlash, byDoubleSlash, byGlob } = succeeded(await scenario('folder_by_path', identity, { folder: name })) as {
			created: { id: string; parentId: string };
			bySlash: { id: string; name: string; parentId: string };
			byDoubleSlash: { id: string };
			byGlob: Array<{ id: string }>;
		};
		// CreateFolder: the folder is created under ParentFolderId and answered with its FolderId; FindFolder with a
		// Shallow traversal of Inbox lists it with that same FolderId and DisplayName.
		expect(bySlash).toEqual({ id: created.id, name, parentId: created.parentId });
		expect(byDoubleSlash.id).toBe(created.id);
		expect(byGlob.map((f) => f.id)).toEqual([created.id]);
		const stored = sandbox.store.mailbox(identity.mailbox).allFolders().find((f) => f.id === created.id);
		expect(stored).toMatchObject({ displayName: name, parentId: sandbox.store.mailbox(identity.mailbox).folder('inbox').id });
	});

	it('delivers an HTML message with Cc, Bcc and an attachment once to each recipient, unread, and keeps it in Sent Items', async () => {
		const subject = unique('Referee send');
		const attachment = randomBytes(3000);
		const recipients = { to: 'bob@contoso.com', cc: 'carol@contoso.com', bcc: 'svc-n8n@contoso.com' };
		succeeded(
			await scenario('send', identity, {
				subject,
				html: '<html><body><p>Quarterly <b>numbers</b> &amp; notes</p></body></html>',
				...recipients,
				attachment_name: 'numbers.bin',
				attachment_base64: attachment.toString('base64'),
			}),
		);
		// CreateItem, MessageDisposition SendAndSaveCopy: the message is sent and a copy saved in Sent Items (or the
		// SavedItemFolderId given). Bcc recipients receive it like To and Cc ones, without being listed to them.
		const sent = itemsIn(identity.mailbox, 'sentitems', subject);
		expect(sent).toHaveLength(1);
		for (const recipient of Object.values(recipients)) {
			const received = itemsIn(recipient, 'inbox', subject);
			expect(received).toHaveLength(1);
			// A delivered message is unread (Message.IsRead false) and From the sending mailbox.
			expect(received[0]).toMatchObject({ kind: 'message', isRead: false, from: { address: identity.mailbox }, body: { type: 'HTML' } });
			const attachments = (received[0] as { attachments: Array<{ name: string; content: Buffer }> }).attachments;
			expect(attachments).toHaveLength(1);
			expect(attachments[0].name).toBe('numbers.bin');
			// FileAttachment Content: the file's bytes, base64 on the wire, unchanged.
			expect(attachments[0].content.equals(attachment)).toBe(true);
		}
		const messageId = (sent[0] as { internetMessageId: string }).internetMessageId;
		expect(sandbox.store.deliveriesOf(messageId).map((d) => d.recipient).sort()).toEqual(Object.values(recipients).sort());
		if (identity.access === 'impersonation') {
			// What bob's own client sees: the service account may act as bob too.
			const { messages } = succeeded(await scenario('read_inbox', { ...identity, mailbox: recipients.to }, { subject })) as {
				messages: Array<{ isRead: boolean; from: string; attachments: Array<{ base64: string }> }>;
			};
			expect(messages).toHaveLength(1);
			expect(messages[0]).toMatchObject({ isRead: false, from: identity.mailbox, attachments: [{ base64: attachment.toString('base64') }] });
		}
	});

	it('creates a meeting with a required attendee and a room, inviting both', async () => {
		const subject = unique('Referee meeting');
		succeeded(
			await scenario('meeting', identity, {
				subject,
				start: '2030-03-04T09:00:00+00:00',
				attendee: 'bob@contoso.com',
				room: 'room-101@contoso.com',
			}),
		);
		const [meeting] = itemsIn(identity.mailbox, 'calendar', subject);
		expect(meeting).toMatchObject({
			kind: 'calendarItem',
			start: { instant: new Date('2030-03-04T09:00:00Z') },
			requiredAttendees: [{ address: 'bob@contoso.com' }],
			resources: [{ address: 'room-101@contoso.com' }],
		});
		// CalendarItem SendMeetingInvitations SendToAllAndSaveCopy: a meeting request goes to every attendee and
		// resource, and a copy is saved in the organizer's Sent Items.
		for (const invitee of ['bob@contoso.com', 'room-101@contoso.com']) {
			expect(itemsIn(invitee, 'inbox', subject)).toEqual([expect.objectContaining({ kind: 'meetingRequest', calendarItemId: meeting.id })]);
		}
		expect(itemsIn(identity.mailbox, 'sentitems', subject)).toHaveLength(1);
	});

	it('moves a meeting with an update sent to its attendee, then deletes it, cancelling it for the attendee', async () => {
		const subject = unique('Referee move');
		const moved = succeeded(
			await scenario('meeting_move', identity, { subject, start: '2030-03-05T09:00:00+00:00', attendee: 'bob@contoso.com' }),
		) as { id: string; start: string };
		const [meeting] = itemsIn(identity.mailbox, 'calendar', subject);
		// UpdateItem with SendMeetingInvitationsOrCancellations SendToAllAndSaveCopy: the calendar item moves and every
		// attendee gets the update; the attendee's calendar copy moves with it.
		expect(meeting).toMatchObject({ id: moved.id, start: { instant: new Date('2030-03-05T11:00:00Z') }, end: { instant: new Date('2030-03-05T11:30:00Z') } });
		expect(new Date(moved.start).toISOString()).toBe('2030-03-05T11:00:00.000Z');
		const requests = itemsIn('bob@contoso.com', 'inbox', subject);
		expect(requests.map((r) => r.kind === 'meetingRequest' && (r.meetingRequestType ?? 'NewMeetingRequest'))).toEqual(['NewMeetingRequest', 'FullUpdate']);
		expect(itemsIn('bob@contoso.com', 'calendar', subject).map((c) => c.kind === 'calendarItem' && c.start?.instant.toISOString())).toEqual([
			'2030-03-05T11:00:00.000Z',
		]);

		succeeded(await scenario('meeting_delete', identity, { id: moved.id }));
		// DeleteItem with SendMeetingCancellations SendToAllAndSaveCopy: the meeting goes and its attendees get a cancellation.
		expect(itemsIn(identity.mailbox, 'calendar', subject)).toEqual([]);
		expect(itemsIn('bob@contoso.com', 'inbox', `Canceled: ${subject}`)).toEqual([expect.objectContaining({ kind: 'meetingCancellation' })]);
	});

	it('lists a recurring series in calendar.view as the occurrences the server expanded, a deleted one left out', async () => {
		const subject = unique('Referee series');
		const args = { subject, start: '2030-03-04T09:00:00+00:00' };
		const created = succeeded(await scenario('calendar_view', identity, { ...args, create: 'yes' })) as {
			occurrences: Array<{ id: string; start: string; type: string }>;
			master: { type: string; recurrence: string };
		};
		// CalendarView: a recurring master is not listed; each occurrence in the range is, in start order.
		expect(created.occurrences.map((o) => [o.start, o.type])).toEqual(
			[4, 5, 6, 7, 8].map((day) => [`2030-03-0${day}T09:00:00+00:00`, 'Occurrence']),
		);
		expect(new Set(created.occurrences.map((o) => o.id)).size).toBe(5);
		expect(created.master.type).toBe('RecurringMaster');
		expect(created.master.recurrence).toMatch(/every 1 day\(s\).*occurs 5 time\(s\)/);
		const [master] = itemsIn(identity.mailbox, 'calendar', subject) as StoredCalendarItem[];
		expect(master.recurrence).toMatchObject({ pattern: { kind: 'Daily', interval: 1 }, range: { kind: 'Numbered', startDate: '2030-03-04', numberOfOccurrences: 5 } });

		deleteOccurrence(master, new Date('2030-03-06T09:00:00Z'));
		modifyOccurrence(master, new Date('2030-03-07T09:00:00Z'), { start: new Date('2030-03-07T15:00:00Z'), end: new Date('2030-03-07T15:30:00Z') });
		const after = succeeded(await scenario('calendar_view', identity, { ...args, create: 'no' })) as { occurrences: Array<{ start: string; type: string }> };
		expect(after.occurrences.map((o) => [o.start, o.type])).toEqual([
			['2030-03-04T09:00:00+00:00', 'Occurrence'],
			['2030-03-05T09:00:00+00:00', 'Occurrence'],
			['2030-03-07T15:00:00+00:00', 'Exception'],
			['2030-03-08T09:00:00+00:00', 'Occurrence'],
		]);
	});

	it('bulk_create saves 120 messages in Inbox, each answered with its own id', async () => {
		const prefix = unique('Referee bulk');
		const { created, errors, ids } = succeeded(await scenario('bulk_create', identity, { prefix, count: 120 })) as {
			created: number;
			errors: string[];
			ids: string[];
		};
		expect(errors).toEqual([]);
		expect(created).toBe(120);
		// CreateItem: one CreateItemResponseMessage per item, in request order; SaveOnly keeps them in the target folder.
		const stored = sandbox.store.mailbox(identity.mailbox).folder('inbox').items.filter((i) => i.subject?.startsWith(prefix));
		expect(stored).toHaveLength(120);
		expect(new Set(ids)).toEqual(new Set(stored.map((i) => i.id)));
		expect(stored.map((i) => i.subject).sort()).toEqual(Array.from({ length: 120 }, (_, n) => `${prefix} ${String(n).padStart(3, '0')}`));
	});

	it('filters by subject and received time, newest first across small pages, and counts', async () => {
		const tag = unique('Referee filter');
		const run = await scenario('filter_paging', identity, { tag, page_size: 10 });
		const result = succeeded(run) as {
			listed: Array<{ subject: string; received: string }>;
			count: number;
			exactSubject: string[];
		};
		// FindItem with Restriction And(Contains item:Subject, IsGreaterThan item:DateTimeReceived): only the 25
		// messages saved after the cut-off; SortOrder FieldOrder Descending on item:DateTimeReceived: newest first.
		expect(result.listed).toHaveLength(25);
		expect(result.listed.slice(0, 13).every((m) => m.subject.startsWith(`${tag} new`))).toBe(true);
		expect(result.listed.slice(13).every((m) => m.subject.startsWith(`${tag} mid`))).toBe(true);
		const received = result.listed.map((m) => Date.parse(m.received));
		expect(received).toEqual([...received].sort((a, b) => b - a));
		// IndexedPageItemView: MaxEntriesReturned per page from Offset; the answer's IndexedPagingOffset and
		// IncludesLastItemInRange tell the client where the next page starts and when to stop.
		const offsets = run.requests
			.filter((r) => r.operation === 'FindItem' && r.body.includes(tag))
			.map((r) => /IndexedPageItemView[^>]*Offset="(\d+)"/.exec(r.body)?.[1]);
		expect(offsets).toEqual(expect.arrayContaining(['0', '10', '20']));
		expect(result.count).toBe(25);
		expect(result.exactSubject).toEqual([`${tag} new 07`]);
		expect(sandbox.store.mailbox(identity.mailbox).folder('inbox').items.filter((i) => i.subject?.startsWith(tag))).toHaveLength(30);
	});
});

describe('exchangelib over plain HTTP', () => {
	it('resolves the distinguished folders over NTLM without channel binding', async () => {
		const run = await scenario('folders', ALICE, {}, sandbox.httpUrl);
		const { folders } = succeeded(run) as { folders: Record<string, { id: string }> };
		expect(sandbox.store.findFolderById(folders.inbox.id)).toMatchObject({ mailbox: ALICE.mailbox, name: 'inbox' });
	});
});

describe('exchangelib refused', () => {
	it('refuses a wrong password, and sends nothing', async () => {
		const subject = unique('Referee wrong password');
		const run = await scenario('refused', { ...ALICE, password: 'not-her-password' }, { subject, to: 'bob@contoso.com' });
		// NTLM (MS-NLMP) over HTTP: a failed logon is answered 401 again; exchangelib gives up with UnauthorizedError.
		expect(run.output).toMatchObject({ refused: true, errorType: 'UnauthorizedError' });
		expect(run.requests.every((r) => r.status === 401 && !r.operation)).toBe(true);
		expect(itemsIn('bob@contoso.com', 'inbox', subject)).toEqual([]);
	});

	it('refuses impersonation to an account without the ApplicationImpersonation right, and sends nothing', async () => {
		const subject = unique('Referee denied impersonation');
		const run = await scenario(
			'refused',
			{ ...ALICE, mailbox: 'bob@contoso.com', access: 'impersonation' },
			{ subject, to: 'carol@contoso.com' },
		);
		// ExchangeImpersonation without the right: ResponseCode ErrorImpersonateUserDenied, and nothing is done.
		expect(run.output).toMatchObject({ refused: true, errorType: 'ErrorImpersonateUserDenied' });
		expect(run.requests.some((r) => r.faultCode === 'ErrorImpersonateUserDenied')).toBe(true);
		expect(itemsIn('carol@contoso.com', 'inbox', subject)).toEqual([]);
		expect(sandbox.store.deliveries.filter((d) => d.subject === subject)).toEqual([]);
	});
});

describe('exchangelib answering a meeting, svc-n8n impersonating the organizer and then the attendee', () => {
	it('finds the meeting request in the attendee\'s Inbox and accepts it; the response reaches the organizer', async () => {
		const subject = unique('Referee accept');
		const result = succeeded(
			await scenario('meeting_accept', SERVICE_AS_ALICE, { subject, start: '2030-03-06T09:00:00+00:00', attendee: 'bob@contoso.com' }),
		) as { meeting: string; requests: string[] };
		// The meeting request arrives in the attendee's Inbox as a MeetingRequest item.
		expect(result.requests).toEqual(['MeetingRequest']);
		// AcceptItem: the response goes to the organizer's Inbox, and the organizer's meeting records the attendee's answer.
		expect(itemsIn('alice@contoso.com', 'inbox', `Accepted: ${subject}`)).toEqual([
			expect.objectContaining({ kind: 'meetingResponse', response: 'Accept', body: { type: 'Text', text: 'Count me in' } }),
		]);
		const [meeting] = itemsIn('alice@contoso.com', 'calendar', subject);
		expect(meeting).toMatchObject({ id: result.meeting, requiredAttendees: [expect.objectContaining({ address: 'bob@contoso.com', responseType: 'Accept' })] });
		expect(itemsIn('bob@contoso.com', 'calendar', subject)).toEqual([expect.objectContaining({ myResponseType: 'Accept' })]);
	});
});

describe.each([SERVICE_AS_ALICE, ALICE])('exchangelib working on mail, $label', (identity) => {
	const box = (name: 'inbox' | 'drafts' | 'sentitems' | 'deleteditems' | 'recoverableitemsdeletions', address = identity.mailbox) =>
		sandbox.store.mailbox(address).folder(name);
	const subjects = (name: Parameters<typeof box>[0], prefix: string, address = identity.mailbox) =>
		box(name, address)
			.items.map((i) => i.subject ?? '')
			.filter((s) => s.includes(prefix))
			.sort();

	it('refresh() sees what another session changed', async () => {
		const subject = unique('Referee refresh');
		const result = succeeded(await scenario('refresh', identity, { subject })) as {
			id: string;
			subject: string;
			isRead: boolean;
			changekeyBefore: string;
			changekeyAfter: string;
			theirChangekey: string;
		};
		// UpdateItem answers the item's new ChangeKey; GetItem then returns the current properties and ChangeKey.
		expect(result).toMatchObject({ subject: `${subject} (edited elsewhere)`, isRead: false, changekeyAfter: result.theirChangekey });
		expect(result.changekeyAfter).not.toBe(result.changekeyBefore);
		expect(sandbox.store.getItem(result.id)).toMatchObject({ subject: `${subject} (edited elsewhere)`, isRead: false, changeKey: result.theirChangekey });
	});

	it('filters by read state (is_read=False)', async () => {
		const tag = unique('Referee unread');
		const { unread, read } = succeeded(await scenario('unread_filter', identity, { tag })) as { unread: string[]; read: string[] };
		// FindItem Restriction IsEqualTo message:IsRead: only the items whose read flag matches the constant.
		expect(unread).toEqual([`${tag} 1`, `${tag} 3`, `${tag} 5`]);
		expect(read).toEqual([`${tag} 0`, `${tag} 2`, `${tag} 4`]);
	});

	it('marks read with save(update_fields=["is_read"]), sets categories, then clears them', async () => {
		const subject = unique('Referee mark read');
		const result = succeeded(await scenario('mark_read', identity, { subject })) as {
			id: string;
			isRead: boolean;
			categories: string[];
			categoriesAfterClear: string[] | null;
		};
		// UpdateItem SetItemField message:IsRead and item:Categories; DeleteItemField item:Categories empties them.
		expect(result).toMatchObject({ isRead: true, categories: ['Invoices', 'Red'], categoriesAfterClear: null });
		expect(sandbox.store.getItem(result.id)).toMatchObject({ isRead: true, categories: [] });
	});

	it('moves into a new folder (new id), copies back to Inbox, and the old id is gone', async () => {
		const subject = unique('Referee move');
		const result = succeeded(await scenario('move_copy', identity, { subject, folder: unique('Referee moved') })) as Record<string, unknown> & {
			oldId: string;
			movedId: string;
			copyId: string;
			inFolder: string[];
			inInbox: string[];
		};
		// MoveItem: the item gets a new ItemId in its new folder; the old one is ErrorItemNotFound. CopyItem: a copy with its own id.
		expect(result.movedId).not.toBe(result.oldId);
		expect(result.inFolder).toEqual([result.movedId]);
		expect(result.inInbox).toEqual([result.copyId]);
		expect(result.oldIdFetch).toBe('ErrorItemNotFound');
		expect(sandbox.store.folderPath(sandbox.store.folderOf(sandbox.store.getItem(result.movedId)))).toMatch(/^Inbox\/Referee moved/);
	});

	it('move_to_trash, soft_delete, and delete (hard) with ErrorItemNotFound on refresh', async () => {
		const subject = unique('Referee delete');
		const result = succeeded(await scenario('delete', identity, { subject })) as { inTrash: string[]; inInbox: string[]; refreshError: string };
		// DeleteItem DeleteType MoveToDeletedItems / SoftDelete / HardDelete; GetItem of a hard-deleted item: ErrorItemNotFound.
		expect(result).toEqual({ inTrash: [`${subject} trash`], inInbox: [], refreshError: 'ErrorItemNotFound' });
		expect(subjects('deleteditems', subject)).toEqual([`${subject} trash`]);
		expect(subjects('recoverableitemsdeletions', subject)).toEqual([`${subject} soft`]);
		expect(subjects('inbox', subject)).toEqual([]);
	});

	it('reply, reply_all and forward reach the right Inboxes with the server-made RE: / FW: subject', async () => {
		const subject = unique('Referee thread');
		sandbox.store.deliverIncoming({
			from: { address: 'bob@contoso.com', name: 'Bob Berg' },
			toRecipients: [{ address: identity.mailbox }],
			ccRecipients: [{ address: 'carol@contoso.com' }],
			subject,
			body: { type: 'Text', text: 'Original text' },
		});
		succeeded(await scenario('reply_forward', identity, { subject, forward_to: 'room-101@contoso.com' }));
		// ReplyToItem / ReplyAllToItem / ForwardItem without a Subject: the server writes "RE: " / "FW: " before the
		// original subject; reply goes to the sender, reply all also to the original To and Cc, forward to those given.
		expect(subjects('inbox', subject, 'bob@contoso.com')).toEqual([`RE: ${subject}`, `RE: ${subject}`]);
		expect(subjects('inbox', subject, 'carol@contoso.com')).toEqual([`RE: ${subject}`, subject]);
		expect(subjects('inbox', subject, 'room-101@contoso.com')).toEqual([`FW: ${subject}`]);
		expect(subjects('sentitems', subject)).toEqual([`FW: ${subject}`, `RE: ${subject}`, `RE: ${subject}`]);
		const forwarded = box('inbox', 'room-101@contoso.com').items.find((i) => i.subject === `FW: ${subject}`);
		expect(forwarded?.body?.text).toMatch(/^Forward from the referee[\s\S]*Subject: .*\r\n\r\nOriginal text$/);
	});

	it('saves a draft, then sends it by id', async () => {
		const subject = unique('Referee draft');
		const result = succeeded(await scenario('draft_send', identity, { subject, to: 'bob@contoso.com' })) as {
			draftId: string;
			inDraftsBefore: string[];
			inDraftsAfter: string[];
			inSent: string[];
		};
		// CreateItem SaveOnly keeps the draft in Drafts; SendItem sends it, saves the copy in Sent Items, and the
		// draft leaves Drafts.
		expect(result).toEqual({ draftId: result.draftId, inDraftsBefore: [result.draftId], inDraftsAfter: [], inSent: [subject] });
		expect(subjects('inbox', subject, 'bob@contoso.com')).toEqual([subject]);
		expect(sandbox.store.deliveries.filter((d) => d.subject === subject).map((d) => d.recipient)).toEqual(['bob@contoso.com']);
	});

	it('bulk_update, bulk_move and bulk_delete act on each item, answered in order', async () => {
		const tag = unique('Referee bulk mail');
		const result = succeeded(await scenario('bulk_mail', identity, { tag, folder: unique('Referee bulk folder') })) as {
			created: string[];
			updated: Array<[string, string]>;
			moved: Array<[string, string]>;
			deleted: boolean[];
			folderId: string;
		};
		// UpdateItem, MoveItem and DeleteItem with many ids: one response message per item, in request order.
		expect(result.updated.map(([id]) => id)).toEqual(result.created.slice(0, 3));
		expect(result.deleted).toEqual([true, true, true]);
		const folder = sandbox.store.findFolderById(result.folderId);
		expect(folder?.items.map((i) => i.id).sort()).toEqual(result.moved.map(([id]) => id).sort());
		expect(folder?.items.every((i) => i.isRead && i.categories.join() === 'Bulk')).toBe(true);
		expect(subjects('inbox', tag)).toEqual([]);
		for (const id of result.created) expect(sandbox.store.findItem(id)).toBeUndefined();
	});
});

describe('exchangelib synchronising a folder', () => {
	it('sync_items: a full sync, then exactly the new messages, a read-flag change, a delete, and more than 512 changes', async () => {
		const run = await scenario('sync_items', ALICE, { folder: unique('Referee sync'), bulk: '600' });
		type Change = { type: string; id: string; subject?: string; isRead?: boolean };
		const result = succeeded(run) as Record<'full' | 'afterNew' | 'afterRead' | 'afterDelete' | 'afterMany', Change[]> & Record<'existing' | 'new' | 'many', string[]>;
		// SyncFolderItems without SyncState: every item of the folder as a Create.
		expect(result.full.map((c) => [c.type, c.id, c.subject])).toEqual(result.existing.map((id, n) => ['create', id, `Existing ${n + 1}`]));
		// With the SyncState of the last call: only what changed since.
		expect(result.afterNew.map((c) => [c.type, c.id, c.subject])).toEqual(result.new.map((id, n) => ['create', id, `New ${n + 1}`]));
		expect(result.afterRead).toEqual([{ type: 'read_flag_change', id: result.new[0], isRead: true }]);
		expect(result.afterDelete).toEqual([{ type: 'delete', id: result.existing[0] }]);
		// At most 512 changes a call: exchangelib goes on while IncludesLastItemInRange is false.
		expect(result.afterMany.map((c) => c.id)).toEqual(result.many);
		expect(result.afterMany.every((c) => c.type === 'create')).toBe(true);
		const syncCalls = run.requests.filter((r) => r.operation === 'SyncFolderItems');
		expect(syncCalls.length).toBeGreaterThanOrEqual(6);
		for (const id of result.many) expect(sandbox.store.findItem(id)).toBeDefined();
	});
});

describe('exchangelib reads the directory and item attachments', () => {
	it('resolves names with and without contact data and expands a group', async () => {
		const result = succeeded(await scenario('directory', SERVICE_AS_ALICE, { name: 'alice@contoso.com', ambiguous: 'c', group: 'all-staff@contoso.com' })) as {
			full: Array<{ address: string; jobTitle: string; surname: string }>;
			ambiguous: Array<{ address: string }>;
			members: Array<{ address: string; mailboxType: string }>;
		};
		// ResolveNames with ReturnFullContactData: the Mailbox and the directory's Contact; an ambiguous name is
		// the Warning ErrorNameResolutionMultipleResults with every candidate, which exchangelib returns as results.
		expect(result.full).toEqual([{ name: 'Alice Anders', address: 'alice@contoso.com', mailboxType: 'Mailbox', jobTitle: 'Accountant', surname: 'Anders' }]);
		expect(result.ambiguous.map((m) => m.address)).toEqual(['carol@contoso.com', 'room-101@contoso.com']);
		// ExpandDL: one level, a nested group as MailboxType PublicDL.
		expect(result.members).toEqual([
			{ name: 'Team', address: 'team@contoso.com', mailboxType: 'PublicDL' },
			{ name: 'n8n Service', address: 'svc-n8n@contoso.com', mailboxType: 'Mailbox' },
		]);
	});

	it('reads an attached message with its MIME content', async () => {
		const subject = unique('Referee item attachment');
		const mime = Buffer.from('From: partner@fabrikam.com\r\nSubject: Order 7\r\n\r\nShip it.\r\n');
		sandbox.store.deliverIncoming({
			from: { address: 'partner@fabrikam.com' },
			toRecipients: [{ address: ALICE.mailbox }],
			subject,
			attachments: [{ name: 'Order 7', isInline: false, content: mime, attachedItem: { itemClass: 'IPM.Note', subject: 'Order 7' } }],
		});
		const { attachments } = succeeded(await scenario('item_attachment', SERVICE_AS_ALICE, { subject })) as {
			attachments: Array<{ name: string; subject: string; mime: string }>;
		};
		// GetAttachment: an ItemAttachment holds the attached item; with IncludeMimeContent, its MimeContent.
		expect(attachments).toEqual([{ name: 'Order 7', subject: 'Order 7', mime: mime.toString('base64') }]);
	});
});

describe('exchangelib on free/busy and rooms', () => {
	it('get_free_busy_info shows a busy block in the asked time zone, and ErrorMailRecipientNotFound for a missing mailbox alone', async () => {
		const subject = unique('Referee busy block');
		const answer = runTestControl(
			sandbox.store,
			'availability/busy',
			JSON.stringify({ mailbox: 'bob@contoso.com', start: '2031-12-01T09:00:00Z', end: '2031-12-01T10:30:00Z', subject }),
		);
		expect(answer?.status).toBe(200);
		const run = await scenario('free_busy', SERVICE_AS_ALICE, {
			start: '2031-12-01T08:00:00+00:00',
			end: '2031-12-01T12:00:00+00:00',
			mailboxes: 'bob@contoso.com,nobody@contoso.com,carol@contoso.com',
		});
		const { views } = succeeded(run) as { views: Array<Record<string, unknown>> };
		// exchangelib asks GetServerTimeZones for W. Europe Standard Time's rules first, then sends them as the TimeZone.
		expect(run.requests.flatMap((r) => r.operation ?? []).slice(-2)).toEqual(['GetServerTimeZones', 'GetUserAvailabilityRequest']);
		// TimeZone (Availability): the returned times are in the request's zone, 09:00Z being 10:00 in Berlin in December.
		// Bob's calendar is open to svc-n8n (FullAccess): the Detailed view with the subject.
		expect(views[0]).toMatchObject({
			viewType: 'DetailedMerged',
			events: [['2031-12-01T10:00:00', '2031-12-01T11:30:00', 'Busy', subject]],
			// Half-hour digits from 09:00 Berlin: busy 10:00-11:30.
			merged: '00222000',
			workingHours: [[[1, 2, 3, 4, 5], '08:00:00', '17:00:00']],
			workingHoursBias: 0,
		});
		expect(views[1]).toEqual({ error: 'ErrorMailRecipientNotFound' });
		expect(views[2]).toMatchObject({ events: [], merged: '00000000' });
	});

	it('get_roomlists and get_rooms list the room list and its rooms', async () => {
		const result = succeeded(await scenario('rooms', ALICE)) as { roomLists: string[]; rooms: string[][] };
		expect(result).toEqual({
			roomLists: ['rooms@contoso.com'],
			rooms: [
				['Room A', 'room-a@contoso.com'],
				['Room B', 'room-b@contoso.com'],
			],
		});
	});
});
