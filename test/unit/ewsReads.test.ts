import { buildFindFolder, readFindFolder } from '../../nodes/Exchange/ews/findFolder';
import { buildFindItem, FindItemError, readFindItem } from '../../nodes/Exchange/ews/findItem';
import { buildGetAttachment, readGetAttachment } from '../../nodes/Exchange/ews/getAttachment';
import { buildGetFolders, readFolders } from '../../nodes/Exchange/ews/getFolder';
import { buildGetItem, readGetItem } from '../../nodes/Exchange/ews/getItem';
import { looksLikeItemId } from '../../nodes/Exchange/ews/itemIds';
import { onlyValue, supports } from '../../nodes/Exchange/ews/operation';
import { EwsError } from '../../nodes/Exchange/transport/errors';
import { serialize } from '../../nodes/Exchange/transport/xml';
import { validateBody } from '../../sandbox/schemaValidator';
import { bareBody } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';
import { soapAnswer } from '../helpers/soapAnswer';

const ID = 'AAMkADk0ZjM1ZDA4LTU4ZWEtNGYzYi1iMWQ3LTI3YjQ2YjU2MGZhMABGAAAAAAB=';
const valid = { valid: true, errors: [] };

describe('GetItem', () => {
	schemaIt('asks for the simplified fields, a body type and the MIME content, schema-valid on 2013 and 2016', async () => {
		const request = buildGetItem(
			{
				items: [{ id: ID }, { id: 'second', changeKey: 'CQAAAB' }],
				shape: { base: 'IdOnly', includeMimeContent: true, bodyType: 'HTML', additional: { kind: 'Message', keys: ['subject', 'from', 'isRead', 'bodyPreview'] } },
			},
			'Exchange2016',
		);
		const xml = bareBody(request);
		expect(xml).toContain(
			'<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent><t:BodyType>HTML</t:BodyType>' +
				'<t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="message:From"/><t:FieldURI FieldURI="message:IsRead"/><t:FieldURI FieldURI="item:Preview"/></t:AdditionalProperties></m:ItemShape>',
		);
		expect(xml).toContain(`<m:ItemIds><t:ItemId Id="${ID}"/><t:ItemId Id="second" ChangeKey="CQAAAB"/></m:ItemIds>`);
		expect(await validateBody(xml)).toEqual(valid);
		expect(await validateBody(xml, 'Exchange2013')).toEqual(valid);
	});

	schemaIt('leaves out fields the server version does not have (Preview before 2013)', async () => {
		const request = buildGetItem({ items: [{ id: ID }], shape: { base: 'IdOnly', additional: { kind: 'Message', keys: ['subject', 'bodyPreview'] } } }, 'Exchange2010_SP2');
		expect(serialize(request)).not.toContain('item:Preview');
		expect(await validateBody(bareBody(request), 'Exchange2010_SP2')).toEqual(valid);
	});

	it('reads items of mixed kinds in request order, with a per-item error between them', () => {
		const answer = soapAnswer(
			'<m:GetItemResponse><m:ResponseMessages>' +
				'<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:Message>' +
				'<t:ItemId Id="m1" ChangeKey="k1"/><t:ParentFolderId Id="inbox-id" ChangeKey="f"/><t:Subject>Invoice 42 &amp; more</t:Subject>' +
				'<t:Body BodyType="Text">Line 1&#13;\nLine 2</t:Body><t:DateTimeReceived>2026-11-30T09:15:00+01:00</t:DateTimeReceived>' +
				'<t:Categories><t:String>Finance</t:String><t:String>Q4</t:String></t:Categories><t:Importance>High</t:Importance>' +
				'<t:HasAttachments>true</t:HasAttachments><t:ConversationId Id="conv1"/><t:Preview>Line 1</t:Preview>' +
				'<t:ToRecipients><t:Mailbox><t:Name>Bob</t:Name><t:EmailAddress>bob@contoso.com</t:EmailAddress></t:Mailbox><t:Mailbox><t:EmailAddress>carol@contoso.com</t:EmailAddress></t:Mailbox></t:ToRecipients>' +
				'<t:From><t:Mailbox><t:Name>Alice</t:Name><t:EmailAddress>alice@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType></t:Mailbox></t:From>' +
				'<t:InternetMessageId>&lt;a1@contoso.com&gt;</t:InternetMessageId><t:IsRead>false</t:IsRead>' +
				'</t:Message></m:Items></m:GetItemResponseMessage>' +
				'<m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>The specified object was not found in the store.</m:MessageText><m:ResponseCode>ErrorItemNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/></m:GetItemResponseMessage>' +
				'<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:CalendarItem><t:ItemId Id="c1" ChangeKey="k2"/><t:Subject>Sync</t:Subject>' +
				'<t:Start>2026-12-01T08:00:00Z</t:Start><t:End>2026-12-01T08:30:00Z</t:End><t:Location>Room 1</t:Location>' +
				'<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>bob@contoso.com</t:EmailAddress></t:Mailbox><t:ResponseType>Unknown</t:ResponseType></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:GetItemResponseMessage>' +
				'<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items><t:MeetingRequest><t:ItemId Id="r1" ChangeKey="k3"/><t:Subject>Sync</t:Subject><t:IsRead>true</t:IsRead></t:MeetingRequest></m:Items></m:GetItemResponseMessage>' +
				'</m:ResponseMessages></m:GetItemResponse>',
		);
		const [message, missing, calendar, request] = readGetItem(answer);
		expect(message).toEqual({
			value: {
				kind: 'Message',
				fields: {
					itemId: { id: 'm1', changeKey: 'k1' },
					parentFolderId: { id: 'inbox-id', changeKey: 'f' },
					subject: 'Invoice 42 & more',
					body: { type: 'Text', text: 'Line 1\r\nLine 2' },
					receivedAt: '2026-11-30T08:15:00Z',
					categories: ['Finance', 'Q4'],
					importance: 'High',
					hasAttachments: true,
					conversationId: { id: 'conv1', changeKey: '' },
					bodyPreview: 'Line 1',
					to: [
						{ name: 'Bob', address: 'bob@contoso.com' },
						{ name: '', address: 'carol@contoso.com' },
					],
					from: { name: 'Alice', address: 'alice@contoso.com' },
					internetMessageId: '<a1@contoso.com>',
					isRead: false,
				},
			},
		});
		expect(missing).toEqual({ error: expect.any(EwsError) });
		expect((missing as { error: EwsError }).error).toMatchObject({ code: 'ErrorItemNotFound', processing: 'processed' });
		expect(calendar).toEqual({
			value: {
				kind: 'CalendarItem',
				fields: {
					itemId: { id: 'c1', changeKey: 'k2' },
					subject: 'Sync',
					start: '2026-12-01T08:00:00Z',
					end: '2026-12-01T08:30:00Z',
					location: 'Room 1',
					requiredAttendees: [{ name: '', address: 'bob@contoso.com', response: 'Unknown' }],
				},
			},
		});
		expect(request).toEqual({ value: { kind: 'MeetingRequest', fields: { itemId: { id: 'r1', changeKey: 'k3' }, subject: 'Sync', isRead: true } } });
	});
});

