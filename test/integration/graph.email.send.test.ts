import { randomBytes } from 'node:crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { LOOKUP_PAUSES_MS, SEND_MARKER_PROPERTY } from '../../nodes/Exchange/actions/graphSendMarker';
import type { StoredMessage } from '../../sandbox/store';
import { NODE_NAME, binaryItem } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';

const env = useGraphSandbox();

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const SVC = 'svc-n8n@contoso.com';
const INVOICES = 'invoices@contoso.com';

function sendParameters(parameters: INodeParameters = {}): INodeParameters {
	return { resource: 'email', operation: 'send', mailbox: ALICE, to: BOB, subject: 'Over Graph', body: 'Hello', ...parameters };
}

function folder(mailbox: string, name: 'inbox' | 'sentitems' | 'drafts'): StoredMessage[] {
	return env.sandbox.store.mailbox(mailbox).folder(name).messages();
}

function graphRequests(path: string, method = 'POST') {
	return env.sandbox.requests.filter((request) => request.api === 'graph' && request.method === method && request.path.includes(path));
}

/** What a recipient's mailbox holds, in a form both APIs must give alike. */
function received(mailbox: string) {
	return folder(mailbox, 'inbox').map((message) => ({
		subject: message.subject,
		body: message.body,
		from: message.from?.address,
		to: message.toRecipients.map((r) => r.address),
		cc: message.ccRecipients.map((r) => r.address),
		importance: message.importance ?? 'Normal',
		attachments: message.attachments.map((a) => ({ name: a.name, contentType: a.contentType, content: a.content.toString('base64') })),
	}));
}

async function withFiles(files: Record<string, Buffer>): Promise<INodeExecutionData> {
	return await binaryItem(
		{},
		Object.fromEntries(Object.entries(files).map(([name, content]) => [name, { fileName: `${name}.bin`, mimeType: 'application/octet-stream', content }])),
	);
}

