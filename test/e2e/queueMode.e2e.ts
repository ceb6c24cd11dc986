import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { installCommunityPackage } from '../../scripts/e2e/communityInstall';
import { freePort } from '../../scripts/e2e/freePort';
import { N8nInstance } from '../../scripts/e2e/n8nInstance';
import { Service } from '../../scripts/e2e/process';
import { startQueueServices, QueueServices } from '../../scripts/e2e/queueServices';
import { CURRENT_N8N, ensureN8n } from '../../scripts/e2e/runtime';
import { SANDBOX_CA_FILE, sandboxCredentials } from '../../scripts/e2e/sandboxCredentials';
import { SandboxProcess, startSandboxProcess } from '../../scripts/e2e/sandboxProcess';
import { loadWorkflows } from '../../scripts/e2e/workflowFiles';
import { TARBALL_ENV } from './helpers/tarball';

/**
 * n8n's queue mode as it runs in production: a main process (`n8n start`) that receives webhooks and enqueues
 * executions in Redis, two workers (`n8n worker`) that run them, PostgreSQL shared by all three, binary data
 * in the database. The package is installed on each process as a community install. Every execution must run
 * on a worker, and the sandbox must hold every message once. The Exchange Trigger polls on the main process,
 * polling every minute: messages delivered across three polls must each start a workflow exactly once.
 */

const SETUP_TIMEOUT_MS = 30 * 60_000;
const WORKFLOWS = loadWorkflows(path.join(__dirname, 'workflows', 'queue'));
const log = (line: string) => process.stderr.write(`[queue mode] ${line}\n`);
/** The trigger workflow's mailbox: the service account's own, where nothing else in this suite delivers. */
const TRIGGER_MAILBOX = 'svc-n8n@contoso.com';

let sandbox: SandboxProcess;
let services: QueueServices;
let main: { instance: N8nInstance; service: Service };
const workers: Array<{ name: string; service: Service }> = [];
let folder: string;

beforeAll(async () => {
	const tarball = process.env[TARBALL_ENV];
	if (!tarball) throw new Error(`${TARBALL_ENV} is not set: run the suite with npm run test:e2e`);
	const runtime = await ensureN8n(CURRENT_N8N, log);
	folder = mkdtempSync(path.join(tmpdir(), 'n8n-queue-e2e-'));
	sandbox = await startSandboxProcess({ extendedProtection: true });
	services = await startQueueServices(log);

	// Each process has its own user folder and its own community install, as separate machines would.
	const instance = async (name: string) => {
		const userFolder = path.join(folder, name);
		const n8n = new N8nInstance(runtime, userFolder, {
			port: await freePort(),
			brokerPort: await freePort(),
			extraCaFile: SANDBOX_CA_FILE,
			// The health check defaults to the main process's port 5678: each process gets its own.
			extraEnv: { ...services.n8nEnv, QUEUE_HEALTH_CHECK_PORT: String(await freePort()) },
		});
		log(`Installing the package into ${name}'s user folder as a community package`);
		await installCommunityPackage(userFolder, tarball, runtime);
		return n8n;
	};
	// What is there before the trigger's first poll must not start the workflow; Processed is where it files mail.
	await sandbox.control('folders/create', { mailbox: TRIGGER_MAILBOX, parent: 'inbox', displayName: 'Processed' });
	await sandbox.control('incoming', { from: 'dana@fabrikam.example', to: [TRIGGER_MAILBOX], subject: 'Before activation' });
	const mainInstance = await instance('main');
	log('Importing the sandbox credentials and the workflows (shared through PostgreSQL), activating them');
	await mainInstance.importCredentials(sandboxCredentials(sandbox.httpsUrl, sandbox.graphHttpsUrl));
	await mainInstance.importWorkflows(WORKFLOWS);
	for (const workflow of WORKFLOWS) await mainInstance.cli(['publish:workflow', `--id=${workflow.id}`]);
	log('Starting the main process');
	main = { instance: mainInstance, service: await mainInstance.start() };
	for (const name of ['worker-1', 'worker-2']) {
		const worker = await instance(name);
		log(`Starting ${name}`);
		workers.push({ name, service: await worker.startWorker(5, await freePort()) });
	}
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	for (const worker of workers) await worker.service.stop();
	await main?.service.stop();
	await services?.stop();
	await sandbox?.stop();
	if (folder) rmSync(folder, { recursive: true, force: true });
});

