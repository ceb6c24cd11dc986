import type { Fault } from '../../sandbox/faults';
import type { RequestLogEntry } from '../../sandbox/requestLog';
import {
	arrivalOf,
	CONTINUE_ON_FAIL,
	deliveriesPerItem,
	expectDeliveriesMatchReports,
	itemsOf,
	RECIPIENT,
	recordArrivalTimes,
	reportPerItem,
	requestsWithFault,
	sendBatched,
	sendsPerItem,
	type BatchedSendOptions,
	type ItemReport,
} from '../helpers/batchedSend';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();
recordArrivalTimes(env);

// Nine messages in batches of three, two requests in flight: every fault hits one batch among several.
const COUNT = 9;
const ALL_SENT: ItemReport[] = new Array(COUNT).fill('sent');
const ONCE_EACH: number[] = new Array(COUNT).fill(1);

function send(options: Partial<BatchedSendOptions> = {}) {
	return sendBatched(env, { count: COUNT, batchSize: 3, concurrency: 2, ...CONTINUE_ON_FAIL, ...options });
}

function inject(...faults: Fault[]): void {
	env.sandbox.faults.push(...faults.map((fault) => ({ ...fault, operation: 'CreateItem' })));
}

/** The items the requests that consumed this kind of fault carried, each once. */
function itemsHitBy(kind: Fault['kind']): number[] {
	return [...new Set(requestsWithFault(env, kind).flatMap(itemsOf))];
}

/** Every item sent but those listed, which get `report`. */
function allSentBut(items: number[], report: ItemReport): ItemReport[] {
	return Array.from({ length: COUNT }, (_, index) => (items.includes(index) ? report : 'sent'));
}

/** One CreateItem per item, plus one more for each time a request carrying it was refused unprocessed. */
function sendsWithRetriesOf(kind: Fault['kind']): number[] {
	const sends = new Array<number>(COUNT).fill(1);
	for (const request of requestsWithFault(env, kind)) for (const index of itemsOf(request)) sends[index]++;
	return sends;
}

/** The refused request's item went out again, and no sooner than `ms` after the refused request arrived. */
function expectSentAgainAfter(refused: RequestLogEntry, item: number, ms: number): void {
	const again = env
		.createItemRequests()
		.find((request) => request.account !== undefined && arrivalOf(request) > arrivalOf(refused) && itemsOf(request).includes(item));
	expect(again).toBeDefined();
	// performance.now() and the timers may disagree by a fraction of a millisecond.
	expect(arrivalOf(again as RequestLogEntry) - arrivalOf(refused)).toBeGreaterThanOrEqual(ms - 1);
}