describe('FindItem', () => {
	schemaIt('pages newest first with a restriction over table fields, schema-valid', async () => {
		const request = buildFindItem(
			{
				folders: [{ distinguished: 'inbox', mailbox: 'invoices@contoso.com' }],
				kind: 'Message',
				shape: { base: 'IdOnly', additional: { kind: 'Message', keys: ['subject', 'receivedAt'] } },
				page: { offset: 200, size: 100 },
				restriction: {
					and: [
						{ field: 'isRead', compare: 'IsEqualTo', value: false },
						{ field: 'subject', contains: 'invoice' },
						{ field: 'receivedAt', compare: 'IsGreaterThanOrEqualTo', value: '2026-11-01T00:00:00Z' },
						{ field: 'hasAttachments', compare: 'IsEqualTo', value: true },
						{ or: [{ field: 'importance', compare: 'IsEqualTo', value: 'High' }, { field: 'categories', contains: 'Finance', mode: 'FullString' }] },
						{ not: { field: 'from', exists: true } },
					],
				},
				sort: [{ field: 'receivedAt', descending: true }],
			},
			'Exchange2016',
		);
		const xml = bareBody(request);
		expect(serialize(request)).toMatch(/^<m:FindItem Traversal="Shallow"><m:ItemShape>.*<\/m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="100" Offset="200" BasePoint="Beginning"\/><m:Restriction><t:And>/);
		expect(xml).toContain('<t:IsEqualTo><t:FieldURI FieldURI="message:IsRead"/><t:FieldURIOrConstant><t:Constant Value="false"/></t:FieldURIOrConstant></t:IsEqualTo>');
		expect(xml).toContain('<t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="invoice"/></t:Contains>');
		expect(xml).toContain('<m:SortOrder><t:FieldOrder Order="Descending"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:FieldOrder></m:SortOrder><m:ParentFolderIds>');
		expect(await validateBody(xml)).toEqual(valid);
	});

	schemaIt('searches with AQS, schema-valid, and refuses AQS together with a restriction', async () => {
		const base = { folders: [{ distinguished: 'inbox' }], kind: 'Message' as const, shape: { base: 'IdOnly' as const }, page: { offset: 0, size: 10 } };
		const xml = bareBody(buildFindItem({ ...base, queryString: 'subject:invoice AND received:this week' }, 'Exchange2016'));
		expect(xml).toMatch(/<\/m:ParentFolderIds><m:QueryString>subject:invoice AND received:this week<\/m:QueryString><\/m:FindItem>$/);
		expect(await validateBody(xml)).toEqual(valid);
		expect(() => buildFindItem({ ...base, queryString: 'x', restriction: { field: 'isRead', compare: 'IsEqualTo', value: false } }, 'Exchange2016')).toThrow(FindItemError);
		expect(() => buildFindItem({ ...base, page: { offset: 0, size: 1001 } }, 'Exchange2016')).toThrow('1 to 1000 items');
	});

	it('reads a page of mixed kinds in document order and where the next page starts', () => {
		const page = readFindItem(
			soapAnswer(
				'<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
					'<m:RootFolder IndexedPagingOffset="3" TotalItemsInView="7" IncludesLastItemInRange="false"><t:Items>' +
					'<t:Message><t:ItemId Id="a"/></t:Message><t:MeetingRequest><t:ItemId Id="b"/></t:MeetingRequest><t:Message><t:ItemId Id="c"/></t:Message>' +
					'</t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>',
			),
		);
		expect(page.items.map((item) => [item.kind, (item.fields.itemId as { id: string }).id])).toEqual([
			['Message', 'a'],
			['MeetingRequest', 'b'],
			['Message', 'c'],
		]);
		expect(page).toMatchObject({ totalItemsInView: 7, nextOffset: 3 });
	});

	it('has no next page on the last one, and throws the folder\'s error', () => {
		const last = readFindItem(
			soapAnswer(
				'<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
					'<m:RootFolder IndexedPagingOffset="7" TotalItemsInView="7" IncludesLastItemInRange="true"><t:Items><t:Message><t:ItemId Id="g"/></t:Message></t:Items></m:RootFolder>' +
					'</m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>',
			),
		);
		expect(last.nextOffset).toBeUndefined();
		expect(() =>
			readFindItem(
				soapAnswer(
					'<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Error"><m:MessageText>Folder not found</m:MessageText><m:ResponseCode>ErrorFolderNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>',
				),
			),
		).toThrow('ErrorFolderNotFound: Folder not found');
	});
});

