/**
 * Email → Reply, Reply All and Forward over Microsoft Graph: the same parameters and outcome as over EWS
 * (RE: / FW:, the node's text above the quoted original, added recipients, attachments, drafts), each
 * checked in the sandbox's store, and a reply whose answer was lost found by its marker instead of resent.
 */
import { randomBytes } from 'node:crypto';
import type { INodeParameters } from 'n8n-workflow';

import { graphId } from '../../sandbox/graph/ids';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, binaryItem } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';

const env = useGraphSandbox();

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const SVC = 'svc-n8n@contoso.com';

/** A message from Alice to Bob, Cc Carol, as Bob's Inbox holds it. */
function received(attachments: Array<{ name: string; content: Buffer }> = []): StoredMessage {
	const [copy] = env.sandbox.store.deliverIncoming({
		from: { address: ALICE, name: 'Alice Anders' },
		toRecipients: [{ address: BOB }],
		ccRecipients: [{ address: CAROL }],
		subject: 'Quarterly numbers',
		body: { type: 'Text', text: 'The numbers are in.' },
		attachments: attachments.map((a) => ({ ...a, contentType: 'application/pdf', isInline: false })),
	});
	return copy;
}

const folder = (mailbox: string, name: 'inbox' | 'drafts' | 'sentitems') => env.sandbox.store.mailbox(mailbox).folder(name).messages();
const answersIn = (mailbox: string) => folder(mailbox, 'inbox').filter((m) => /^(RE|FW): /.test(m.subject ?? ''));
const graphRequests = (path: string, method = 'POST') =>
	env.sandbox.requests.filter((request) => request.api === 'graph' && request.method === method && request.path.includes(path));

function parameters(operation: string, extra: INodeParameters = {}): INodeParameters {
	return { resource: 'email', operation, mailbox: BOB, messageId: '={{ $json.id }}', ...extra };
}

