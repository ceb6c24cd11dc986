import { randomBytes } from 'node:crypto';
import { BatchRequestContent, BatchResponseContent, LargeFileUploadTask, ResponseType } from '@microsoft/microsoft-graph-client';
import { UPLOAD_RANGE_BYTES } from '../../nodes/Exchange/actions/graphAttachments';
import { SEND_MARKER_PROPERTY, DELETE_AFTER_SUBMIT_PROPERTY } from '../../nodes/Exchange/actions/graphSendMarker';
import { graphId } from '../../sandbox/graph/ids';
import type { StoredMessage } from '../../sandbox/store';
import { useGraphReferee } from './helpers/graphSdk';

/**
 * Microsoft's Graph SDK against the sandbox's mail-sending routes, unchanged, making each call the node's
 * Send, Reply, Reply All, Forward and Draft operations make over Graph: sendMail with the x-n8n-send-id marker
 * and files, the marker's lookup in Sent Items, JSON batches of sends, drafts with attachments and an upload
 * session (created with the SDK's LargeFileUploadTask, ranges of the node's size), send, PATCH of recipients and
 * PidTagDeleteAfterSubmit, createReply / createReplyAll / createForward and the reply / forward actions.
 */

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const users = (path: string) => `/users/${ALICE}${path}`;

const { graph, client } = useGraphReferee();

const folder = (mailbox: string, name: 'inbox' | 'drafts' | 'sentitems'): StoredMessage[] => graph.sandbox.store.mailbox(mailbox).folder(name).messages();
const recipient = (address: string) => ({ emailAddress: { address } });

test('sendMail with a marker and a file, then the marker found in Sent Items with $filter', async () => {
	const marker = '6a9f3c1e-2b4d-4e8f-9a0b-1c2d3e4f5a6b';
	const content = randomBytes(2000);
	await client.api(users('/sendMail')).post({
		message: {
			subject: 'Through the SDK',
			body: { contentType: 'html', content: '<p>Hi</p>' },
			toRecipients: [recipient(BOB)],
			importance: 'high',
			attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.bin', contentType: 'application/octet-stream', contentBytes: content.toString('base64') }],
			singleValueExtendedProperties: [{ id: SEND_MARKER_PROPERTY, value: marker }],
		},
		saveToSentItems: true,
	});
	expect(graph.sandbox.requests.at(-1)).toMatchObject({ api: 'graph', status: 202 });
	expect(folder(BOB, 'inbox')[0].attachments[0].content.equals(content)).toBe(true);

	const found = (await client
		.api(users('/mailFolders/sentitems/messages'))
		.filter(`singleValueExtendedProperties/Any(ep: ep/id eq '${SEND_MARKER_PROPERTY}' and ep/value eq '${marker}')`)
		.select('id,internetMessageId,sentDateTime')
		.top(1)
		.get()) as { value: Array<Record<string, unknown>> };
	expect(found.value).toHaveLength(1);
	expect(found.value[0].internetMessageId).toBe(folder(ALICE, 'sentitems')[0].internetMessageId);

	const none = (await client
		.api(users('/mailFolders/sentitems/messages'))
		.filter(`singleValueExtendedProperties/Any(ep: ep/id eq '${SEND_MARKER_PROPERTY}' and ep/value eq 'other')`)
		.get()) as { value: unknown[] };
	expect(none.value).toEqual([]);
});

