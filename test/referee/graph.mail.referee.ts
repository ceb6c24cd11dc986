import { BatchRequestContent, BatchResponseContent, ResponseType } from '@microsoft/microsoft-graph-client';
import { graphId } from '../../sandbox/graph/ids';
import type { StoredMessage } from '../../sandbox/store';
import { sdkError, useGraphReferee } from './helpers/graphSdk';

/**
 * Microsoft's Graph SDK against the sandbox's mail routes, unchanged: every call the node's email, folder and
 * attachment operations make over Graph (the same paths, query options and headers), answered as the SDK
 * expects and acting on the store the EWS endpoint shares.
 */

const BOB = 'bob@contoso.com';
const USER = `/users/${BOB}`;

const { graph, client } = useGraphReferee();

function deliver(subject: string, minute: number, extra: { categories?: string[]; importance?: string; isRead?: boolean } = {}): StoredMessage {
	const [message] = graph.sandbox.store.deliverIncoming({
		from: { address: 'billing@fabrikam.com', name: 'Fabrikam Billing' },
		toRecipients: [{ address: BOB, name: 'Bob' }],
		subject,
		body: { type: 'Text', text: `About ${subject}` },
		receivedAt: new Date(Date.parse('2026-11-02T08:00:00Z') + minute * 60_000),
		...extra,
	});
	return message;
}

const SIMPLIFIED = 'id,changeKey,parentFolderId,subject,receivedDateTime,sentDateTime,categories,importance,hasAttachments,conversationId,webLink,bodyPreview,from,toRecipients,ccRecipients,internetMessageId,isRead';

test('Email → Get Many: a filtered, ordered page of a folder, then the next through @odata.nextLink', async () => {
	for (let minute = 0; minute < 7; minute++) deliver(`Invoice ${minute}`, minute, { categories: ['Invoices'], isRead: minute === 3 });
	deliver('Reminder', 10);

	const filter = "receivedDateTime ge 1900-01-01T00:00:00Z and isRead eq false and contains(subject,'invoice') and categories/any(c:c eq 'Invoices')";
	const first = (await client.api(`${USER}/mailFolders/inbox/messages`).select(SIMPLIFIED).filter(filter).orderby('receivedDateTime desc').top(4).get()) as Record<string, unknown>;
	const firstPage = first.value as Array<Record<string, unknown>>;
	expect(firstPage.map((message) => message.subject)).toEqual(['Invoice 6', 'Invoice 5', 'Invoice 4', 'Invoice 2']);
	expect(Object.keys(firstPage[0]).sort()).toEqual([...SIMPLIFIED.split(','), '@odata.etag', '@odata.type'].sort());

	const second = (await client.api(String(first['@odata.nextLink'])).get()) as Record<string, unknown>;
	expect((second.value as Array<Record<string, unknown>>).map((message) => message.subject)).toEqual(['Invoice 1', 'Invoice 0']);
	expect(second['@odata.nextLink']).toBeUndefined();
});

test('Email → Get Many: $search alone; with $orderby it is refused, and so is an $orderby the filter does not lead with', async () => {
	deliver('Quarterly report', 1);
	deliver('Invoice 1', 2);

	const found = (await client.api(`${USER}/mailFolders/inbox/messages`).search('"subject:quarterly"').select(SIMPLIFIED).top(10).get()) as Record<string, unknown>;
	expect((found.value as Array<Record<string, unknown>>).map((message) => message.subject)).toEqual(['Quarterly report']);

	const withOrder = await sdkError(client.api(`${USER}/mailFolders/inbox/messages`).search('"subject:quarterly"').orderby('receivedDateTime desc').get());
	expect(withOrder.statusCode).toBe(400);
	const inefficient = await sdkError(client.api(`${USER}/mailFolders/inbox/messages`).filter('isRead eq false').orderby('receivedDateTime desc').get());
	expect({ statusCode: inefficient.statusCode, code: inefficient.code }).toEqual({ statusCode: 400, code: 'InefficientFilter' });
});

