import type { RequestLogEntry } from '../../sandbox/requestLog';
import {
	arrivalOf,
	CONTINUE_ON_FAIL,
	deliveriesPerItem,
	itemsOf,
	recordArrivalTimes,
	sendBatched,
	sendsPerItem,
	subjectOf,
} from '../helpers/batchedSend';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';
import type { WorkflowRun } from '../helpers/workflowRunner';

const env = useExchangeSandbox();
recordArrivalTimes(env);

const COUNT = 500;

/** Cancels the run (as Stop does) when `when` says so about a request the sandbox just received. */
function cancelWhen(when: (createItems: number) => boolean, delayMs = 0) {
	const controller = new AbortController();
	let cancelledAt = Number.POSITIVE_INFINITY;
	let createItems = 0;
	const log = env.sandbox.requests;
	const push = log.push.bind(log);
	log.push = (...entries: RequestLogEntry[]) => {
		const length = push(...entries);
		for (const entry of entries) {
			// Logged on arrival, before the body is read: a request with a body is a CreateItem here, not a handshake's first leg.
			if (!(Number(entry.headers['content-length']) > 0)) continue;
			createItems++;
			if (!controller.signal.aborted && when(createItems)) {
				setTimeout(() => {
					cancelledAt = performance.now();
					controller.abort();
				}, delayMs);
			}
		}
		return length;
	};
	return { signal: controller.signal, cancelledAt: () => cancelledAt };
}

type Report = 'sent' | 'unknown' | 'not sent' | `failed: ${string}`;

/** What the node reported per item after the cancel: every input item once, in order, paired. */
function reports(run: WorkflowRun): Report[] {
	const output = run.outputOf(NODE_NAME);
	expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: COUNT }, (_, item) => ({ item })));
	return output.map((item, index): Report => {
		const { error, code, subject } = item.json;
		if (error === undefined) {
			expect(subject).toBe(subjectOf(index));
			return 'sent';
		}
		if (/^Outcome unknown/.test(String(error))) return 'unknown';
		return code === 'Cancelled' ? 'not sent' : `failed: ${String(code)}`;
	});
}

function expectNoRequestAfter(cancelledAt: number): void {
	const late = env.sandbox.requests.filter((request) => arrivalOf(request) > cancelledAt);
	expect(late.map((request) => request.operation ?? 'handshake')).toEqual([]);
}

describe('Cancelling a run (Stop, workflow timeout)', () => {
	it('starts no request after the cancel in the middle of a 500-item batched send, and reports what was delivered', async () => {
		// Two batches go out together; one is held 1.5 s, so it is on the wire when the third batch's arrival cancels the run.
		env.sandbox.faults.push({ kind: 'latency', ms: 0, operation: 'CreateItem' }, { kind: 'latency', ms: 1500, operation: 'CreateItem' });
		const cancel = cancelWhen((createItems) => createItems === 3);

		const run = await sendBatched(env, { count: COUNT, batchSize: 50, concurrency: 2, ...CONTINUE_ON_FAIL, cancel: cancel.signal });

		expect(cancel.cancelledAt()).toBeLessThan(Number.POSITIVE_INFINITY);
		expectNoRequestAfter(cancel.cancelledAt());
		const reported = reports(run);
		// The three batches that reached Exchange finished: 150 messages sent once each, the rest never sent.
		const carried = env.createItemRequests().flatMap(itemsOf);
		expect(carried).toHaveLength(150);
		expect(reported.filter((report) => report === 'sent')).toHaveLength(150);
		expect(reported.filter((report) => report !== 'sent' && report !== 'not sent')).toEqual([]);
		expect(deliveriesPerItem(env, COUNT)).toEqual(reported.map((report) => (report === 'sent' ? 1 : 0)));
		expect(Math.max(...sendsPerItem(env, COUNT))).toBe(1);
		expect(run.outputOf(NODE_NAME).find((item) => item.json.code === 'Cancelled')?.json.error).toMatch(
			/^Not sent: the execution was cancelled \[item \d+\]$/,
		);
	});

	it('ends a back-off wait at once, and sends nothing more', async () => {
		// Exchange asks for a minute's pause on the first batch; the run is cancelled while the node waits.
		env.sandbox.faults.push({ kind: 'serverBusy', backOffMs: 60_000, operation: 'CreateItem' });
		const cancel = cancelWhen((createItems) => createItems === 1, 500);
		const started = performance.now();

		const run = await sendBatched(env, { count: 6, batchSize: 3, concurrency: 1, ...CONTINUE_ON_FAIL, cancel: cancel.signal });

		expect(performance.now() - started).toBeLessThan(15_000);
		expectNoRequestAfter(cancel.cancelledAt());
		const output = run.outputOf(NODE_NAME);
		expect(output.map((item) => item.json.code)).toEqual(new Array(6).fill('Cancelled'));
		expect(deliveriesPerItem(env, 6)).toEqual(new Array(6).fill(0));
	});
});
