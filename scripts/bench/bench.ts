import { cpus, loadavg } from 'os';
import { DEFAULT_BATCH_SIZE } from '../../nodes/Exchange/actions/batching';
import { DEFAULT_CONCURRENCY } from '../../nodes/Exchange/transport';
import { runLargeFolder, type LargeFolderResult } from './largeFolder';
import { lifetimePeakRss } from './peakMemory';
import { runScenario, type Mode, type ScenarioResult } from './scenario';
import { CREATE_APPOINTMENT, SEND_EMAIL, sendWithAttachment, type Workload } from './workloads';

/**
 * `npm run bench`: the node through n8n's engine against the EWS sandbox in its own process (NTLM over HTTPS
 * with Extended Protection, schema validation off, a simulated round trip, Exchange's per-account concurrency
 * limit), and the same workloads over the sandbox's Microsoft Graph endpoint (JSON batches, plain HTTP with a
 * Bearer token, the same simulated round trip per request). Flags (all `--name=value`):
 *   --items=1000           items per run
 *   --latency=20           simulated round trip per request, ms
 *   --batch-size=N         default: the node's default
 *   --concurrency=N        parallel requests; default: the node's default
 *   --server-limit=27      EWSMaxConcurrency per account (Exchange 2013+ default)
 *   --sweep=10,25,50,100   batched runs at each batch size instead of the batched-vs-sequential comparison
 *   --attachments          messages with one attachment each (memory); --attachment-kb=1024 sets its size
 *   --repeat=1             runs per row; the row shows the run with the median wall time (for a busy machine)
 *   --large-folder         Email → Get Many (Return All) over one folder instead, beside exchangelib's paged filter;
 *                          --messages=10000 sets the folder's size
 */

const SEQUENTIAL: Mode = { label: 'sequential', batchSize: 1, concurrency: 1 };
// Graph's JSON batches hold 20 requests; one mailbox's batches go one at a time (graphBatches.ts).
const GRAPH_BATCHED: Mode = { label: 'Graph $batch', batchSize: 20, concurrency: DEFAULT_CONCURRENCY, graph: true };

interface Flags {
	items: number;
	latencyMs: number;
	batchSize: number;
	concurrency: number;
	serverLimit: number;
	repeat: number;
	sweep?: number[];
	attachmentBytes?: number;
	largeFolderMessages?: number;
}