test('sendMail parts in one JSON batch', async () => {
	const batch = new BatchRequestContent(
		Array.from({ length: 3 }, (_, i) => ({
			id: String(i + 1),
			request: new Request(`https://graph.invalid/v1.0${users('/sendMail')}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ message: { subject: `Batch ${i}`, toRecipients: [recipient(BOB)] }, saveToSentItems: true }),
			}),
		})),
	);
	const answer = new BatchResponseContent(await client.api('/$batch').post(await batch.getContent()));
	expect([1, 2, 3].map((id) => answer.getResponseById(String(id)).status)).toEqual([202, 202, 202]);
	expect(folder(BOB, 'inbox').map((m) => m.subject).sort()).toEqual(['Batch 0', 'Batch 1', 'Batch 2']);
});

test('a draft with a file, a large file through an upload session, then send without a Sent Items copy', async () => {
	const draft = (await client.api(users('/messages')).post({
		subject: 'Large',
		toRecipients: [recipient(BOB)],
		singleValueExtendedProperties: [{ id: DELETE_AFTER_SUBMIT_PROPERTY, value: 'true' }],
	})) as { id: string; changeKey: string };
	expect(folder(ALICE, 'drafts')).toHaveLength(1);
	const small = randomBytes(500);
	const attachment = (await client
		.api(users(`/messages/${draft.id}/attachments`))
		.post({ '@odata.type': '#microsoft.graph.fileAttachment', name: 'small.bin', contentBytes: small.toString('base64') })) as Record<string, unknown>;
	expect(attachment).toMatchObject({ name: 'small.bin', size: 500 });

	const big = randomBytes(5 * 1024 * 1024);
	const session = await LargeFileUploadTask.createUploadSession(client, users(`/messages/${draft.id}/attachments/createUploadSession`), {
		AttachmentItem: { attachmentType: 'file', name: 'big.bin', size: big.length, contentType: 'application/octet-stream' },
	});
	// The ranges as the node sends them. (The SDK's LargeFileUploadTask sets Content-Length by hand, which the
	// undici Agent this referee's client needs for the sandbox's CA refuses: "invalid content-length header".)
	const statuses: number[] = [];
	let location: string | null = null;
	for (let start = 0; start < big.length; ) {
		const end = Math.min(start + UPLOAD_RANGE_BYTES, big.length) - 1;
		const answer = (await client
			.api(session.url)
			.headers({ 'Content-Range': `bytes ${start}-${end}/${big.length}`, 'Content-Type': 'application/octet-stream' })
			.responseType(ResponseType.RAW)
			.put(big.subarray(start, end + 1))) as Response;
		statuses.push(answer.status);
		location = answer.headers.get('location');
		if (answer.status === 201) break;
		start = Number.parseInt(((await answer.json()) as { nextExpectedRanges: string[] }).nextExpectedRanges[0], 10);
	}
	expect(statuses).toEqual([200, 201]);
	expect(location).toMatch(/Attachments\('/);

	const [stored] = folder(ALICE, 'drafts');
	expect(stored.attachments.map((a) => a.name)).toEqual(['small.bin', 'big.bin']);
	expect(stored.attachments[1].content.equals(big)).toBe(true);

	await client.api(users(`/messages/${draft.id}/send`)).post({});
	expect(folder(ALICE, 'drafts')).toHaveLength(0);
	expect(folder(ALICE, 'sentitems')).toHaveLength(0);
	expect(folder(BOB, 'inbox')[0].attachments.map((a) => a.name)).toEqual(['small.bin', 'big.bin']);
});

test('an upload range out of order is refused with 416', async () => {
	const draft = (await client.api(users('/messages')).post({ subject: 'Ranges', toRecipients: [recipient(BOB)] })) as { id: string };
	const session = (await client
		.api(users(`/messages/${draft.id}/attachments/createUploadSession`))
		.post({ AttachmentItem: { attachmentType: 'file', name: 'x.bin', size: 4_000_000 } })) as { uploadUrl: string; nextExpectedRanges: string[] };
	expect(session.nextExpectedRanges).toEqual(['0-']);
	const error = await client
		.api(session.uploadUrl)
		.headers({ 'Content-Range': 'bytes 1000-1999/4000000', 'Content-Type': 'application/octet-stream' })
		.put(new Uint8Array(1000))
		.then(
			() => undefined,
			(failure: { statusCode: number }) => failure,
		);
	expect(error?.statusCode).toBe(416);
});

test('createReplyAll, PATCH of recipients, send; reply and forward actions; createForward', async () => {
	const [original] = graph.sandbox.store.deliverIncoming({
		from: { address: BOB },
		toRecipients: [{ address: ALICE }],
		ccRecipients: [{ address: CAROL }],
		subject: 'Numbers',
		body: { type: 'Text', text: 'Here.' },
	});
	const id = graphId(original.id);

	const draft = (await client.api(users(`/messages/${id}/createReplyAll`)).post({ comment: 'All of you', message: { singleValueExtendedProperties: [{ id: SEND_MARKER_PROPERTY, value: 'm1' }] } })) as {
		id: string;
		toRecipients: unknown[];
		ccRecipients: unknown[];
	};
	expect(draft.toRecipients).toEqual([{ emailAddress: { address: BOB, name: BOB } }]);
	const patched = (await client.api(users(`/messages/${draft.id}`)).patch({ toRecipients: [...draft.toRecipients, recipient('svc-n8n@contoso.com')] })) as { toRecipients: unknown[] };
	expect(patched.toRecipients).toHaveLength(2);
	await client.api(users(`/messages/${draft.id}/send`)).post({});
	expect(folder(ALICE, 'sentitems').map((m) => m.subject)).toEqual(['RE: Numbers']);

	await client.api(users(`/messages/${id}/reply`)).post({ comment: 'Thanks', message: { singleValueExtendedProperties: [{ id: SEND_MARKER_PROPERTY, value: 'm2' }] } });
	await client.api(users(`/messages/${id}/forward`)).post({ comment: 'FYI', message: { toRecipients: [recipient(CAROL)] } });
	const forward = (await client.api(users(`/messages/${id}/createForward`)).post({ comment: 'Later' })) as { subject: string; isDraft: boolean };
	expect(forward).toMatchObject({ subject: 'FW: Numbers', isDraft: true });
	expect(folder(BOB, 'inbox').map((m) => m.subject).sort()).toEqual(['RE: Numbers', 'RE: Numbers']);
	expect(folder(CAROL, 'inbox').map((m) => m.subject).sort()).toEqual(['FW: Numbers', 'Numbers', 'RE: Numbers']);
});
