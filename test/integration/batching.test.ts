import {
	deliveriesPerItem,
	indexOfSubject,
	itemsOf,
	reportPerItem,
	sendBatched,
	subjectOf,
	type BatchedSendOptions,
} from '../helpers/batchedSend';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const ALICE = 'alice@contoso.com';
const CAROL = 'carol@contoso.com';

function send(options: BatchedSendOptions) {
	return sendBatched(env, options);
}

/** The items each CreateItem Exchange processed carried, ordered by their first item. */
function processedBatches(): number[][] {
	return env
		.createItemRequests()
		.filter((request) => request.status === 200)
		.map(itemsOf)
		.sort((a, b) => a[0] - b[0]);
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('Batched sends', () => {
	it('puts consecutive items in requests of Batch Size, each item in exactly one, over one sign-in per connection', async () => {
		await env.sandbox.closeIdleConnections();
		const before = { ...env.sandbox.stats };

		const run = await send({ count: 7, batchSize: 3, concurrency: 2 });

		expect(reportPerItem(run, 7)).toEqual(new Array(7).fill('sent'));
		expect(processedBatches()).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
		expect(deliveriesPerItem(env, 7)).toEqual(new Array(7).fill(1));
		const connections = env.sandbox.stats.connections - before.connections;
		expect(connections).toBeLessThanOrEqual(2);
		expect(env.sandbox.stats.ntlmHandshakes - before.ntlmHandshakes).toBe(connections);
	});

	it('keeps the output in input order when later batches are answered first', async () => {
		// Three connections signed in beforehand, so the batches reach the sandbox in the order they are sent.
		await send({ count: 3, batchSize: 1, concurrency: 3 });
		env.sandbox.store.reset();
		env.sandbox.requests.length = 0;
		// The first request to arrive is answered last, the second after the third.
		env.sandbox.faults.push({ kind: 'latency', ms: 900, operation: 'CreateItem' }, { kind: 'latency', ms: 450, operation: 'CreateItem' });

		const run = await send({ count: 6, batchSize: 2, concurrency: 3 });

		const answeredOrder = env.sandbox.store.deliveries.map((delivery) => indexOfSubject(delivery.subject));
		expect(answeredOrder).not.toEqual(range(6));
		expect(reportPerItem(run, 6)).toEqual(new Array(6).fill('sent'));
		expect(run.outputOf(NODE_NAME).map((item) => item.json.subject)).toEqual(range(6).map(subjectOf));
		expect(deliveriesPerItem(env, 6)).toEqual(new Array(6).fill(1));
	});

	it('sends items for different mailboxes in different requests, each as its own mailbox', async () => {
		const mailboxOf = (index: number) => (index % 2 === 0 ? ALICE : CAROL);

		const run = await send({ count: 6, batchSize: 10, concurrency: 2, mailboxOf, credential: { impersonation: true } });

		expect(reportPerItem(run, 6)).toEqual(new Array(6).fill('sent'));
		const requests = env.createItemRequests().filter((request) => request.status === 200);
		expect(requests.map((request) => [request.impersonatedMailbox, itemsOf(request)]).sort()).toEqual([
			[ALICE, [0, 2, 4]],
			[CAROL, [1, 3, 5]],
		]);
		expect(env.sandbox.store.deliveries.map((delivery) => [indexOfSubject(delivery.subject), delivery.sender]).sort()).toEqual(
			range(6).map((index) => [index, mailboxOf(index)]),
		);
		expect(run.outputOf(NODE_NAME).map((item) => item.json.mailbox)).toEqual(range(6).map(mailboxOf));
	});

	it('with Batch Size 1 and one request at a time, sends one request per item, in order', async () => {
		const run = await send({ count: 5, batchSize: 1, concurrency: 1 });

		expect(reportPerItem(run, 5)).toEqual(new Array(5).fill('sent'));
		const requests = env.createItemRequests().filter((request) => request.status === 200);
		expect(requests.map(itemsOf)).toEqual(range(5).map((index) => [index]));
		expect(new Set(requests.map((request) => request.connectionId)).size).toBe(1);
		expect(env.sandbox.store.deliveries.map((delivery) => indexOfSubject(delivery.subject))).toEqual(range(5));
	});
});