describe('FindFolder and GetFolder', () => {
	schemaIt('finds the subtree of Inbox page by page, schema-valid', async () => {
		const request = buildFindFolder({ parent: { distinguished: 'inbox' }, traversal: 'Deep', page: { offset: 0, size: 500 } });
		expect(serialize(request)).toMatch(/^<m:FindFolder Traversal="Deep"><m:FolderShape>.*<m:IndexedPageFolderView MaxEntriesReturned="500" Offset="0" BasePoint="Beginning"\/>/);
		const xml = bareBody(request);
		expect(await validateBody(xml)).toEqual(valid);
	});

	schemaIt('gets folders by distinguished name and by id, schema-valid', async () => {
		const xml = bareBody(buildGetFolders([{ distinguished: 'inbox', mailbox: 'bob@contoso.com' }, { id: 'AAMkFolder=', changeKey: 'AQAAAA' }], 'Default'));
		expect(xml).toContain('<t:FolderId Id="AAMkFolder=" ChangeKey="AQAAAA"/>');
		expect(await validateBody(xml)).toEqual(valid);
	});

	it('reads folders of every kind in document order with counts and parents', () => {
		const page = readFindFolder(
			soapAnswer(
				'<m:FindFolderResponse><m:ResponseMessages><m:FindFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
					'<m:RootFolder IndexedPagingOffset="2" TotalItemsInView="2" IncludesLastItemInRange="true"><t:Folders>' +
					'<t:Folder><t:FolderId Id="f1" ChangeKey="c1"/><t:ParentFolderId Id="inbox"/><t:FolderClass>IPF.Note</t:FolderClass><t:DisplayName>Invoices</t:DisplayName><t:TotalCount>12</t:TotalCount><t:ChildFolderCount>1</t:ChildFolderCount><t:UnreadCount>3</t:UnreadCount></t:Folder>' +
					'<t:CalendarFolder><t:FolderId Id="f2" ChangeKey="c2"/><t:ParentFolderId Id="f1"/><t:DisplayName>Team</t:DisplayName></t:CalendarFolder>' +
					'</t:Folders></m:RootFolder></m:FindFolderResponseMessage></m:ResponseMessages></m:FindFolderResponse>',
			),
		);
		expect(page).toEqual({
			folders: [
				{ kind: 'Folder', id: 'f1', changeKey: 'c1', parentFolderId: 'inbox', displayName: 'Invoices', folderClass: 'IPF.Note', totalCount: 12, childFolderCount: 1, unreadCount: 3 },
				{ kind: 'CalendarFolder', id: 'f2', changeKey: 'c2', parentFolderId: 'f1', displayName: 'Team', folderClass: undefined, totalCount: undefined, childFolderCount: undefined, unreadCount: undefined },
			],
			nextOffset: undefined,
		});
		const answer = soapAnswer(
			'<m:GetFolderResponse><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:Folder><t:FolderId Id="root" ChangeKey="r"/></t:Folder></m:Folders></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>',
		);
		expect(readFolders(answer.messages[0].node).map((folder) => folder.id)).toEqual(['root']);
	});
});

