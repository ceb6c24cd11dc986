/**
 * Draft → Create and Draft → Send over Microsoft Graph: drafts in the mailbox's Drafts with Graph's ids,
 * large files through upload sessions, sending with or without a Sent Items copy; checked in the store.
 */
import { randomBytes } from 'node:crypto';
import type { INodeParameters } from 'n8n-workflow';

import { graphId } from '../../sandbox/graph/ids';
import { NODE_NAME, binaryItem } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';

const env = useGraphSandbox();

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';

const folder = (mailbox: string, name: 'inbox' | 'drafts' | 'sentitems') => env.sandbox.store.mailbox(mailbox).folder(name).messages();

function createParameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'draft', operation: 'create', mailbox: ALICE, to: BOB, subject: 'Draft over Graph', body: 'Later', ...extra };
}

function sendParameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'draft', operation: 'send', mailbox: ALICE, messageId: '={{ $json.id }}', ...extra };
}

describe('Draft → Create and Send over Microsoft Graph', () => {
	it('creates a draft with the same output fields as over EWS, then sends it', async () => {
		const overEws = await env.runEws({ parameters: createParameters() });
		expect(overEws.error).toBeUndefined();
		env.sandbox.store.reset();

		const created = await env.run({ parameters: createParameters({ options: { cc: 'carol@contoso.com' } }) });

		expect(created.error).toBeUndefined();
		const [draft] = folder(ALICE, 'drafts');
		expect(draft).toMatchObject({ subject: 'Draft over Graph', isDraft: true, body: { type: 'Text', text: 'Later' } });
		const output = created.outputOf(NODE_NAME)[0].json;
		expect(output).toEqual({ id: graphId(draft.id), changeKey: draft.changeKey, mailbox: ALICE, to: [BOB], cc: ['carol@contoso.com'], bcc: [], subject: 'Draft over Graph' });
		expect(Object.keys(output).sort()).toEqual(Object.keys(overEws.outputOf(NODE_NAME)[0].json).sort());
		expect(env.sandbox.store.deliveries).toHaveLength(0);

		const sent = await env.run({ parameters: sendParameters(), items: [{ json: output }] });

		expect(sent.error).toBeUndefined();
		expect(sent.outputOf(NODE_NAME)[0].json).toEqual({ draftId: graphId(draft.id), sent: true, mailbox: ALICE, savedToSentItems: true });
		expect(folder(ALICE, 'drafts')).toHaveLength(0);
		expect(folder(ALICE, 'sentitems').map((m) => m.subject)).toEqual(['Draft over Graph']);
		expect(folder(BOB, 'inbox').map((m) => m.subject)).toEqual(['Draft over Graph']);
		expect(env.sandbox.store.deliveries.map((d) => d.recipient).sort()).toEqual([BOB, 'carol@contoso.com']);
	});

	it('sends drafts of many items in one JSON batch', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ json: { n: i } }));
		const created = await env.run({ parameters: createParameters({ subject: '={{ "Draft " + $json.n }}' }), items });
		expect(created.error).toBeUndefined();

		const sent = await env.run({ parameters: sendParameters(), items: created.outputOf(NODE_NAME).map((item) => ({ json: item.json })) });

		expect(sent.error).toBeUndefined();
		expect(folder(BOB, 'inbox').map((m) => m.subject).sort()).toEqual(['Draft 0', 'Draft 1', 'Draft 2', 'Draft 3', 'Draft 4']);
		expect(env.sandbox.requests.filter((r) => r.api === 'graph' && r.path.endsWith('/$batch'))).toHaveLength(2);
	});

	it('keeps no Sent Items copy with Save to Sent Items off (PidTagDeleteAfterSubmit on the draft)', async () => {
		const created = await env.run({ parameters: createParameters() });
		const sent = await env.run({ parameters: sendParameters({ options: { saveToSentItems: false } }), items: [{ json: created.outputOf(NODE_NAME)[0].json }] });

		expect(sent.error).toBeUndefined();
		expect(sent.outputOf(NODE_NAME)[0].json).toMatchObject({ sent: true, savedToSentItems: false });
		expect(folder(ALICE, 'sentitems')).toHaveLength(0);
		expect(folder(ALICE, 'drafts')).toHaveLength(0);
		expect(folder(BOB, 'inbox')).toHaveLength(1);
	});

	it('creates a draft with a 4 MB file through an upload session and outputs its current change key', async () => {
		const big = randomBytes(4 * 1024 * 1024);
		const item = await binaryItem({}, { big: { fileName: 'big.bin', mimeType: 'application/octet-stream', content: big } });

		const created = await env.run({ parameters: createParameters({ options: { attachments: 'big' } }), items: [item] });

		expect(created.error).toBeUndefined();
		const [draft] = folder(ALICE, 'drafts');
		expect(draft.attachments).toHaveLength(1);
		expect(draft.attachments[0].content.equals(big)).toBe(true);
		expect(created.outputOf(NODE_NAME)[0].json).toMatchObject({ id: graphId(draft.id), changeKey: draft.changeKey });
		expect(env.sandbox.requests.filter((r) => r.api === 'graph' && r.method === 'PUT')).toHaveLength(2);
	});

	it('names the draft Graph does not find', async () => {
		const run = await env.run({ parameters: sendParameters({ messageId: graphId('not-there-at-all-0000') }) });

		expect(run.error?.message).toMatch(/ErrorItemNotFound|not found/);
		expect(run.error?.message).toContain('"Message ID"');
	});
});