describe('Email → Reply, Reply All and Forward over Microsoft Graph', () => {
	it('replies as EWS does: RE:, the text above the quoted original, a copy in Sent Items (parity)', async () => {
		const ewsOriginal = received();
		const overEws = await env.runEws({ parameters: parameters('reply', { body: 'Thanks, got it.' }), items: [{ json: { id: ewsOriginal.id } }] });
		expect(overEws.error).toBeUndefined();
		const [ewsReply] = answersIn(ALICE);
		env.sandbox.store.reset();

		const original = received();
		const run = await env.run({ parameters: parameters('reply', { body: 'Thanks, got it.' }), items: [{ json: { id: graphId(original.id) } }] });

		expect(run.error).toBeUndefined();
		const [reply] = answersIn(ALICE);
		expect(reply).toMatchObject({ subject: 'RE: Quarterly numbers', from: { address: BOB }, inReplyTo: original.internetMessageId });
		expect(reply.toRecipients.map((a) => a.address)).toEqual([ALICE]);
		expect(reply.body).toEqual(ewsReply.body);
		expect(reply.body?.text).toMatch(/^Thanks, got it\.\r\n[\s\S]*The numbers are in\.$/);
		expect(folder(BOB, 'sentitems')).toHaveLength(1);
		expect(env.sandbox.store.deliveries).toHaveLength(1);
		expect(graphRequests(`/messages/${graphId(original.id)}/reply`)).toHaveLength(1);
		const output = run.outputOf(NODE_NAME)[0].json;
		expect(output).toEqual({ id: null, changeKey: null, sent: true, mailbox: BOB, originalId: graphId(original.id), to: [], cc: [], bcc: [], attachments: [] });
		expect(Object.keys(output).sort()).toEqual(Object.keys(overEws.outputOf(NODE_NAME)[0].json).sort());
	});

	it('adds To and CC to the recipients Reply All computes (createReplyAll, PATCH, send)', async () => {
		const original = received();

		const run = await env.run({
			parameters: parameters('replyAll', { body: 'Adding Svc.', options: { to: SVC, cc: ALICE } }),
			items: [{ json: { id: graphId(original.id) } }],
		});

		expect(run.error).toBeUndefined();
		const [sent] = folder(BOB, 'sentitems');
		expect(sent.subject).toBe('RE: Quarterly numbers');
		expect(sent.toRecipients.map((a) => a.address)).toEqual([ALICE, SVC]);
		// As over EWS, an added address stays on the line it was added to, and gets one copy.
		expect(sent.ccRecipients.map((a) => a.address)).toEqual([CAROL, ALICE]);
		expect(env.sandbox.store.deliveries.map((d) => d.recipient).sort()).toEqual([ALICE, CAROL, SVC]);
		expect(folder(BOB, 'drafts')).toHaveLength(0);
		expect(graphRequests('/createReplyAll')).toHaveLength(1);
		expect(graphRequests('/messages/', 'PATCH')).toHaveLength(1);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ sent: true, to: [SVC], cc: [ALICE] });
	});

	it('forwards with the original\'s attachments and new ones, the large one through an upload session', async () => {
		const pdf = randomBytes(50_000);
		const original = received([{ name: 'Q3.pdf', content: pdf }]);
		const big = randomBytes(3_500_000);
		const item = await binaryItem({ id: graphId(original.id) }, { big: { fileName: 'Big.bin', mimeType: 'application/octet-stream', content: big } });

		const run = await env.run({ parameters: parameters('forward', { to: CAROL, body: 'FYI', options: { attachments: 'big', bcc: SVC } }), items: [item] });

		expect(run.error).toBeUndefined();
		const [forwarded] = answersIn(CAROL);
		expect(forwarded.subject).toBe('FW: Quarterly numbers');
		expect(forwarded.attachments.map((a) => a.name)).toEqual(['Q3.pdf', 'Big.bin']);
		expect(forwarded.attachments[0].content.equals(pdf)).toBe(true);
		expect(forwarded.attachments[1].content.equals(big)).toBe(true);
		expect(env.sandbox.store.deliveries.map((d) => d.recipient).sort()).toEqual([CAROL, SVC]);
		expect(graphRequests('/createForward')).toHaveLength(1);
		expect(graphRequests('/attachments/createUploadSession')).toHaveLength(1);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ id: null, sent: true, to: [CAROL], bcc: [SVC], attachments: ['Big.bin'] });
	});

	it('saves a reply as a draft and outputs its Graph id and current change key', async () => {
		const original = received();
		const item = await binaryItem({ id: graphId(original.id) }, { file: { fileName: 'a.txt', mimeType: 'text/plain', content: Buffer.from('attached') } });

		const run = await env.run({ parameters: parameters('reply', { body: 'Draft text', options: { saveAsDraft: true, attachments: 'file' } }), items: [item] });

		expect(run.error).toBeUndefined();
		const [draft] = folder(BOB, 'drafts');
		expect(draft).toMatchObject({ subject: 'RE: Quarterly numbers', isDraft: true });
		expect(draft.attachments.map((a) => a.name)).toEqual(['a.txt']);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ id: graphId(draft.id), changeKey: draft.changeKey, sent: false });
		expect(env.sandbox.store.deliveries).toHaveLength(0);
	});

	it('finds a reply whose answer was lost (processed, then 504) by its marker, and sends it once', async () => {
		const original = received();
		env.sandbox.graphFaults.push({ kind: 'status', status: 504, processed: true, path: '/reply' });

		const run = await env.run({ parameters: parameters('reply', { body: 'Once' }), items: [{ json: { id: graphId(original.id) } }] });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME)[0].json.note).toMatch(/found in Sent Items/);
		expect(answersIn(ALICE)).toHaveLength(1);
		expect(graphRequests('/reply')).toHaveLength(1);
	});

	it('names the Message ID Graph does not find', async () => {
		const original = received();
		env.sandbox.store.deleteItem(original.id, 'HardDelete');

		const run = await env.run({ parameters: parameters('reply', { body: 'x' }), items: [{ json: { id: graphId(original.id) } }] });

		expect(run.error?.message).toContain(`"Message ID" ${graphId(original.id)} in ${BOB}`);
		expect(env.sandbox.store.deliveries).toHaveLength(0);
	});
});
