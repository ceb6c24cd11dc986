import { randomBytes } from 'crypto';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredItem } from '../../sandbox/store';
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