describe('Email → Send over Microsoft Graph', () => {
	it('sends with sendMail, keeps a marked copy in Sent Items and gives the EWS output fields', async () => {
		const run = await env.run({ parameters: sendParameters({ options: { cc: CAROL, importance: 'high' } }) });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
			{ mailbox: ALICE, to: [BOB], cc: [CAROL], bcc: [], subject: 'Over Graph', savedToSentItems: true },
		]);
		const [sent] = folder(ALICE, 'sentitems');
		expect(sent.subject).toBe('Over Graph');
		expect(sent.importance).toBe('High');
		expect(sent.extendedProperties).toEqual([{ id: SEND_MARKER_PROPERTY, value: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
		expect(env.sandbox.store.deliveriesOf(sent.internetMessageId).map((d) => d.recipient).sort()).toEqual([BOB, CAROL]);
		expect(graphRequests('/sendMail')).toHaveLength(1);
	});

	it('sends from the signed-in user\'s own mailbox (/me) with a delegated token', async () => {
		const accessToken = env.delegatedToken(SVC, ['Mail.Send', 'Mail.ReadWrite']);

		const run = await env.run({ parameters: sendParameters({ mailbox: '' }), credential: { accessToken } });

		expect(run.error).toBeUndefined();
		expect(graphRequests('/me/sendMail')).toHaveLength(1);
		expect(folder(SVC, 'sentitems').map((m) => m.from)).toEqual([undefined]);
		expect(folder(BOB, 'inbox').map((m) => m.sender.address)).toEqual([SVC]);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ mailbox: null, to: [BOB] });
	});

	it('sends on behalf of a shared mailbox with a delegated token (From set, copy in its Sent Items)', async () => {
		const accessToken = env.delegatedToken(SVC, ['Mail.Send.Shared', 'Mail.ReadWrite.Shared']);

		const run = await env.run({ parameters: sendParameters({ mailbox: INVOICES }), credential: { accessToken } });

		expect(run.error).toBeUndefined();
		const [sent] = folder(INVOICES, 'sentitems');
		expect(sent.from?.address).toBe(INVOICES);
		expect(folder(BOB, 'inbox').map((m) => m.from?.address)).toEqual([INVOICES]);
		expect(JSON.parse(graphRequests('/sendMail')[0].body).message.from).toEqual({ emailAddress: { address: INVOICES } });
	});

	it('delivers what the same Send with attachments delivers over EWS (parity)', async () => {
		const files = { report: randomBytes(40_000), notes: Buffer.from('line 1\r\nline 2\r\n') };
		const parameters = sendParameters({
			to: `${BOB}, Carol <${CAROL}>`,
			subject: 'Parity',
			bodyType: 'html',
			body: '<p>Quarterly <b>report</b></p>',
			options: { attachments: 'report, notes', importance: 'low', replyTo: 'help@contoso.com' },
		});

		const overEws = await env.runEws({ parameters, items: [await withFiles(files)] });
		expect(overEws.error).toBeUndefined();
		const ewsBob = received(BOB);
		const ewsCarol = received(CAROL);
		const ewsOutput = overEws.outputOf(NODE_NAME)[0].json;
		env.sandbox.store.reset();

		const overGraph = await env.run({ parameters, items: [await withFiles(files)] });
		expect(overGraph.error).toBeUndefined();
		expect(received(BOB)).toEqual(ewsBob);
		expect(received(CAROL)).toEqual(ewsCarol);
		expect(ewsBob[0].attachments.map((a) => a.name)).toEqual(['report.bin', 'notes.bin']);
		expect(Buffer.from(ewsBob[0].attachments[0].content, 'base64').equals(files.report)).toBe(true);
		expect(folder(ALICE, 'sentitems')[0].replyTo).toEqual([{ address: 'help@contoso.com' }]);
		expect(overGraph.outputOf(NODE_NAME)[0].json).toEqual(ewsOutput);
	});

	it('refuses bad input before anything is sent, naming the field and item, and sends the other items', async () => {
		const items = [{ json: { to: BOB } }, { json: { to: 'not an address' } }, { json: { to: CAROL } }];

		const run = await env.run({ parameters: sendParameters({ to: '={{ $json.to }}', options: { attachments: '={{ $itemIndex === 2 ? "missing" : "" }}' } }), items, settings: { onError: 'continueRegularOutput' } });

		expect(run.error).toBeUndefined();
		const output = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(output[0]).toMatchObject({ to: [BOB] });
		expect(output[1].error).toMatch(/"To".*\[item 1\]/);
		expect(output[2].error).toMatch(/"Attachments" names the binary property "missing".*\[item 2\]/);
		expect(env.sandbox.store.deliveries.map((d) => d.recipient)).toEqual([BOB]);
	});

	it('sends 300 items in JSON batches of 20, each delivered exactly once', async () => {
		const items = Array.from({ length: 300 }, (_, i) => ({ json: { n: i } }));
		const run = await env.run({ parameters: sendParameters({ subject: '={{ "Batch " + $json.n }}' }), items });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME)).toHaveLength(300);
		expect(run.outputOf(NODE_NAME).map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		const subjects = folder(BOB, 'inbox').map((m) => m.subject);
		expect(new Set(subjects).size).toBe(300);
		expect(subjects).toHaveLength(300);
		expect(env.sandbox.store.deliveries).toHaveLength(300);
		const batches = graphRequests('/$batch');
		expect(batches).toHaveLength(15);
		expect(env.sandbox.requests.filter((r) => r.api === 'graph' && r.batchPartId !== undefined && r.path.endsWith('/sendMail'))).toHaveLength(300);
	});

	it('sends a 5 MB attachment through a draft and an upload session', async () => {
		const big = randomBytes(5 * 1024 * 1024);
		const small = randomBytes(1000);
		const run = await env.run({ parameters: sendParameters({ options: { attachments: 'big, small' } }), items: [await withFiles({ big, small })] });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ mailbox: ALICE, to: [BOB], savedToSentItems: true });
		const [delivered] = folder(BOB, 'inbox');
		expect(delivered.attachments.map((a) => a.name).sort()).toEqual(['big.bin', 'small.bin']);
		expect(delivered.attachments.find((a) => a.name === 'big.bin')?.content.equals(big)).toBe(true);
		expect(delivered.attachments.find((a) => a.name === 'small.bin')?.content.equals(small)).toBe(true);
		expect(folder(ALICE, 'drafts')).toHaveLength(0);
		expect(folder(ALICE, 'sentitems')).toHaveLength(1);
		expect(graphRequests('/sendMail')).toHaveLength(0);
		expect(graphRequests('/attachments/createUploadSession')).toHaveLength(1);
		const ranges = env.sandbox.requests.filter((r) => r.api === 'graph' && r.method === 'PUT');
		// 12 × 320 KiB per range: 5 MiB in two ranges, the upload URL reached without the Graph token.
		expect(ranges.map((r) => r.headers['content-range'])).toEqual([`bytes 0-3932159/${big.length}`, `bytes 3932160-${big.length - 1}/${big.length}`]);
		expect(ranges.every((r) => r.authorizationScheme === undefined)).toBe(true);
		expect(env.sandbox.store.deliveries).toHaveLength(1);
	});

	it('finds a send whose answer was lost (processed, then 504) in Sent Items by its marker, and sends nothing twice', async () => {
		env.sandbox.graphFaults.push({ kind: 'status', status: 504, processed: true, path: '/sendMail' });

		const run = await env.run({ parameters: sendParameters({ subject: 'Lost answer' }) });

		expect(run.error).toBeUndefined();
		const [output] = run.outputOf(NODE_NAME);
		expect(output.json).toMatchObject({ mailbox: ALICE, to: [BOB], subject: 'Lost answer', savedToSentItems: true });
		expect(output.json.note).toMatch(/found in Sent Items/);
		expect(folder(BOB, 'inbox')).toHaveLength(1);
		expect(env.sandbox.store.deliveries).toHaveLength(1);
		expect(graphRequests('/sendMail')).toHaveLength(1);
		expect(graphRequests('/mailFolders/sentitems/messages', 'GET')).toHaveLength(1);
	});

	it('reports "Outcome unknown" and sends nothing again when the marker is not in Sent Items after the wait', async () => {
		// A gateway timeout before Exchange took the message: the node cannot tell, looks, finds nothing.
		env.sandbox.graphFaults.push({ kind: 'status', status: 504, path: '/sendMail' });

		const run = await env.run({ parameters: sendParameters({ subject: 'Never sent' }) });

		expect(run.error?.message).toMatch(/Outcome unknown/);
		expect(env.sandbox.store.deliveries).toHaveLength(0);
		expect(graphRequests('/sendMail')).toHaveLength(1);
		expect(graphRequests('/mailFolders/sentitems/messages', 'GET')).toHaveLength(LOOKUP_PAUSES_MS.length);
	});

	it('finds a large send whose draft\'s send lost its answer, and sends it once', async () => {
		env.sandbox.graphFaults.push({ kind: 'status', status: 504, processed: true, path: '/send' });
		const item = await withFiles({ big: randomBytes(3_100_000) });

		const run = await env.run({ parameters: sendParameters({ subject: 'Large, lost', options: { attachments: 'big' } }), items: [item] });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME)[0].json.note).toMatch(/found in Sent Items/);
		expect(folder(BOB, 'inbox').map((m) => m.subject)).toEqual(['Large, lost']);
		expect(graphRequests('/send').filter((r) => r.path.endsWith('/send'))).toHaveLength(1);
	});

	it('reports "Outcome unknown" when a send without a Sent Items copy loses its connection, and sends it once', async () => {
		env.sandbox.graphFaults.push({ kind: 'dropConnection', after: 'afterProcessing', path: '/sendMail' });

		const run = await env.run({ parameters: sendParameters({ subject: 'No copy', options: { saveToSentItems: false } }) });

		expect(run.error?.message).toMatch(/Outcome unknown/);
		expect(folder(BOB, 'inbox').map((m) => m.subject)).toEqual(['No copy']);
		expect(folder(ALICE, 'sentitems')).toHaveLength(0);
		expect(env.sandbox.store.deliveries).toHaveLength(1);
		expect(graphRequests('/sendMail')).toHaveLength(1);
		expect(graphRequests('/mailFolders/sentitems/messages', 'GET')).toHaveLength(0);
	});

	it('sends a batch part Graph throttled (429, Retry-After) again after the wait, once', async () => {
		env.sandbox.graphFaults.push({ kind: 'status', status: 429, retryAfter: 1, part: 2 });
		const items = Array.from({ length: 3 }, (_, i) => ({ json: { n: i } }));

		const started = Date.now();
		const run = await env.run({ parameters: sendParameters({ subject: '={{ "Throttled " + $json.n }}' }), items });

		expect(run.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(folder(BOB, 'inbox').map((m) => m.subject).sort()).toEqual(['Throttled 0', 'Throttled 1', 'Throttled 2']);
		expect(env.sandbox.store.deliveries).toHaveLength(3);
		const parts = env.sandbox.requests.filter((r) => r.api === 'graph' && r.batchPartId !== undefined);
		expect(parts.sort((a, b) => Number(a.batchPartId) - Number(b.batchPartId)).map((r) => r.status)).toEqual([202, 429, 202]);
		// The one part left goes alone, as a plain request.
		const again = graphRequests('/sendMail').filter((r) => r.batchPartId === undefined);
		expect(again.map((r) => [r.status, JSON.parse(r.body).message.subject])).toEqual([[202, 'Throttled 1']]);
	});
});
