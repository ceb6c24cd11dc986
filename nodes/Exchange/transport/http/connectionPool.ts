import { createHash } from 'node:crypto';
import { EwsError } from '../errors';
import { cancelled, throwIfCancelled } from '../retry';
import { Connection, type ConnectionOptions } from './connection';
import { egressKey } from './egress';

/** A connection idle this long is closed rather than reused: servers and load balancers drop idle ones. */
const IDLE_CLOSE_MS = 50_000;
const MAX_POOLS = 32;

let uses = 0;
/** A counter rather than the clock: many pools are asked for within one millisecond. */
const nextUse = () => ++uses;

interface Waiter {
	resolve(connection: Connection): void;
	reject(error: Error): void;
}

/**
 * The connections to one endpoint with one identity. Requests borrow a connection, so that each
 * connection carries one request at a time and keeps the authentication it earned for the next.
 * `open` counts idle and borrowed connections alike and never exceeds `maxConnections`, whatever the
 * order of acquire, release, discard and close.
 */
export class ConnectionPool {
	private readonly idle: Connection[] = [];
	private readonly waiting: Waiter[] = [];
	private open = 0;
	private closed = false;
	private idleTimer?: NodeJS.Timeout;
	/** The connections each run (by its cancel signal) has used, closed when the run is cancelled. */
	private readonly usedBy = new WeakMap<AbortSignal, Set<Connection>>();
	/** Borrowed connections to close rather than keep when they come back. */
	private readonly retiring = new WeakSet<Connection>();
	/** When the pool was last asked for, in the order of `sharedPool` and `acquire` calls. */
	lastUsed = nextUse();

	constructor(
		private readonly options: ConnectionOptions,
		readonly maxConnections: number,
		private readonly idleCloseMs = IDLE_CLOSE_MS,
		/** How long a request may wait for a connection to become free; the credential's timeout by default. */
		private readonly acquireTimeoutMs = options.timeoutMs,
	) {}

	get openConnections(): number {
		return this.open;
	}

	get idleConnections(): number {
		return this.idle.length;
	}

	async acquire(signal?: AbortSignal): Promise<Connection> {
		throwIfCancelled(signal);
		this.lastUsed = nextUse();
		this.closeStale();
		const reused = this.idle.pop();
		if (reused) return reused;
		if (this.open < this.maxConnections) {
			this.open++;
			return new Connection(this.options);
		}
		return await new Promise<Connection>((resolve, reject) => {
			const waiter: Waiter = {
				resolve: (connection) => {
					finish();
					resolve(connection);
				},
				reject: (error) => {
					finish();
					reject(error);
				},
			};
			const onAbort = () => {
				this.waiting.splice(this.waiting.indexOf(waiter), 1);
				waiter.reject(cancelled());
			};
			const timer = setTimeout(() => {
				this.waiting.splice(this.waiting.indexOf(waiter), 1);
				waiter.reject(this.noConnectionFree());
			}, this.acquireTimeoutMs);
			const finish = () => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', onAbort);
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.push(waiter);
		});
	}

	/** Gives a connection back: to the next waiter, to the idle list, or closed when the pool or its run is done with it. */
	release(connection: Connection): void {
		if (this.closed || this.retiring.has(connection)) {
			this.discard(connection);
			return;
		}
		const next = this.waiting.shift();
		if (next) {
			next.resolve(connection);
			return;
		}
		connection.lastUsed = Date.now();
		this.idle.push(connection);
		this.scheduleIdleClose();
	}

	/** A connection in an unknown state (dropped mid-request, say) is closed, not reused. */
	discard(connection: Connection): void {
		connection.close();
		this.open--;
		const next = this.waiting.shift();
		if (next) {
			this.open++;
			next.resolve(new Connection(this.options));
		}
	}

