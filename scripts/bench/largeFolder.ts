import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { getHeapStatistics } from 'v8';
import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { Exchange } from '../../nodes/Exchange/Exchange.node';
import { EXCHANGE_NODE_TYPE, NODE_NAME, SERVICE_ACCOUNT } from '../../test/helpers/exchangeWorkflow';
import { PYTHON, RefereeFiles } from '../../test/referee/helpers/exchangelib';
import { runWorkflow } from '../../test/helpers/workflowRunner';
import { PeakRss, collectGarbage } from './peakMemory';
import { startBenchSandbox, type BenchSandbox, type SandboxSettings, type SandboxStats } from './sandboxProcess';

/**
 * Email → Get Many with Return All over one folder of many messages, beside exchangelib's paged filter over
 * the same sandbox folder. What it measures: the wall time, and the memory the reader needs beyond the items
 * it hands back (its peak, minus what it holds once done with the items still referenced).
 */

const CA_CERTIFICATE = readFileSync(path.resolve(__dirname, '..', '..', 'sandbox', 'certs', 'ca.pem'), 'utf8');
const MAILBOX = 'bob@contoso.com';
const FIRST_RECEIVED = Date.UTC(2026, 0, 1);
/** Test-control deliveries in flight at once while the folder is filled. */
const FILL_PARALLEL = 8;

export interface LargeFolderResult {
	reader: string;
	items: number;
	wallMs: number;
	/** Resident memory before the read, with the folder resolved and the code loaded. */
	rssBefore: number;
	peakRss: number;
	/** Resident memory after the read (garbage collected where the runtime allows), the items still held. */
	rssHeld: number;
	requests?: number;
	/** The node only: V8's used heap before, at its sampled peak, and after with the items held (after a collection). */
	heap?: { before: number; peak: number; held: number };
}

/** V8's used heap, sampled while the node runs: unlike RSS, it shrinks again when garbage is collected. */
class HeapPeak {
	readonly before = getHeapStatistics().used_heap_size;
	private peak = this.before;
	private readonly timer = setInterval(() => {
		this.peak = Math.max(this.peak, getHeapStatistics().used_heap_size);
	}, 5);

	stop(): number {
		clearInterval(this.timer);
		return Math.max(this.peak, getHeapStatistics().used_heap_size);
	}
}

async function fill(sandbox: BenchSandbox, count: number): Promise<void> {
	let next = 0;
	const worker = async () => {
		for (let i = next++; i < count; i = next++) {
			await sandbox.control('incoming', {
				from: `Supplier ${i % 50} <supplier${i % 50}@fabrikam.com>`,
				to: MAILBOX,
				subject: `Invoice ${i + 1}`,
				body: `Invoice ${i + 1} is attached as text: amount ${(i * 7.31).toFixed(2)} EUR, due in 30 days.`,
				receivedAt: new Date(FIRST_RECEIVED + i * 60_000).toISOString(),
				categories: i % 3 === 0 ? ['Finance'] : [],
			});
		}
	};
	await Promise.all(Array.from({ length: FILL_PARALLEL }, worker));
}

