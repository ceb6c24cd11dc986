import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredItem, StoredMessage } from '../../sandbox/store';
import { ALICE, mailbox as mailboxElement } from './client';
import { Request, childNames, codes, distinguished, exchange, fieldUris } from './ewsExchange';

/**
 * GetItem, GetAttachment, FindItem and CreateItem SaveOnly through the sandbox's HTTP endpoint, checked against
 * the answers and the store. Each test names the EWS reference rule it checks.
 */

const SVC_MAILBOX = 'svc-n8n@contoso.com';
const OUTSIDER = { address: 'dana@fabrikam.example', name: 'Dana Outside' };

describe('sandbox item operations', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const inbox = () => sandbox.store.mailbox(SVC_MAILBOX).folder('inbox');

	function incoming(subject: string, receivedAt: Date, extra: { body?: string; html?: boolean; attachment?: Buffer; isRead?: boolean } = {}): StoredMessage {
		const [item] = sandbox.store.deliverIncoming({
			from: OUTSIDER,
			toRecipients: [{ address: SVC_MAILBOX, name: 'Service' }],
			subject,
			body: extra.body === undefined ? undefined : { type: extra.html ? 'HTML' : 'Text', text: extra.body },
			attachments: extra.attachment && [{ name: 'data.bin', contentType: 'application/octet-stream', isInline: false, content: extra.attachment }],
			receivedAt,
			isRead: extra.isRead,
		});
		return item;
	}

	function itemShape(base: string, options: { uris?: string[]; bodyType?: string; mime?: boolean } = {}): Request {
		return el(
			'm:ItemShape',
			undefined,
			el('t:BaseShape', undefined, base),
			options.mime !== undefined && el('t:IncludeMimeContent', undefined, String(options.mime)),
			options.bodyType && el('t:BodyType', undefined, options.bodyType),
			fieldUris(...(options.uris ?? [])),
		);
	}

	function getItem(ids: string[], shape: Request): Request {
		return el('m:GetItem', undefined, shape, el('m:ItemIds', undefined, ids.map((id) => el('t:ItemId', { Id: id }))));
	}

	interface FindOptions {
		shape?: Request;
		view?: Record<string, string>;
		restriction?: Request;
		sort?: Array<[string, 'Ascending' | 'Descending']>;
		query?: string;
		parent?: Request;
	}

	function findItem(options: FindOptions = {}): Request {
		return el(
			'm:FindItem',
			{ Traversal: 'Shallow' },
			options.shape ?? itemShape('IdOnly'),
			options.view && el('m:IndexedPageItemView', options.view),
			options.restriction && el('m:Restriction', undefined, options.restriction),
			options.sort &&
				el(
					'm:SortOrder',
					undefined,
					options.sort.map(([uri, order]) => el('t:FieldOrder', { Order: order }, el('t:FieldURI', { FieldURI: uri }))),
				),
			el('m:ParentFolderIds', undefined, options.parent ?? distinguished('inbox')),
			options.query !== undefined && el('m:QueryString', undefined, options.query),
		);
	}

	function compare(operator: string, uri: string, value: string): Request {
		return el(operator, undefined, el('t:FieldURI', { FieldURI: uri }), el('t:FieldURIOrConstant', undefined, el('t:Constant', { Value: value })));
	}

	function contains(uri: string, value: string, mode: string, comparison: string): Request {
		return el('t:Contains', { ContainmentMode: mode, ContainmentComparison: comparison }, el('t:FieldURI', { FieldURI: uri }), el('t:Constant', { Value: value }));
	}

	async function foundIds(options: FindOptions): Promise<string[]> {
		const answer = await exchange(sandbox, findItem(options));
		expect(codes(answer.messages)).toEqual(['NoError']);
		return answer.messages[0].path('m:RootFolder', 't:Items')?.children().map((i) => i.child('t:ItemId')?.attr('Id') ?? '') ?? [];
	}

	const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute, 0));

	describe('GetItem', () => {
		it('answers Message, CalendarItem and MeetingRequest elements and per-item errors, in request order', async () => {
			// GetItem: one GetItemResponseMessage per ItemId, in order, each item as the element of its type; a
			// malformed id is ErrorInvalidIdMalformed, a well-formed one that names nothing ErrorItemNotFound.
			const message = incoming('Hello', at(1));
			const calendar = sandbox.store.mailbox(SVC_MAILBOX).folder('calendar');
			const meeting = await exchange(
				sandbox,
				el(
					'm:CreateItem',
					{ SendMeetingInvitations: 'SendToAllAndSaveCopy' },
					el(
						'm:Items',
						undefined,
						el(
							't:CalendarItem',
							undefined,
							el('t:Subject', undefined, 'Planning'),
							el('t:Start', undefined, '2030-01-02T09:00:00Z'),
							el('t:End', undefined, '2030-01-02T10:00:00Z'),
							el('t:RequiredAttendees', undefined, el('t:Attendee', undefined, mailboxElement('bob@contoso.com'))),
						),
					),
				),
			);
			expect(codes(meeting.messages)).toEqual(['NoError']);
			const [organizerCopy] = calendar.calendarItems();
			const [request] = sandbox.store.mailbox('bob@contoso.com').folder('inbox').meetingRequests();
			sandbox.store.deleteItem(message.id, 'HardDelete');
			const gone = message.id;
			const again = incoming('Hello again', at(2));
			const answer = await exchange(sandbox, getItem([again.id, organizerCopy.id, 'garbage', gone, request.id], itemShape('IdOnly', { uris: ['item:Subject'] })));
			expect(codes(answer.messages)).toEqual(['NoError', 'NoError', 'ErrorInvalidIdMalformed', 'ErrorItemNotFound', 'NoError']);
			const items = answer.messages.map((m) => m.child('m:Items')?.children()[0]);
			expect(items.map((i) => i?.name)).toEqual(['t:Message', 't:CalendarItem', undefined, undefined, 't:MeetingRequest']);
			expect(items.map((i) => i?.childText('t:Subject'))).toEqual(['Hello again', 'Planning', undefined, undefined, 'Planning']);
		});

		it('writes AdditionalProperties with IdOnly in schema order, leaving out what the item lacks', async () => {
			// ItemShape AdditionalProperties: each named property the item has, in ItemType/MessageType sequence.
			const item = incoming('Numbers', at(3), { body: 'see attached', attachment: Buffer.from([0, 1, 2, 3]) });
			const uris = [
				'message:IsRead',
				'message:From',
				'item:HasAttachments',
				'item:Attachments',
				'item:DateTimeReceived',
				'item:Subject',
				'item:ParentFolderId',
				'message:InternetMessageId',
				'item:ConversationId',
				'item:Categories',
				'calendar:Start',
			];
			const answer = await exchange(sandbox, getItem([item.id], itemShape('IdOnly', { uris })));
			const message = answer.messages[0].path('m:Items', 't:Message');
			expect(childNames(message)).toEqual([
				't:ItemId',
				't:ParentFolderId',
				't:Subject',
				't:Attachments',
				't:DateTimeReceived',
				't:HasAttachments',
				't:ConversationId',
				't:From',
				't:InternetMessageId',
				't:IsRead',
			]);
			expect(message?.child('t:ItemId')?.attr('ChangeKey')).toBe(item.changeKey);
			expect(message?.child('t:ParentFolderId')?.attr('Id')).toBe(inbox().id);
			expect(message?.childText('t:DateTimeReceived')).toBe('2026-11-02T09:03:00Z');
			expect(message?.childText('t:IsRead')).toBe('false');
			expect(message?.childText('t:HasAttachments')).toBe('true');
			expect(message?.path('t:From', 't:Mailbox', 't:EmailAddress')?.text()).toBe(OUTSIDER.address);
			expect(message?.childText('t:InternetMessageId')).toBe(item.internetMessageId);
			expect(message?.child('t:ConversationId')?.attr('Id')).toBe(item.conversationId);
			const attachment = message?.path('t:Attachments', 't:FileAttachment');
			expect(attachment?.child('t:AttachmentId')?.attr('Id')).toBe(item.attachments[0].id);
			expect(attachment?.childText('t:Name')).toBe('data.bin');
			// GetItem lists attachments without their content; GetAttachment returns it.
			expect(attachment?.child('t:Content')).toBeUndefined();
		});

		it('converts the body to the BodyType asked for, Best keeping the stored type', async () => {
			// ItemShape BodyType: HTML, Text, or Best (the body as stored).
			const item = incoming('Styled', at(4), { body: '<html><body><p>Quarterly <b>numbers</b> &amp; notes</p></body></html>', html: true });
			const bodyOf = async (bodyType: string) => {
				const answer = await exchange(sandbox, getItem([item.id], itemShape('IdOnly', { uris: ['item:Body'], bodyType })));
				const body = answer.messages[0].path('m:Items', 't:Message', 't:Body');
				return [body?.attr('BodyType'), body?.text()];
			};
			expect(await bodyOf('Best')).toEqual(['HTML', item.body?.text]);
			expect(await bodyOf('Text')).toEqual(['Text', 'Quarterly numbers & notes']);
		});

		it('returns the MIME content in base64 with IncludeMimeContent, ahead of the ItemId', async () => {
			// ItemShape IncludeMimeContent: MimeContent holds the item's MIME stream, base64; it is ItemType's first element.
			const item = incoming('Mime me', at(5), { body: 'plain words' });
			const answer = await exchange(sandbox, getItem([item.id], itemShape('IdOnly', { mime: true })));
			const message = answer.messages[0].path('m:Items', 't:Message');
			expect(childNames(message)).toEqual(['t:MimeContent', 't:ItemId']);
			const mime = Buffer.from(message?.childText('t:MimeContent') ?? '', 'base64').toString('utf8');
			expect(mime).toBe(sandbox.store.mimeOf(item));
			expect(mime).toContain('Subject: Mime me');
		});

		it('gives the Default shape its set and AllProperties more', async () => {
			// BaseShape: Default returns the item's default set; AllProperties every property the server keeps.
			const item = incoming('Shapes', at(6), { body: 'text' });
			const get = async (base: string) =>
				childNames((await exchange(sandbox, getItem([item.id], itemShape(base)))).messages[0].path('m:Items', 't:Message'));
			const byDefault = await get('Default');
			const all = await get('AllProperties');
			expect(byDefault).toEqual(expect.arrayContaining(['t:ItemId', 't:Subject', 't:Body', 't:DateTimeReceived', 't:From', 't:IsRead']));
			expect(byDefault).not.toContain('t:Flag');
			expect(all).toEqual(expect.arrayContaining([...byDefault, 't:Flag', 't:ConversationIndex']));
			expect(all).not.toContain('t:MimeContent');
		});

		it('fails only the element an injected itemError names', async () => {
			// ResponseMessages: each element's outcome is its own; ErrorServerBusy carries BackOffMilliseconds in MessageXml.
			const items = [incoming('a', at(1)), incoming('b', at(2))];
			sandbox.faults.push({ kind: 'itemError', operation: 'GetItem', index: 0, code: 'ErrorServerBusy', backOffMs: 250 });
			const answer = await exchange(sandbox, getItem(items.map((i) => i.id), itemShape('IdOnly')));
			expect(codes(answer.messages)).toEqual(['ErrorServerBusy', 'NoError']);
			expect(answer.messages[0].path('m:MessageXml', 't:Value')?.text()).toBe('250');
			expect(answer.messages[1].path('m:Items', 't:Message', 't:ItemId')?.attr('Id')).toBe(items[1].id);
		});

		it("refuses another mailbox's item to a caller without access", async () => {
			const [bobs] = sandbox.store.deliverIncoming({ from: OUTSIDER, toRecipients: [{ address: 'bob@contoso.com' }], subject: 'private' });
			const answer = await exchange(sandbox, getItem([bobs.id], itemShape('IdOnly')), ALICE);
			expect(codes(answer.messages)).toEqual(['ErrorAccessDenied']);
		});
	});

	describe('GetAttachment', () => {
		it('returns file attachment content in base64, failing unknown ids per attachment', async () => {
			// GetAttachment: one response message per AttachmentId, FileAttachment with Content (base64 of the bytes).
			const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);
			const item = incoming('With file', at(7), { attachment: bytes });
			const deleted = incoming('Gone', at(8), { attachment: bytes });
			const goneId = deleted.attachments[0].id;
			sandbox.store.deleteItem(deleted.id, 'HardDelete');
			const answer = await exchange(
				sandbox,
				el('m:GetAttachment', undefined, el('m:AttachmentIds', undefined, [item.attachments[0].id, goneId, 'nope'].map((id) => el('t:AttachmentId', { Id: id })))),
			);
			expect(codes(answer.messages)).toEqual(['NoError', 'ErrorItemNotFound', 'ErrorInvalidIdMalformed']);
			const file = answer.messages[0].path('m:Attachments', 't:FileAttachment');
			expect(file?.childText('t:Name')).toBe('data.bin');
			expect(Buffer.from(file?.childText('t:Content') ?? '', 'base64').equals(bytes)).toBe(true);
		});

		it('returns an item attachment as its item, with the MIME content only when the shape asks for it', async () => {
			// GetAttachment: an ItemAttachment holds the attached item (here a Message); AttachmentShape's
			// IncludeMimeContent adds the item's MimeContent. GetItem lists it as ItemAttachment without the item.
			const mime = Buffer.from('From: a@fabrikam.example\r\nSubject: Original order\r\n\r\nHello\r\n');
			const [item] = sandbox.store.deliverIncoming({
				from: OUTSIDER,
				toRecipients: [{ address: SVC_MAILBOX }],
				subject: 'Fwd as attachment',
				attachments: [{ name: 'Original order', isInline: false, content: mime, attachedItem: { itemClass: 'IPM.Note', subject: 'Original order' } }],
			});
			const id = item.attachments[0].id;
			const get = (includeMime: boolean) =>
				exchange(
					sandbox,
					el(
						'm:GetAttachment',
						undefined,
						el('m:AttachmentShape', undefined, el('t:IncludeMimeContent', undefined, String(includeMime))),
						el('m:AttachmentIds', undefined, el('t:AttachmentId', { Id: id })),
					),
				);
			const withMime = (await get(true)).messages[0].path('m:Attachments', 't:ItemAttachment');
			expect(withMime?.childText('t:Name')).toBe('Original order');
			expect(Buffer.from(withMime?.path('t:Message', 't:MimeContent')?.text() ?? '', 'base64').equals(mime)).toBe(true);
			expect(withMime?.path('t:Message', 't:Subject')?.text()).toBe('Original order');
			const withoutMime = (await get(false)).messages[0].path('m:Attachments', 't:ItemAttachment');
			expect(withoutMime?.path('t:Message', 't:MimeContent')).toBeUndefined();
			const listed = await exchange(sandbox, getItem([item.id], itemShape('IdOnly', { uris: ['item:Attachments'] })));
			const attachment = listed.messages[0].path('m:Items', 't:Message', 't:Attachments', 't:ItemAttachment');
			expect([attachment?.path('t:AttachmentId')?.attr('Id'), attachment?.childText('t:Size'), attachment?.child('t:Message')]).toEqual([id, String(mime.length), undefined]);
		});
	});

	describe('FindItem', () => {
		let items: StoredItem[];

		beforeEach(() => {
			items = [0, 1, 2, 3, 4].map((n) => incoming(`Report ${n}`, at(10 + n), { body: n % 2 ? 'odd invoice' : 'even', isRead: n < 2 }));
		});

		const ids = (...indexes: number[]) => indexes.map((i) => items[i].id);

		it('pages from the beginning and from the end with the paging attributes', async () => {
			// IndexedPageItemView: from Beginning, Offset counts forward; from End, the page ends Offset entries before
			// the end and the next offset from the end is Offset plus the entries returned. Default order: newest first.
			const first = await exchange(sandbox, findItem({ view: { MaxEntriesReturned: '2', Offset: '0', BasePoint: 'Beginning' } }));
			const root = first.messages[0].child('m:RootFolder');
			expect(root?.child('t:Items')?.children().map((i) => i.child('t:ItemId')?.attr('Id'))).toEqual(ids(4, 3));
			expect([root?.attr('IndexedPagingOffset'), root?.attr('TotalItemsInView'), root?.attr('IncludesLastItemInRange')]).toEqual(['2', '5', 'false']);
			expect(await foundIds({ view: { MaxEntriesReturned: '2', Offset: '4', BasePoint: 'Beginning' } })).toEqual(ids(0));
			const fromEnd = await exchange(sandbox, findItem({ view: { MaxEntriesReturned: '2', Offset: '1', BasePoint: 'End' } }));
			const endRoot = fromEnd.messages[0].child('m:RootFolder');
			expect(endRoot?.child('t:Items')?.children().map((i) => i.child('t:ItemId')?.attr('Id'))).toEqual(ids(2, 1));
			expect([endRoot?.attr('IndexedPagingOffset'), endRoot?.attr('IncludesLastItemInRange')]).toEqual(['3', 'false']);
		});

		it('sorts by the FieldOrders given', async () => {
			// SortOrder: FieldOrder Ascending/Descending on item:DateTimeReceived, item:Subject, ...
			expect(await foundIds({ sort: [['item:DateTimeReceived', 'Ascending']] })).toEqual(ids(0, 1, 2, 3, 4));
			expect(await foundIds({ sort: [['item:Subject', 'Descending']] })).toEqual(ids(4, 3, 2, 1, 0));
		});

		it('restricts on dates, booleans and strings with the relational tests and And, Or, Not', async () => {
			// Restriction: IsGreaterThan on a date compares instants (a constant with fractions of a second too);
			// IsEqualTo on a boolean and on a string (case ignored); And / Or / Not combine them.
			const after = compare('t:IsGreaterThan', 'item:DateTimeReceived', '2026-11-02T09:12:00.500000Z');
			expect(await foundIds({ restriction: after, sort: [['item:DateTimeReceived', 'Ascending']] })).toEqual(ids(3, 4));
			expect(await foundIds({ restriction: compare('t:IsLessThanOrEqualTo', 'item:DateTimeReceived', '2026-11-02T09:11:00Z') })).toEqual(ids(1, 0));
			expect(await foundIds({ restriction: compare('t:IsEqualTo', 'message:IsRead', 'true') })).toEqual(ids(1, 0));
			expect(await foundIds({ restriction: compare('t:IsEqualTo', 'item:Subject', 'report 2') })).toEqual(ids(2));
			expect(await foundIds({ restriction: compare('t:IsNotEqualTo', 'item:Subject', 'Report 2') })).toEqual(ids(4, 3, 1, 0));
			const either = el('t:Or', undefined, compare('t:IsEqualTo', 'item:Subject', 'Report 0'), compare('t:IsEqualTo', 'item:Subject', 'Report 4'));
			expect(await foundIds({ restriction: either })).toEqual(ids(4, 0));
			const unreadAfter = el('t:And', undefined, after, el('t:Not', undefined, compare('t:IsEqualTo', 'message:IsRead', 'true')));
			expect(await foundIds({ restriction: unreadAfter })).toEqual(ids(4, 3));
		});

		it('applies Contains by ContainmentMode and ContainmentComparison, and Exists', async () => {
			// Contains: Substring / Prefixed / FullString; ContainmentComparison Exact is case-sensitive, IgnoreCase not.
			expect(await foundIds({ restriction: contains('item:Subject', 'port 3', 'Substring', 'Exact') })).toEqual(ids(3));
			expect(await foundIds({ restriction: contains('item:Subject', 'REPORT 3', 'Substring', 'Exact') })).toEqual([]);
			expect(await foundIds({ restriction: contains('item:Subject', 'REPORT 3', 'FullString', 'IgnoreCase') })).toEqual(ids(3));
			expect(await foundIds({ restriction: contains('item:Subject', 'port', 'Prefixed', 'IgnoreCase') })).toEqual([]);
			expect(await foundIds({ restriction: contains('item:Body', 'INVOICE', 'Substring', 'IgnoreCase') })).toEqual(ids(3, 1));
			const exists = el('t:Exists', undefined, el('t:FieldURI', { FieldURI: 'item:DateTimeSent' }));
			expect(await foundIds({ restriction: exists })).toHaveLength(5);
		});

		it('searches with the AQS subset of QueryString', async () => {
			// QueryString (AQS): free words match subject and body; subject:, isread:, received>= as README lists them.
			expect(await foundIds({ query: 'invoice' })).toEqual(ids(3, 1));
			expect(await foundIds({ query: 'subject:"report 4" OR subject:"report 0"' })).toEqual(ids(4, 0));
			expect(await foundIds({ query: 'isread:false received>=2026-11-02T09:13:00Z' })).toEqual(ids(4, 3));
			expect(await foundIds({ query: 'from:fabrikam -invoice' })).toEqual(ids(4, 2, 0));
		});

		it('writes AdditionalProperties on found items and refuses Body, which FindItem cannot return', async () => {
			// FindItem returns no Body; asking for item:Body in FindItem is ErrorInvalidPropertyRequest.
			const answer = await exchange(sandbox, findItem({ shape: itemShape('IdOnly', { uris: ['item:Subject', 'item:DateTimeReceived'] }) }));
			const first = answer.messages[0].path('m:RootFolder', 't:Items', 't:Message');
			expect(childNames(first)).toEqual(['t:ItemId', 't:Subject', 't:DateTimeReceived']);
			const refused = await exchange(sandbox, findItem({ shape: itemShape('IdOnly', { uris: ['item:Body'] }) }));
			expect(codes(refused.messages)).toEqual(['ErrorInvalidPropertyRequest']);
		});
	});

	describe('CreateItem SaveOnly', () => {
		it('saves messages into Inbox received now and unread when IsRead is false, each answered with its ItemId', async () => {
			// CreateItem MessageDisposition SaveOnly with SavedItemFolderId: the items are saved there; Message.IsRead
			// is settable on create; one CreateItemResponseMessage per item with its ItemId.
			const before = Date.now();
			const message = (subject: string) =>
				el('t:Message', undefined, el('t:Subject', undefined, subject), el('t:Body', { BodyType: 'Text' }, 'saved'), el('t:IsRead', undefined, 'false'));
			const answer = await exchange(
				sandbox,
				el(
					'm:CreateItem',
					{ MessageDisposition: 'SaveOnly' },
					el('m:SavedItemFolderId', undefined, distinguished('inbox', SVC_MAILBOX)),
					el('m:Items', undefined, [message('one'), message('two')]),
				),
			);
			const answered = answer.messages.map((m) => m.path('m:Items', 't:Message', 't:ItemId')?.attr('Id'));
			expect(inbox().items.map((i) => [i.id, i.subject, i.isRead])).toEqual([
				[answered[0], 'one', false],
				[answered[1], 'two', false],
			]);
			expect(inbox().items.every((i) => i.dateTimeReceived.getTime() >= before - 1000)).toBe(true);
			expect(sandbox.store.deliveries).toEqual([]);
		});
	});
});