describe('Batched sends Exchange refuses unprocessed are sent again, once, after the wait', () => {
	it('waits the BackOffMilliseconds of ErrorServerBusy faults on the first requests, then sends every message once', async () => {
		inject({ kind: 'serverBusy', backOffMs: 400 }, { kind: 'serverBusy', backOffMs: 700 });

		const run = await send();

		const refused = requestsWithFault(env, 'serverBusy');
		expect(refused).toHaveLength(2);
		expect(reportPerItem(run, COUNT)).toEqual(ALL_SENT);
		expect(deliveriesPerItem(env, COUNT)).toEqual(ONCE_EACH);
		// Only the refused requests went out again, each as a whole.
		expect(sendsPerItem(env, COUNT)).toEqual(sendsWithRetriesOf('serverBusy'));
		refused.forEach((request, index) => expectSentAgainAfter(request, itemsOf(request)[0], [400, 700][index]));
	});

	it('sends again only the item Exchange answered ErrorServerBusy inside a batch', async () => {
		inject({
			kind: 'itemError',
			index: 1,
			code: 'ErrorServerBusy',
			message: 'The server cannot service this request right now. Try again later.',
			backOffMs: 2500,
		});

		const run = await send();

		const [busyRequest] = requestsWithFault(env, 'itemError');
		const busyItem = itemsOf(busyRequest)[1];
		expect(reportPerItem(run, COUNT)).toEqual(ALL_SENT);
		expect(deliveriesPerItem(env, COUNT)).toEqual(ONCE_EACH);
		expect(sendsPerItem(env, COUNT)).toEqual(Array.from({ length: COUNT }, (_, index) => (index === busyItem ? 2 : 1)));
		expectSentAgainAfter(busyRequest, busyItem, 2500);
	});

	it.each([503, 429])('honours Retry-After on an HTTP %i, then sends every message once', async (status) => {
		inject({ kind: 'httpStatus', status, retryAfter: 1 });

		const run = await send();

		const [refused] = requestsWithFault(env, 'httpStatus');
		expectSentAgainAfter(refused, itemsOf(refused)[0], 1000);
		expect(reportPerItem(run, COUNT)).toEqual(ALL_SENT);
		expect(deliveriesPerItem(env, COUNT)).toEqual(ONCE_EACH);
		expect(sendsPerItem(env, COUNT)).toEqual(sendsWithRetriesOf('httpStatus'));
	});

	it.each<[string, Fault]>([
		['ErrorServerBusy with BackOffMilliseconds 0', { kind: 'serverBusy', backOffMs: 0 }],
		['HTTP 503 with Retry-After: 0', { kind: 'httpStatus', status: 503, retryAfter: 0 }],
	])('waits at least a second after %s, never resending at once', async (_case, fault) => {
		inject(fault);

		// One request at a time, so that nothing but the pause can delay the resend.
		const run = await sendBatched(env, { count: 3, batchSize: 3, concurrency: 1, ...CONTINUE_ON_FAIL });

		const [refused] = requestsWithFault(env, fault.kind);
		expectSentAgainAfter(refused, itemsOf(refused)[0], 1000);
		expect(reportPerItem(run, 3)).toEqual(['sent', 'sent', 'sent']);
		expect(deliveriesPerItem(env, 3)).toEqual([1, 1, 1]);
	});

	it('gives up after 10 attempts of one request, failing its items with Exchange\'s error', async () => {
		// An eleventh refusal stays queued if the node stops at ten, as it must.
		inject(...Array.from({ length: 11 }, (): Fault => ({ kind: 'serverBusy', backOffMs: 0 })));

		const run = await sendBatched(env, { count: 3, batchSize: 3, concurrency: 1, ...CONTINUE_ON_FAIL });

		expect(requestsWithFault(env, 'serverBusy')).toHaveLength(10);
		expect(env.sandbox.faults.pending).toHaveLength(1);
		expect(reportPerItem(run, 3)).toEqual(new Array(3).fill('failed: ErrorServerBusy'));
		expect(deliveriesPerItem(env, 3)).toEqual([0, 0, 0]);
		// Each resend waited the one-second floor.
		const arrivals = requestsWithFault(env, 'serverBusy').map(arrivalOf);
		for (let index = 1; index < arrivals.length; index++) expect(arrivals[index] - arrivals[index - 1]).toBeGreaterThanOrEqual(999);
	});

	it('counts an item\'s attempts across refusals of its whole request and of the item alone: 10 in all, not 10 per request', async () => {
		// Refusals of the whole request and of the one item alternate; a retry loop in the client nested in
		// the batcher's would count them apart and send the item far more than 10 times.
		const itemBusy: Fault = { kind: 'itemError', index: 0, code: 'ErrorServerBusy', message: 'Busy', backOffMs: 0 };
		const requestBusy: Fault = { kind: 'serverBusy', backOffMs: 0 };
		inject(...Array.from({ length: 12 }, (_, index): Fault => (index % 3 === 2 ? itemBusy : requestBusy)));

		const run = await sendBatched(env, { count: 1, batchSize: 1, concurrency: 1, ...CONTINUE_ON_FAIL });

		expect(env.sandbox.requests.filter((request) => request.operation === 'CreateItem' && request.status !== 401)).toHaveLength(10);
		expect(reportPerItem(run, 1)).toEqual(['failed: ErrorServerBusy']);
		expect(deliveriesPerItem(env, 1)).toEqual([0]);
	});

	it('signs in again when Exchange drops a connection\'s NTLM logon mid-run, and sends every message once', async () => {
		// Pooled connections from earlier tests would hide how many handshakes this run needed.
		await env.sandbox.closeIdleConnections();
		const before = { ...env.sandbox.stats };
		// The third CreateItem, after two that pass untouched, meets the 401.
		inject({ kind: 'latency', ms: 0 }, { kind: 'latency', ms: 0 }, { kind: 'unauthorized' });

		const run = await send();

		expect(requestsWithFault(env, 'unauthorized')).toHaveLength(1);
		expect(reportPerItem(run, COUNT)).toEqual(ALL_SENT);
		expect(deliveriesPerItem(env, COUNT)).toEqual(ONCE_EACH);
		expect(sendsPerItem(env, COUNT)).toEqual(sendsWithRetriesOf('unauthorized'));
		// One handshake per new connection, and one more for the connection whose logon was dropped.
		const connections = env.sandbox.stats.connections - before.connections;
		expect(env.sandbox.stats.ntlmHandshakes - before.ntlmHandshakes).toBe(connections + 1);
	});
});