/** The node's read; with a `limit`, only that many messages (the warm-up). */
async function readWithNode(sandbox: BenchSandbox, limit?: number): Promise<LargeFolderResult> {
	const requestsBefore = (await sandbox.stats()).requests;
	collectGarbage();
	const peak = new PeakRss();
	const heap = new HeapPeak();
	const started = performance.now();
	const run = await runWorkflow({
		nodes: [
			{
				id: 'exchange-node',
				name: NODE_NAME,
				type: EXCHANGE_NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					authentication: 'onPremises',
					resource: 'email',
					operation: 'getMany',
					mailbox: MAILBOX,
					folder: { __rl: true, mode: 'path', value: 'Inbox' },
					...(limit ? { returnAll: false, limit } : { returnAll: true }),
				},
				credentials: { exchangeEwsApi: { id: 'bench-credential', name: 'Exchange sandbox' } },
			},
		],
		nodeTypes: { [EXCHANGE_NODE_TYPE]: new Exchange() },
		credentialTypes: [new ExchangeEwsApi()],
		credentials: {
			'bench-credential': {
				type: 'exchangeEwsApi',
				data: { url: sandbox.httpsUrl, authentication: 'ntlm', ...SERVICE_ACCOUNT, domain: '', version: 'Exchange2016', caCertificate: CA_CERTIFICATE, impersonation: true },
			},
		},
	});
	const wallMs = performance.now() - started;
	const peakRss = peak.stop();
	const heapPeak = heap.stop();
	if (run.status !== 'success') throw new Error(`The workflow failed: ${run.error?.message}`);
	const items = run.outputOf(NODE_NAME).length;
	collectGarbage();
	const rssHeld = process.memoryUsage.rss();
	const heapHeld = getHeapStatistics().used_heap_size;
	const stats: SandboxStats = await sandbox.stats();
	return {
		reader: 'n8n node: Email → Get Many, Return All',
		items,
		wallMs,
		rssBefore: peak.start,
		peakRss,
		rssHeld,
		requests: stats.requests - requestsBefore,
		heap: { before: heap.before, peak: heapPeak, held: heapHeld },
	};
}

async function readWithExchangelib(sandbox: BenchSandbox): Promise<LargeFolderResult> {
	const files = new RefereeFiles(CA_CERTIFICATE);
	const requestsBefore = (await sandbox.stats()).requests;
	try {
		const env: NodeJS.ProcessEnv = {
			PATH: process.env.PATH,
			LANG: 'C.UTF-8',
			PYTHONDONTWRITEBYTECODE: '1',
			PYTHONPATH: [path.join(__dirname, 'python'), path.resolve(__dirname, '..', '..', 'test', 'referee', 'python')].join(':'),
			OPENSSL_CONF: files.opensslConf,
			REFEREE_CA_FILE: files.caFile,
			REFEREE_ENDPOINT: sandbox.httpsUrl,
			REFEREE_USERNAME: `CONTOSO\\${SERVICE_ACCOUNT.username.replace(/@.*$/, '')}`,
			REFEREE_PASSWORD: SERVICE_ACCOUNT.password,
			REFEREE_MAILBOX: MAILBOX,
			REFEREE_ACCESS: 'impersonation',
		};
		const stdout = await new Promise<string>((resolve, reject) => {
			execFile(PYTHON, [path.join(__dirname, 'python', 'get_many.py')], { env, timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) =>
				error ? reject(new Error(`exchangelib failed: ${out.slice(-2000)} ${err.slice(-2000)}`)) : resolve(out),
			);
		});
		const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { items: number; seconds: number; rssBefore: number; rssHeld: number; peakRss: number };
		const stats = await sandbox.stats();
		return {
			reader: 'exchangelib 4.9: paged QuerySet, page_size 100',
			items: result.items,
			wallMs: result.seconds * 1000,
			rssBefore: result.rssBefore,
			peakRss: result.peakRss,
			rssHeld: result.rssHeld,
			requests: stats.requests - requestsBefore,
		};
	} finally {
		files.remove();
	}
}

/** Fills Bob's Inbox with `count` messages in a fresh sandbox, then reads it with the node and with exchangelib. */
export async function runLargeFolder(count: number, settings: SandboxSettings): Promise<LargeFolderResult[]> {
	const sandbox = await startBenchSandbox(settings);
	try {
		process.stdout.write(`Filling bob@'s Inbox with ${count} messages through the test controls... `);
		await fill(sandbox, count);
		console.log('done');
		// The first run in a process pays for compiling n8n's and the node's code; none of that is measured.
		await readWithNode(sandbox, 50);
		const results: LargeFolderResult[] = [];
		for (const read of [readWithNode, readWithExchangelib]) {
			const result = await read(sandbox);
			console.log(`${result.reader}: ${(result.wallMs / 1000).toFixed(2)} s`);
			if (result.items !== count) throw new Error(`${result.reader} read ${result.items} messages instead of ${count}`);
			results.push(result);
		}
		return results;
	} finally {
		await sandbox.stop();
	}
}
