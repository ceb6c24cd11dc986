import type { INodeExecutionData } from 'n8n-workflow';

import { asArray, childObject, textOf, type XmlObject } from './xmlObjects';
import type { RequestLogEntry } from '../../sandbox/requestLog';
import { validateEnvelope } from '../../sandbox/schemaValidator';
import { NODE_NAME, soapParts, type ExchangeRunOptions, type ExchangeTestEnvironment } from './exchangeWorkflow';
import { SCHEMA_AVAILABLE } from './schema';
import type { WorkflowRun } from './workflowRunner';

/**
 * Runs of Email → Send with many items, each with its own subject, so that the sandbox's deliveries can be
 * counted per message and every request's items named: the exactly-once witness for batching tests.
 */

export const RECIPIENT = 'bob@contoso.com';
export const CONTINUE_ON_FAIL: Partial<ExchangeRunOptions> = { settings: { onError: 'continueRegularOutput' } };

export interface BatchedSendOptions extends Omit<ExchangeRunOptions, 'parameters' | 'items'> {
	count: number;
	batchSize: number;
	concurrency: number;
	/** Mailbox to send from, per item; the credential's own when absent. */
	mailboxOf?: (index: number) => string;
	/** Recipient per item; RECIPIENT when absent. */
	recipientOf?: (index: number) => string;
}

export const subjectOf = (index: number) => `Batched message ${index}`;

export function indexOfSubject(subject: string | undefined): number {
	const match = /^Batched message (\d+)$/.exec(subject ?? '');
	if (!match) throw new Error(`Not a subject of a batched test message: ${subject}`);
	return Number(match[1]);
}

export async function sendBatched(env: ExchangeTestEnvironment, options: BatchedSendOptions): Promise<WorkflowRun> {
	const { count, batchSize, concurrency, mailboxOf, recipientOf, ...rest } = options;
	const items: INodeExecutionData[] = Array.from({ length: count }, (_, index) => ({
		json: {
			subject: subjectOf(index),
			to: recipientOf?.(index) ?? RECIPIENT,
			...(mailboxOf ? { mailbox: mailboxOf(index) } : {}),
		},
	}));
	const run = await env.run({
		parameters: {
			resource: 'email',
			operation: 'send',
			to: '={{ $json.to }}',
			subject: '={{ $json.subject }}',
			...(mailboxOf ? { mailbox: '={{ $json.mailbox }}' } : {}),
			options: { batchSize, concurrency },
		},
		items,
		...rest,
	});
	await validateFaultedRequests(env);
	return run;
}

/**
 * The sandbox answers most injected faults before its schema check; validate those requests here, so the
 * shared after-test check covers every request the node sent, faulted or not.
 */
async function validateFaultedRequests(env: ExchangeTestEnvironment): Promise<void> {
	const unchecked = env.sandbox.requests.filter((request) => request.account !== undefined && request.body !== '' && request.schema === undefined);
	for (const request of unchecked) request.schema = SCHEMA_AVAILABLE ? await validateEnvelope(request.body, request.requestedVersion) : 'skipped';
}

/** How often each of the run's messages reached its recipient, by item index. */
export function deliveriesPerItem(env: ExchangeTestEnvironment, count: number): number[] {
	const counts = new Array<number>(count).fill(0);
	for (const delivery of env.sandbox.store.deliveries) counts[indexOfSubject(delivery.subject)]++;
	return counts;
}

/** The item indexes a logged CreateItem request carried, in request order. */
export function itemsOf(request: RequestLogEntry): number[] {
	const items = childObject(soapParts(request).operation, 'Items');
	return asArray(items?.Message).map((message) => indexOfSubject(textOf((message as XmlObject).Subject)));
}

const arrivals = new WeakMap<RequestLogEntry, number>();

/** Stamps every request the sandbox logs with the time it arrived, which its log does not keep. */
export function recordArrivalTimes(env: ExchangeTestEnvironment): void {
	beforeAll(() => {
		const log = env.sandbox.requests;
		const push = log.push.bind(log);
		log.push = (...entries: RequestLogEntry[]) => {
			for (const entry of entries) arrivals.set(entry, performance.now());
			return push(...entries);
		};
	});
}

export function arrivalOf(request: RequestLogEntry): number {
	const time = arrivals.get(request);
	if (time === undefined) throw new Error('No arrival time: call recordArrivalTimes() in the test file');
	return time;
}

/** CreateItem requests that consumed an injected fault of this kind. */
export function requestsWithFault(env: ExchangeTestEnvironment, kind: string): RequestLogEntry[] {
	return env.createItemRequests().filter((request) => request.injectedFault === kind);
}

/** How many CreateItem requests carried each item, by item index: 1 means it was never sent again. */
export function sendsPerItem(env: ExchangeTestEnvironment, count: number): number[] {
	const counts = new Array<number>(count).fill(0);
	for (const request of env.createItemRequests()) {
		// Requests refused during the NTLM handshake never reached Exchange.
		if (request.account === undefined) continue;
		for (const index of itemsOf(request)) counts[index]++;
	}
	return counts;
}

export type ItemReport = 'sent' | 'unknown' | `failed: ${string}`;

/**
 * What the user sees for each item with continue-on-fail on: sent, failed with its EWS code, or failed
 * with an unknown outcome. Checks on the way that the output has one item per input, in input order,
 * each paired to its input and, when sent, carrying its own subject.
 */
export function reportPerItem(run: WorkflowRun, count: number): ItemReport[] {
	expect(run.status).toBe('success');
	const output = run.outputOf(NODE_NAME);
	expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_, index) => ({ item: index })));
	return output.map((item, index): ItemReport => {
		const { error, code, subject } = item.json;
		if (error === undefined) {
			expect(subject).toBe(subjectOf(index));
			return 'sent';
		}
		expect(error).toContain(`[item ${index}]`);
		return /^Outcome unknown/.test(String(error)) ? 'unknown' : `failed: ${String(code)}`;
	});
}

/** Exactly once: every item reported as sent reached its recipient once, every failed one never. */
export function expectDeliveriesMatchReports(reports: ItemReport[], deliveries: number[], unknownDelivered: 0 | 1): void {
	expect(deliveries).toEqual(reports.map((report) => (report === 'sent' ? 1 : report === 'unknown' ? unknownDelivered : 0)));
}
