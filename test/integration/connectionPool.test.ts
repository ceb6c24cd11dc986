import type { Connection } from '../../nodes/Exchange/transport/http/connection';
import { ConnectionPool, sharedPool } from '../../nodes/Exchange/transport/http/connectionPool';
import { EwsError } from '../../nodes/Exchange/transport/errors';
import { startSandbox, type Sandbox } from '../../sandbox/server';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ log: () => undefined });
});

afterAll(async () => {
	await sandbox.close();
});

const options = () => ({ url: new URL(sandbox.httpUrl), tls: { rejectUnauthorized: true }, timeoutMs: 5_000 });

/** A real HTTP exchange on the connection (an unauthenticated POST the sandbox answers 401), so it holds an open socket. */
async function exercise(connection: Connection): Promise<void> {
	expect((await connection.post('', {})).status).toBe(401);
}

/** Whether the promise is still pending after the event loop had a turn. */
async function isPending(promise: Promise<unknown>): Promise<boolean> {
	const pending = Symbol('pending');
	const result = await Promise.race([promise.catch(() => undefined), new Promise((resolve) => setTimeout(() => resolve(pending), 20))]);
	return result === pending;
}

describe('Connection pool', () => {
	it('never hands out more than its limit when it is closed while connections are borrowed', async () => {
		const pool = new ConnectionPool(options(), 2);
		const first = await pool.acquire();
		await pool.acquire();
		pool.close();

		const third = pool.acquire();

		expect(await isPending(third)).toBe(true);
		expect(pool.openConnections).toBe(2);
		pool.release(first);
		await third;
		expect(pool.openConnections).toBe(2);
		expect(pool.idleConnections).toBe(0);
	});

	it('keeps its count in every order of acquire, release, discard and close', async () => {
		// A fixed pseudo-random sequence, so a failure can be replayed.
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const pool = new ConnectionPool(options(), 3);
		const borrowed: Connection[] = [];
		const pending: Array<Promise<Connection>> = [];
		for (let step = 0; step < 400; step++) {
			const choice = random();
			if (choice < 0.4) pending.push(pool.acquire().then((connection) => (borrowed.push(connection), connection)));
			else if (choice < 0.7 && borrowed.length > 0) pool.release(borrowed.splice(Math.floor(random() * borrowed.length), 1)[0]);
			else if (choice < 0.95 && borrowed.length > 0) pool.discard(borrowed.splice(Math.floor(random() * borrowed.length), 1)[0]);
			else if (choice >= 0.95) pool.close();
			await new Promise((resolve) => setImmediate(resolve));
			expect(borrowed.length).toBeLessThanOrEqual(3);
			expect(pool.openConnections).toBe(borrowed.length + pool.idleConnections);
			expect(new Set(borrowed).size).toBe(borrowed.length);
		}
		for (const connection of borrowed.splice(0)) pool.release(connection);
	});

	it('lets a request wait for a free connection only as long as its limit, and not at all once the run is cancelled', async () => {
		const pool = new ConnectionPool(options(), 1, 50_000, 300);
		const held = await pool.acquire();

		const started = Date.now();
		const timedOut = await pool.acquire().catch((error: unknown) => error);
		expect(timedOut).toBeInstanceOf(EwsError);
		expect(timedOut).toMatchObject({ code: 'NoConnectionFree', processing: 'notProcessed' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);

		const run = new AbortController();
		const waiting = pool.acquire(run.signal).catch((error: unknown) => error);
		run.abort();
		expect(await waiting).toMatchObject({ code: 'Cancelled', processing: 'notProcessed' });
		// Neither waiter took the connection that comes back.
		pool.release(held);
		expect(pool.idleConnections).toBe(1);
		expect(pool.openConnections).toBe(1);
	});

	it('closes idle connections on a timer that does not keep the process alive', async () => {
		const pool = new ConnectionPool(options(), 2, 200);
		const connection = await pool.acquire();
		await exercise(connection);
		const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

		pool.release(connection);

		expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBe(timersBefore);
		expect(pool.idleConnections).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 450));
		expect(pool.idleConnections).toBe(0);
		expect(pool.openConnections).toBe(0);
		expect(connection.isOpen).toBe(false);
	});

	it('closes the connections a cancelled run used: idle ones at once, borrowed ones when they come back', async () => {
		const pool = new ConnectionPool(options(), 3);
		const run = new AbortController();
		let borrowed: Connection | undefined;
		let release: () => void = () => undefined;
		const inFlight = pool.use(async (connection) => {
			borrowed = connection;
			await exercise(connection);
			await new Promise<void>((resolve) => (release = resolve));
		}, run.signal);
		const other = await pool.acquire();
		await pool.use(exercise, run.signal);
		await exercise(other);
		pool.release(other);
		expect(pool.idleConnections).toBe(2);

		run.abort();

		// The run's idle connection is closed; the one another run used stays.
		expect(pool.idleConnections).toBe(1);
		expect(other.isOpen).toBe(true);
		release();
		await inFlight;
		expect(borrowed?.isOpen).toBe(false);
		expect(pool.idleConnections).toBe(1);
		expect(pool.openConnections).toBe(1);
	});

	it('evicts the least recently used shared pool, and closes its borrowed connections when they come back', async () => {
		const poolOf = (index: number) => sharedPool(options(), `eviction-test-${index}`, 'secret', 1);
		const first = poolOf(0);
		const second = poolOf(1);
		for (let index = 2; index < 32; index++) poolOf(index);
		const fromFirst = await first.acquire();
		const fromSecond = await second.acquire();
		// The first pool is used again: the second is now the least recently used.
		expect(poolOf(0)).toBe(first);
		for (let index = 2; index < 32; index++) poolOf(index);

		poolOf(32);

		expect(poolOf(0)).toBe(first);
		expect(poolOf(1)).not.toBe(second);
		first.release(fromFirst);
		second.release(fromSecond);
		expect(first.idleConnections).toBe(1);
		expect(second.idleConnections).toBe(0);
		expect(second.openConnections).toBe(0);
	});
});