function readFlags(args: string[]): Flags {
	const values = new Map<string, string>();
	for (const arg of args) {
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
		if (!match) throw new Error(`Unknown argument ${arg}: flags are --name=value`);
		values.set(match[1], match[2] ?? '');
	}
	const known = ['items', 'latency', 'batch-size', 'concurrency', 'server-limit', 'repeat', 'sweep', 'attachments', 'attachment-kb', 'large-folder', 'messages'];
	const unknown = [...values.keys()].filter((name) => !known.includes(name));
	if (unknown.length > 0) throw new Error(`Unknown flag --${unknown.join(', --')}; known: --${known.join(' --')}`);
	const whole = (name: string, fallback: number, min: number) => {
		const text = values.get(name);
		if (text === undefined) return fallback;
		const value = Number(text);
		if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, got "${text}"`);
		return value;
	};
	const sweep = values.get('sweep')?.split(',').map((size) => {
		const value = Number(size);
		if (!Number.isInteger(value) || value < 1 || value > 100) throw new Error(`--sweep takes batch sizes from 1 to 100, got "${size}"`);
		return value;
	});
	const attachments = values.has('attachments') || values.has('attachment-kb');
	return {
		items: whole('items', 1000, 1),
		latencyMs: whole('latency', 20, 0),
		batchSize: whole('batch-size', DEFAULT_BATCH_SIZE, 1),
		concurrency: whole('concurrency', DEFAULT_CONCURRENCY, 1),
		serverLimit: whole('server-limit', 27, 1),
		repeat: whole('repeat', 1, 1),
		sweep,
		attachmentBytes: attachments ? whole('attachment-kb', 1024, 1) * 1024 : undefined,
		largeFolderMessages: values.has('large-folder') || values.has('messages') ? whole('messages', 10_000, 1) : undefined,
	};
}

const MB = 1024 * 1024;
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const megabytes = (bytes: number) => (bytes / MB).toFixed(0);

function table(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function resultRow(result: ScenarioResult): string[] {
	const { mode, stats } = result;
	return [
		result.workload,
		`${mode.label} (batch ${mode.batchSize}, ${mode.concurrency} parallel)`,
		seconds(result.wallMs),
		(result.items / (result.wallMs / 1000)).toFixed(0),
		String(stats.requests),
		// The sandbox counts connections, handshakes and its concurrency limit for EWS only.
		...(mode.graph ? ['n/a', 'n/a', 'n/a', 'n/a'] : [String(stats.ewsConnections), String(stats.ntlmHandshakes), String(stats.peakConcurrentRequests), String(stats.refusedOverConcurrencyLimit)]),
		megabytes(result.peakRss),
		megabytes(result.peakRss - result.rssBefore),
		seconds(result.lowerBoundMs),
		`${((100 * result.lowerBoundMs) / result.wallMs).toFixed(0)} %`,
		String(result.failed),
	];
}

const HEADER = [
	'Workload',
	'Mode',
	'Wall s',
	'Items/s',
	'HTTP requests',
	'TCP connections',
	'NTLM handshakes',
	'Peak concurrent',
	'Refused (limit)',
	'Peak RSS MB',
	'RSS over start MB',
	'Lower bound s',
	'Lower bound / wall',
	'Failed',
];

function largeFolderRow(result: LargeFolderResult): string[] {
	return [
		result.reader,
		String(result.items),
		seconds(result.wallMs),
		(result.items / (result.wallMs / 1000)).toFixed(0),
		String(result.requests ?? ''),
		megabytes(result.rssBefore),
		megabytes(result.peakRss),
		megabytes(result.rssHeld - result.rssBefore),
		megabytes(result.peakRss - result.rssHeld),
		result.heap ? megabytes(result.heap.held - result.heap.before) : '',
		result.heap ? megabytes(result.heap.peak - result.heap.held) : '',
	];
}

async function largeFolder(messages: number, sandbox: { latencyMs: number; maxConcurrency: number }): Promise<void> {
	const [load] = loadavg();
	console.log(
		`Load average before the run: ${load.toFixed(2)} on ${cpus().length} CPUs. One folder of ${messages} messages; sandbox in its own ` +
			`process, ${sandbox.latencyMs} ms per request.`,
	);
	const results = await runLargeFolder(messages, sandbox);
	const header = ['Reader', 'Messages', 'Wall s', 'Messages/s', 'HTTP requests', 'RSS before MB', 'Peak RSS MB', 'RSS held MB', 'RSS peak beyond held MB', 'Heap held MB', 'Heap peak beyond held MB'];
	console.log(`\n${table(header, results.map(largeFolderRow))}\n`);
}

async function main(): Promise<void> {
	const flags = readFlags(process.argv.slice(2));
	const sandbox = { latencyMs: flags.latencyMs, maxConcurrency: flags.serverLimit };
	if (flags.largeFolderMessages !== undefined) {
		await largeFolder(flags.largeFolderMessages, sandbox);
		return;
	}
	const batched = (batchSize: number): Mode => ({ label: 'batched', batchSize, concurrency: flags.concurrency });
	const plan: Array<[Workload, Mode]> = [];
	if (flags.attachmentBytes !== undefined) {
		plan.push([sendWithAttachment(flags.attachmentBytes), batched(flags.batchSize)]);
	} else if (flags.sweep) {
		for (const workload of [SEND_EMAIL, CREATE_APPOINTMENT]) for (const size of flags.sweep) plan.push([workload, batched(size)]);
	} else {
		for (const workload of [SEND_EMAIL, CREATE_APPOINTMENT]) plan.push([workload, batched(flags.batchSize)], [workload, GRAPH_BATCHED], [workload, SEQUENTIAL]);
	}
	const [load] = loadavg();
	console.log(
		`Load average before the runs: ${load.toFixed(2)} on ${cpus().length} CPUs (other processes make the figures noisier).\n` +
			`${flags.items} items per run; sandbox in its own process: NTLM over HTTPS with Extended Protection, schema validation off, ` +
			`${flags.latencyMs} ms per request, at most ${flags.serverLimit} concurrent requests per account.`,
	);
	// The first run in a process pays for loading and compiling n8n's and the node's code; none of that is measured.
	process.stdout.write('Warming up (not measured)... ');
	await runScenario(plan[0][0], plan[0][1], Math.min(flags.items, 50), sandbox);
	console.log('done');
	const results: ScenarioResult[] = [];
	for (const [workload, mode] of plan) {
		process.stdout.write(`${workload.name}, ${mode.label} batch ${mode.batchSize} × ${mode.concurrency} parallel... `);
		const runs: ScenarioResult[] = [];
		for (let run = 0; run < flags.repeat; run++) runs.push(await runScenario(workload, mode, flags.items, sandbox));
		runs.sort((a, b) => a.wallMs - b.wallMs);
		console.log(runs.map((run) => `${seconds(run.wallMs)} s`).join(', '));
		results.push(runs[Math.floor((runs.length - 1) / 2)]);
	}
	console.log(`\n${table(HEADER, results.map(resultRow))}\n`);
	for (const sequential of results.filter((r) => r.mode === SEQUENTIAL)) {
		const fast = results.find((r) => r.workload === sequential.workload && r.mode !== SEQUENTIAL && !r.mode.graph);
		if (fast) console.log(`${fast.workload}: batched is ${(sequential.wallMs / fast.wallMs).toFixed(1)}× the sequential speed.`);
	}
	console.log(`Peak RSS of the whole benchmark process: ${megabytes(lifetimePeakRss())} MB.`);
	if (results.some((r) => r.failed > 0)) process.exitCode = 1;
}

main().catch((error: Error) => {
	console.error(`The benchmark failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