describe('GetAttachment', () => {
	schemaIt('asks for attachments by id with MIME content for attached items, schema-valid', async () => {
		const xml = bareBody(buildGetAttachment(['att1', 'att2']));
		expect(xml).toContain('<m:AttachmentIds><t:AttachmentId Id="att1"/><t:AttachmentId Id="att2"/></m:AttachmentIds>');
		expect(await validateBody(xml)).toEqual(valid);
	});

	it('reads a file attachment\'s bytes, an attached item\'s MIME content and a per-item error, in order', () => {
		const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
		const results = readGetAttachment(
			soapAnswer(
				'<m:GetAttachmentResponse><m:ResponseMessages>' +
					`<m:GetAttachmentResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Attachments><t:FileAttachment><t:AttachmentId Id="att1"/><t:Name>report.pdf</t:Name><t:ContentType>application/pdf</t:ContentType><t:Size>256</t:Size><t:IsInline>false</t:IsInline><t:Content>${bytes.toString('base64')}</t:Content></t:FileAttachment></m:Attachments></m:GetAttachmentResponseMessage>` +
					`<m:GetAttachmentResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Attachments><t:ItemAttachment><t:AttachmentId Id="att2"/><t:Name>Fwd</t:Name><t:IsInline>false</t:IsInline><t:Message><t:MimeContent CharacterSet="UTF-8">${Buffer.from('Subject: Fwd\r\n\r\nhi').toString('base64')}</t:MimeContent></t:Message></t:ItemAttachment></m:Attachments></m:GetAttachmentResponseMessage>` +
					'<m:GetAttachmentResponseMessage ResponseClass="Error"><m:MessageText>not found</m:MessageText><m:ResponseCode>ErrorInvalidAttachmentId</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:GetAttachmentResponseMessage>' +
					'</m:ResponseMessages></m:GetAttachmentResponse>',
			),
		);
		expect(results[0]).toEqual({ value: { kind: 'file', id: 'att1', name: 'report.pdf', contentType: 'application/pdf', size: 256, isInline: false, content: bytes } });
		expect(results[1]).toMatchObject({ value: { kind: 'item', id: 'att2', name: 'Fwd' } });
		expect((results[1] as { value: { content: Buffer } }).value.content.toString()).toBe('Subject: Fwd\r\n\r\nhi');
		expect(() => onlyValue([results[2]])).toThrow('ErrorInvalidAttachmentId: not found');
	});
});

describe('operation facts', () => {
	it('knows the first version of each operation and tells ids from other text', () => {
		expect(supports('Exchange2010_SP2', { name: 'GetItem', since: 'Exchange2007' })).toBe(true);
		expect(supports('Exchange2010_SP2', { name: 'x', since: 'Exchange2013' })).toBe(false);
		expect(looksLikeItemId(ID)).toBe(true);
		expect(looksLikeItemId('Invoice 42')).toBe(false);
		expect(looksLikeItemId('alice@contoso.com')).toBe(false);
	});
});