describe('Batched sends Exchange refuses in part', () => {
	// Last of its batch, so that an answer mapped to the wrong item shows.
	const INVALID = 5;
	const recipientOf = (index: number) => (index === INVALID ? 'nobody@contoso.com' : RECIPIENT);

	it('with continue-on-fail, fails only the item with an invalid recipient, with its code, and sends the others', async () => {
		const run = await send({ recipientOf });

		const reports = reportPerItem(run, COUNT);
		expect(reports).toEqual(allSentBut([INVALID], 'failed: ErrorInvalidRecipients'));
		expect(run.outputOf(NODE_NAME)[INVALID].json.error).toMatch(new RegExp(`^ErrorInvalidRecipients: .*\\[item ${INVALID}\\]$`));
		expectDeliveriesMatchReports(reports, deliveriesPerItem(env, COUNT), 0);
		expect(sendsPerItem(env, COUNT)).toEqual(ONCE_EACH);
	});

	it('without continue-on-fail, stops with an error naming the item and how many others were sent', async () => {
		const run = await send({ recipientOf, settings: {} });

		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(new RegExp(`^ErrorInvalidRecipients: .*\\[item ${INVALID}\\]$`));
		const deliveries = deliveriesPerItem(env, COUNT);
		expect(deliveries[INVALID]).toBe(0);
		expect(Math.max(...deliveries)).toBe(1);
		const sent = deliveries.reduce((sum, count) => sum + count, 0);
		expect(run.error?.description).toContain(`${sent} of ${COUNT} items were carried out before the run stopped`);
	});
});

describe('Batched sends whose outcome is unknown are reported so and never sent again', () => {
	it('reports the items of a request whose connection dropped after Exchange processed it, delivered once each', async () => {
		inject({ kind: 'dropConnection', after: 'afterProcessing' });

		const run = await send();

		const dropped = itemsHitBy('dropConnection');
		expect(dropped).toHaveLength(3);
		const reports = reportPerItem(run, COUNT);
		expect(reports).toEqual(allSentBut(dropped, 'unknown'));
		expectDeliveriesMatchReports(reports, deliveriesPerItem(env, COUNT), 1);
		expect(sendsPerItem(env, COUNT)).toEqual(ONCE_EACH);
		const unknown = run.outputOf(NODE_NAME)[dropped[0]].json;
		expect(unknown).toMatchObject({ code: 'ConnectionLost', error: expect.stringMatching(/it was not sent again/) });
		expect(unknown.description).toMatch(/whether Exchange sent this message before running this item again/);
	});

	it.each<[string, Fault, string, Partial<BatchedSendOptions>]>([
		['the connection dropped before Exchange processed it', { kind: 'dropConnection', after: 'beforeProcessing' }, 'ConnectionLost', {}],
		// The timeout covers each whole answer, schema check included: long enough for the batches that are
		// answered on a loaded machine, short enough to keep the test quick.
		['the server stopped answering', { kind: 'hang' }, 'Timeout', { credential: { timeout: 6 } }],
		['an IIS 500 error page came back', { kind: 'html', status: 500 }, 'Http500', {}],
		['a gateway\'s 502 error page came back', { kind: 'html', status: 502 }, 'Http502', {}],
		['the answer was cut off mid-XML', { kind: 'malformed' }, 'InvalidResponse', {}],
	])('reports the items of a request as of unknown outcome when %s, and sends them nowhere again', async (_case, fault, code, options) => {
		inject(fault);

		const run = await send(options);

		const hit = itemsHitBy(fault.kind);
		expect(hit).toHaveLength(3);
		const reports = reportPerItem(run, COUNT);
		expect(reports).toEqual(allSentBut(hit, 'unknown'));
		for (const index of hit) expect(run.outputOf(NODE_NAME)[index].json.code).toBe(code);
		// The sandbox failed these before processing: nothing was delivered, and the node did not try again.
		expectDeliveriesMatchReports(reports, deliveriesPerItem(env, COUNT), 0);
		expect(sendsPerItem(env, COUNT)).toEqual(ONCE_EACH);
	});

	it('without continue-on-fail, stops with an error naming the items of unknown outcome and how many others were sent', async () => {
		inject({ kind: 'dropConnection', after: 'afterProcessing' });

		const run = await send({ settings: {} });

		const dropped = itemsHitBy('dropConnection');
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(new RegExp(`^Outcome unknown: .*\\[item ${dropped[0]}\\]$`));
		expect(sendsPerItem(env, COUNT).filter((sends) => sends > 1)).toEqual([]);
		const deliveries = deliveriesPerItem(env, COUNT);
		expect(Math.max(...deliveries)).toBe(1);
		// The dropped request's items were delivered: the error must not call them "not sent".
		const done = deliveries.reduce((sum, count) => sum + count, 0) - dropped.length;
		expect(run.error?.description).toContain(
			`${done} of ${COUNT} items were carried out before the run stopped; Exchange may or may not have carried out items ${dropped.join(', ')}; the others were not sent`,
		);
	});
});
