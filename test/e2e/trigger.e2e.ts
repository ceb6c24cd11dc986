import { CURRENT_N8N } from '../../scripts/e2e/runtime';
import type { WorkflowFile } from '../../scripts/e2e/n8nInstance';
import type { Service } from '../../scripts/e2e/process';
import { useLab } from './helpers/labSuite';

/**
 * The Exchange Trigger in a running `n8n start` (2.40.7, the package as a community install), polling every
 * minute: messages delivered to the sandbox (another process) across three polls must each start the workflow
 * exactly once. The workflow moves what it gets into Inbox/Processed, so the sandbox counts for us: one
 * MoveItem per execution, every message in Processed once, none left in the Inbox.
 */

const WORKFLOW_ID = 'ExchTriggerE2E1';
const CREDENTIAL = { exchangeEwsApi: { id: 'ExchSandboxNtlm1', name: 'Exchange sandbox (NTLM, impersonation)' } };
const MAILBOX = 'svc-n8n@contoso.com';

const workflow: WorkflowFile = {
	id: WORKFLOW_ID,
	name: 'Exchange trigger end-to-end',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'b4f6a0d2-1c3e-4a5b-9d7f-3e2a1c0b0001',
			name: 'New mail',
			type: 'n8n-nodes-exchange-ews.exchangeTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, authentication: 'onPremises', event: 'messageReceived' },
			credentials: CREDENTIAL,
		},
		{
			id: 'b4f6a0d2-1c3e-4a5b-9d7f-3e2a1c0b0002',
			name: 'File it',
			type: 'n8n-nodes-exchange-ews.exchange',
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				authentication: 'onPremises',
				resource: 'email',
				operation: 'move',
				messageId: '={{ $json.id }}',
				folder: { __rl: true, mode: 'path', value: 'inbox/Processed' },
			},
			credentials: CREDENTIAL,
		},
	],
	connections: { 'New mail': { main: [[{ node: 'File it', type: 'main', index: 0 }]] } },
} as unknown as WorkflowFile;

const suite = useLab(CURRENT_N8N, [workflow]);

async function control(name: string, body: object): Promise<unknown> {
	const response = await fetch(new URL(`api/${name}`, suite.lab.sandbox.viewerUrl), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`sandbox control ${name}: HTTP ${response.status} ${await response.text()}`);
	return await response.json();
}

async function count(operation: string): Promise<number> {
	return (await suite.lab.sandbox.requests()).filter((r) => r.operation === operation && r.status === 200).length;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 150_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`timed out waiting for ${what}`);
}

describe(`n8n ${CURRENT_N8N.version}: the Exchange Trigger in a running n8n`, () => {
	let server: Service | undefined;

	afterAll(async () => {
		await server?.stop();
	});

	test('every message delivered across three polls starts the workflow exactly once', async () => {
		const { lab } = suite;
		await control('folders/create', { mailbox: MAILBOX, parent: 'inbox', displayName: 'Processed' });
		await control('incoming', { from: 'dana@fabrikam.example', to: MAILBOX, subject: 'Before activation' });
		await lab.n8n.cli(['publish:workflow', `--id=${WORKFLOW_ID}`]);
		server = await lab.n8n.start();

		// The first poll starts from now: what was there stays.
		await waitFor('the first poll', async () => (await count('SyncFolderItems')) >= 1);
		const sent: string[] = [];
		for (const [round, size] of [3, 5, 2].entries()) {
			const polls = await count('SyncFolderItems');
			for (let n = 0; n < size; n++) {
				const subject = `Round ${round + 1} message ${n + 1}`;
				await control('incoming', { from: 'dana@fabrikam.example', to: MAILBOX, subject });
				sent.push(subject);
			}
			await waitFor(`execution ${round + 1}`, async () => (await count('MoveItem')) >= round + 1);
			expect(await count('SyncFolderItems')).toBeGreaterThan(polls);
		}
		// One more poll with nothing new starts nothing.
		const polls = await count('SyncFolderItems');
		await waitFor('a quiet poll', async () => (await count('SyncFolderItems')) > polls);
		await new Promise((resolve) => setTimeout(resolve, 5000));

		expect(await count('MoveItem')).toBe(3);
		const [mailbox] = (await lab.sandbox.mailboxes()).filter((m) => m.address === MAILBOX);
		const folders = mailbox.folders as unknown as Record<string, Array<{ subject?: string }>>;
		expect(folders['Inbox/Processed'].map((i) => i.subject).sort()).toEqual([...sent].sort());
		expect(folders.inbox.map((i) => i.subject)).toEqual(['Before activation']);
		// Every request n8n sent passed the EWS schema check.
		expect((await lab.sandbox.requests()).filter((r) => r.operation && r.schemaValid !== true)).toEqual([]);
	}, 600_000);
});