async function callWebhook(webhookPath: string, body: object): Promise<unknown> {
	const response = await fetch(`${main.instance.baseUrl}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`Webhook ${webhookPath}: HTTP ${response.status} ${text}`);
	return JSON.parse(text);
}

/** A workflow's executions in n8n's database, oldest first: id and status. */
async function executions(workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const rows = await services.query(`select id, status from execution_entity where "workflowId" = '${workflowId}' order by id`);
	return rows.map(([id, status]) => ({ id, status }));
}

async function lastExecution(workflowId: string): Promise<{ id: string; status: string }> {
	const all = await executions(workflowId);
	if (!all.length) throw new Error(`n8n recorded no execution of ${workflowId}`);
	return all[all.length - 1];
}

/** Successful EWS requests of one operation the sandbox answered. */
async function answered(operation: string): Promise<number> {
	return (await sandbox.requests()).filter((r) => r.operation === operation && r.status === 200).length;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 150_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`Timed out waiting for ${what}`);
}

/** Which processes' logs say they ran (workers) or enqueued (main) an execution. */
function whoRan(executionId: string): { enqueuedByMain: boolean; workers: string[] } {
	return {
		enqueuedByMain: main.service.log.includes(`Enqueued execution ${executionId} `),
		workers: workers.filter((w) => w.service.log.includes(`Worker started execution ${executionId} `)).map((w) => w.name),
	};
}

describe(`n8n ${CURRENT_N8N.version} in queue mode: main process, two workers, Redis, PostgreSQL`, () => {
	test('a webhook-started batched send of 300 messages with attachments from the database binary store runs on a worker; each message once', async () => {
		const answer = await callWebhook('exchange-queue-send', { count: 300 });
		expect(answer).toMatchObject({ subject: expect.stringMatching(/^Queue mode \d+$/), savedToSentItems: true });

		const execution = await lastExecution('ExchE2eQueueSend');
		expect(execution.status).toBe('success');
		const ran = whoRan(execution.id);
		expect(ran.enqueuedByMain).toBe(true);
		expect(ran.workers).toHaveLength(1);

		const deliveries = (await sandbox.deliveries()).filter((d) => d.subject?.startsWith('Queue mode '));
		expect(deliveries).toHaveLength(300);
		expect(new Set(deliveries.map((d) => d.subject)).size).toBe(300);
		expect(deliveries.every((d) => d.recipient === 'bob@contoso.com' && d.sender === 'alice@contoso.com')).toBe(true);
		const bob = (await sandbox.mailboxes()).find((m) => m.address === 'bob@contoso.com');
		const received = bob?.folders.inbox.filter((i) => i.subject?.startsWith('Queue mode ')) ?? [];
		expect(received).toHaveLength(300);
		for (const message of received) {
			const n = Number(message.subject?.slice('Queue mode '.length));
			// The bytes n8n's Convert to File node stored in PostgreSQL, read back by the worker.
			expect(message.attachments).toEqual([expect.objectContaining({ name: `row-${n}.txt`, size: Buffer.byteLength(`Attachment of queue message ${n}`) })]);
		}
	});

	test('a webhook-started appointment create runs on a worker and books once', async () => {
		const answer = await callWebhook('exchange-queue-meeting', { subject: 'Queue mode review', start: '2027-03-10T14:00' });
		expect(answer).toMatchObject({ mailbox: 'alice@contoso.com', subject: 'Queue mode review' });

		const execution = await lastExecution('ExchE2eQueueMeet');
		expect(execution.status).toBe('success');
		const ran = whoRan(execution.id);
		expect(ran.enqueuedByMain).toBe(true);
		expect(ran.workers).toHaveLength(1);

		const mailboxes = await sandbox.mailboxes();
		const alice = mailboxes.find((m) => m.address === 'alice@contoso.com');
		expect(alice?.folders.calendar.filter((i) => i.subject === 'Queue mode review')).toHaveLength(1);
		const bob = mailboxes.find((m) => m.address === 'bob@contoso.com');
		expect(bob?.folders.inbox.filter((i) => i.kind === 'meetingRequest' && i.subject === 'Queue mode review')).toHaveLength(1);
	});

	test('the Exchange Trigger polls on the main process; every message delivered across three polls starts one execution on a worker', async () => {
		// The first poll starts from now: what was there stays.
		await waitFor('the first poll', async () => (await answered('SyncFolderItems')) >= 1);
		const moves = await answered('MoveItem');
		const sent: string[] = [];
		for (const [round, size] of [3, 5, 2].entries()) {
			const polls = await answered('SyncFolderItems');
			for (let n = 0; n < size; n++) {
				const subject = `Round ${round + 1} message ${n + 1}`;
				await sandbox.control('incoming', { from: 'dana@fabrikam.example', to: [TRIGGER_MAILBOX], subject });
				sent.push(subject);
			}
			await waitFor(`execution ${round + 1}`, async () => (await answered('MoveItem')) >= moves + round + 1);
			expect(await answered('SyncFolderItems')).toBeGreaterThan(polls);
		}
		// One more poll with nothing new starts nothing.
		const polls = await answered('SyncFolderItems');
		await waitFor('a quiet poll', async () => (await answered('SyncFolderItems')) > polls);
		await new Promise((resolve) => setTimeout(resolve, 5000));

		expect((await answered('MoveItem')) - moves).toBe(3);
		const runs = await executions('ExchE2eQueueTrigger');
		expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success']);
		for (const run of runs) {
			const ran = whoRan(run.id);
			expect(ran.enqueuedByMain).toBe(true);
			expect(ran.workers).toHaveLength(1);
		}
		const mailbox = (await sandbox.mailboxes()).find((m) => m.address === TRIGGER_MAILBOX);
		const folders = mailbox?.folders as unknown as Record<string, Array<{ subject?: string }>>;
		expect(folders['Inbox/Processed'].map((i) => i.subject).sort()).toEqual([...sent].sort());
		expect(folders.inbox.map((i) => i.subject)).toEqual(['Before activation']);
	}, 600_000);
});