test('Email → Get: the message with its body as text, its attachments expanded, and its MIME through $value', async () => {
	const message = deliver('With body', 1);
	graph.sandbox.store.addAttachment(message.id, { name: 'a.txt', contentType: 'text/plain', isInline: false, content: Buffer.from('hello') });

	const read = (await client
		.api(`${USER}/messages/${graphId(message.id)}`)
		.header('Prefer', 'outlook.body-content-type="text"')
		.expand('attachments($select=id,name,contentType,size,isInline,lastModifiedDateTime)')
		.get()) as Record<string, unknown>;
	expect(read.body).toEqual({ contentType: 'text', content: 'About With body' });
	expect(read.attachments).toEqual([
		expect.objectContaining({ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', size: 5, isInline: false }),
	]);
	expect((read.attachments as Array<Record<string, unknown>>)[0].contentBytes).toBeUndefined();

	const mime = (await client.api(`${USER}/messages/${graphId(message.id)}/$value`).responseType(ResponseType.TEXT).get()) as string;
	expect(mime).toContain('Subject: With body');

	const missing = await sdkError(client.api(`${USER}/messages/${graphId('not-there')}`).get());
	expect({ statusCode: missing.statusCode, code: missing.code }).toEqual({ statusCode: 404, code: 'ErrorItemNotFound' });
	const malformed = await sdkError(client.api(`${USER}/messages/${message.id.replace(/[+/=]/g, '')}`).get());
	expect({ statusCode: malformed.statusCode, code: malformed.code }).toEqual({ statusCode: 400, code: 'ErrorInvalidIdMalformed' });
});

test('Email writes in one JSON batch: move, copy, PATCH, DELETE, permanentDelete, each answered on its own', async () => {
	const processed = graph.sandbox.store.createFolder(graph.sandbox.store.mailbox(BOB).folder('inbox'), 'Processed');
	const [move, copy, patch, remove, purge] = ['Move', 'Copy', 'Patch', 'Delete', 'Purge'].map((subject, minute) => deliver(subject, minute, { isRead: false }));
	const base = `${graph.sandbox.graphHttpsUrl}/v1.0${USER}/messages`;
	const json = (method: string, url: string, body?: unknown) =>
		new Request(url, { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
	const content = new BatchRequestContent([
		{ id: '1', request: json('POST', `${base}/${graphId(move.id)}/move`, { destinationId: graphId(processed.id) }) },
		{ id: '2', request: json('POST', `${base}/${graphId(copy.id)}/copy`, { destinationId: 'archive' }) },
		{ id: '3', request: json('PATCH', `${base}/${graphId(patch.id)}`, { isRead: true, categories: ['Done'], importance: 'low', flag: { flagStatus: 'flagged' } }) },
		{ id: '4', request: json('DELETE', `${base}/${graphId(remove.id)}`) },
		{ id: '5', request: json('POST', `${base}/${graphId(purge.id)}/permanentDelete`) },
	]);
	const answer = new BatchResponseContent(await client.api('/$batch').post(await content.getContent()));

	expect([1, 2, 3, 4, 5].map((id) => answer.getResponseById(String(id)).status)).toEqual([201, 201, 200, 204, 204]);
	const mailbox = graph.sandbox.store.mailbox(BOB);
	const [moved] = processed.messages();
	expect(await answer.getResponseById('1').json()).toMatchObject({ id: graphId(moved.id), subject: 'Move', parentFolderId: graphId(processed.id) });
	expect(mailbox.folder('archive').messages().map((message) => message.subject)).toEqual(['Copy']);
	expect(graph.sandbox.store.getItem(patch.id)).toMatchObject({ isRead: true, categories: ['Done'], importance: 'Low', flag: { status: 'Flagged' } });
	expect(mailbox.folder('recoverableitemsdeletions').messages().map((message) => message.subject)).toEqual(['Delete']);
	expect(mailbox.folder('recoverableitemspurges').messages().map((message) => message.subject)).toEqual(['Purge']);
});

test('Email → Update with If-Match: a stale change key is refused with 412 and changes nothing', async () => {
	const message = deliver('Contested', 1);
	const stale = message.changeKey;
	graph.sandbox.store.updateItem(message.id, { subject: 'Changed elsewhere' });

	const refused = await sdkError(client.api(`${USER}/messages/${graphId(message.id)}`).header('If-Match', `W/"${stale}"`).patch({ subject: 'Mine' }));
	expect({ statusCode: refused.statusCode, code: refused.code }).toEqual({ statusCode: 412, code: 'ErrorIrresolvableConflict' });
	expect(graph.sandbox.store.getItem(message.id).subject).toBe('Changed elsewhere');

	const current = graph.sandbox.store.getItem(message.id).changeKey;
	const updated = (await client.api(`${USER}/messages/${graphId(message.id)}`).header('If-Match', `W/"${current}"`).patch({ subject: 'Mine' })) as Record<string, unknown>;
	expect(updated.subject).toBe('Mine');
});

test('Folders: a well-known folder, childFolders by display name, a new child, its name again refused', async () => {
	const inbox = graph.sandbox.store.mailbox(BOB).folder('inbox');
	graph.sandbox.store.createFolder(inbox, 'Customers');

	const top = (await client.api(`${USER}/mailFolders/msgfolderroot`).select('id,displayName,parentFolderId').get()) as Record<string, unknown>;
	expect(top.displayName).toBe('Top of Information Store');
	const found = (await client.api(`${USER}/mailFolders/${graphId(inbox.id)}/childFolders`).filter("displayName eq 'customers'").select('id,displayName,parentFolderId').get()) as Record<string, unknown>;
	expect((found.value as Array<Record<string, unknown>>).map((folder) => folder.displayName)).toEqual(['Customers']);

	const created = (await client.api(`${USER}/mailFolders/inbox/childFolders`).post({ displayName: 'Processed' })) as Record<string, unknown>;
	expect(created).toMatchObject({ displayName: 'Processed', parentFolderId: graphId(inbox.id), totalItemCount: 0, childFolderCount: 0 });
	expect(inbox.children.map((folder) => folder.displayName)).toEqual(['Customers', 'Processed']);

	const listed = (await client.api(`${USER}/mailFolders/inbox/childFolders`).select('id,displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount').top(1).get()) as Record<string, unknown>;
	expect((listed.value as unknown[]).length).toBe(1);
	expect(typeof listed['@odata.nextLink']).toBe('string');

	const again = await sdkError(client.api(`${USER}/mailFolders/inbox/childFolders`).post({ displayName: 'processed' }));
	expect({ statusCode: again.statusCode, code: again.code }).toEqual({ statusCode: 409, code: 'ErrorFolderExists' });
});

test('Attachments: the list without content, one with contentBytes, and raw content through $value', async () => {
	const message = deliver('Attachments', 1);
	const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
	const file = graph.sandbox.store.addAttachment(message.id, { name: 'data.bin', contentType: 'application/octet-stream', isInline: false, content: bytes });
	const mime = Buffer.from('From: a@fabrikam.com\r\nSubject: Inner\r\n\r\nInner body\r\n');
	const item = graph.sandbox.store.addAttachment(message.id, { name: 'Inner', isInline: false, content: mime, attachedItem: { itemClass: 'IPM.Note', subject: 'Inner' } });
	const path = `${USER}/messages/${graphId(message.id)}/attachments`;

	const listed = (await client.api(path).select('id,name,contentType,size,isInline,lastModifiedDateTime').get()) as Record<string, unknown>;
	expect((listed.value as Array<Record<string, unknown>>).map((entry) => [entry['@odata.type'], entry.name, entry.contentBytes])).toEqual([
		['#microsoft.graph.fileAttachment', 'data.bin', undefined],
		['#microsoft.graph.itemAttachment', 'Inner', undefined],
	]);

	const one = (await client.api(`${path}/${graphId(file.id)}`).get()) as Record<string, unknown>;
	expect(Buffer.from(String(one.contentBytes), 'base64')).toEqual(bytes);

	const raw = (await client.api(`${path}/${graphId(file.id)}/$value`).responseType(ResponseType.ARRAYBUFFER).get()) as ArrayBuffer;
	expect(Buffer.from(raw)).toEqual(bytes);
	const itemMime = (await client.api(`${path}/${graphId(item.id)}/$value`).responseType(ResponseType.TEXT).get()) as string;
	expect(itemMime).toBe(mime.toString('utf8'));
});