	/**
	 * Runs one request on a borrowed connection. With a signal, the connection is remembered as the run's:
	 * when the run is cancelled, its connections are closed, idle ones at once and borrowed ones when they
	 * come back.
	 */
	async use<T>(work: (connection: Connection) => Promise<T>, signal?: AbortSignal): Promise<T> {
		const connection = await this.acquire(signal);
		if (signal) this.remember(connection, signal);
		try {
			const result = await work(connection);
			this.release(connection);
			return result;
		} catch (error) {
			this.discard(connection);
			throw error;
		}
	}

	/** Closes idle connections now and borrowed ones as they come back; requests may still borrow new ones. */
	close(): void {
		this.closed = true;
		this.closeIdle(this.idle.splice(0));
	}

	private remember(connection: Connection, signal: AbortSignal): void {
		let used = this.usedBy.get(signal);
		if (!used) {
			used = new Set();
			this.usedBy.set(signal, used);
			const connections = used;
			signal.addEventListener('abort', () => this.retire(connections), { once: true });
		}
		used.add(connection);
	}

	private retire(connections: Set<Connection>): void {
		for (const connection of connections) {
			const index = this.idle.indexOf(connection);
			if (index >= 0) this.closeIdle(this.idle.splice(index, 1));
			else this.retiring.add(connection);
		}
		connections.clear();
	}

	private closeIdle(connections: Connection[]): void {
		for (const connection of connections) {
			connection.close();
			this.open--;
		}
	}

	/** Closes idle connections unused for too long, or whose socket the server closed. */
	private closeStale(): void {
		const now = Date.now();
		const isStale = (connection: Connection) => !connection.isOpen || now - connection.lastUsed >= this.idleCloseMs;
		const stale = this.idle.filter(isStale);
		if (stale.length === 0) return;
		this.idle.splice(0, this.idle.length, ...this.idle.filter((connection) => !isStale(connection)));
		this.closeIdle(stale);
	}

	/** Idle connections are closed on a timer that does not keep the process alive. */
	private scheduleIdleClose(): void {
		if (this.idleTimer) return;
		this.idleTimer = setTimeout(() => {
			this.idleTimer = undefined;
			this.closeStale();
			if (this.idle.length > 0) this.scheduleIdleClose();
		}, this.idleCloseMs);
		this.idleTimer.unref();
	}

	private noConnectionFree(): EwsError {
		return new EwsError({
			code: 'NoConnectionFree',
			message: `No connection to ${this.options.url.host} became free within ${Math.round(this.acquireTimeoutMs / 1000)} seconds`,
			hint: 'Other executions with the same credential hold every connection. Run fewer of them at once, or lower their Parallel Requests.',
			processing: 'notProcessed',
		});
	}
}

const pools = new Map<string, ConnectionPool>();

/**
 * Pools outlive one execution, so the next run of a workflow finds its connections already
 * authenticated. The key holds a hash of the secret, never the secret itself. Beyond MAX_POOLS, the
 * least recently used pool is closed: its borrowed connections close as their requests end.
 */
export function sharedPool(options: ConnectionOptions, identity: string, secret: string, maxConnections: number): ConnectionPool {
	const key = createHash('sha256')
		.update(
			JSON.stringify([options.url.href, options.tls, options.timeoutMs, egressKey(options.egress), identity, maxConnections, createHash('sha256').update(secret).digest('hex')]),
		)
		.digest('hex');
	let pool = pools.get(key);
	if (!pool) {
		if (pools.size >= MAX_POOLS) evictLeastRecentlyUsed();
		pool = new ConnectionPool(options, maxConnections);
		pools.set(key, pool);
	}
	pool.lastUsed = nextUse();
	return pool;
}

function evictLeastRecentlyUsed(): void {
	let oldest: [string, ConnectionPool] | undefined;
	for (const entry of pools) if (!oldest || entry[1].lastUsed < oldest[1].lastUsed) oldest = entry;
	if (!oldest) return;
	oldest[1].close();
	pools.delete(oldest[0]);
}
