import { createHash } from 'node:crypto';
import { Connection, type ConnectionOptions } from './connection';
import { egressKey } from './egress';

/** A connection idle this long is closed rather than reused: servers and load balancers drop idle ones. */
const IDLE_CLOSE_MS = 50_000;
const MAX_POOLS = 32;

/**
 * The connections to one endpoint with one identity. Requests borrow a connection, so that each
 * connection carries one request at a time and keeps the authentication it earned for the next.
 */
export class ConnectionPool {
	private readonly idle: Connection[] = [];
	private readonly waiting: Array<(connection: Connection) => void> = [];
	private open = 0;

	constructor(
		private readonly options: ConnectionOptions,
		readonly maxConnections: number,
	) {}

	async acquire(): Promise<Connection> {
		while (this.idle.length) {
			const connection = this.idle.pop() as Connection;
			if (Date.now() - connection.lastUsed < IDLE_CLOSE_MS) return connection;
			connection.close();
			this.open--;
		}
		if (this.open < this.maxConnections) {
			this.open++;
			return new Connection(this.options);
		}
		return await new Promise((resolve) => this.waiting.push(resolve));
	}

	release(connection: Connection): void {
		const next = this.waiting.shift();
		if (next) next(connection);
		else this.idle.push(connection);
	}

	/** A connection in an unknown state (dropped mid-request, say) is closed, not reused. */
	discard(connection: Connection): void {
		connection.close();
		this.open--;
		if (this.waiting.length && this.open < this.maxConnections) {
			this.open++;
			(this.waiting.shift() as (connection: Connection) => void)(new Connection(this.options));
		}
	}

	async use<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
		const connection = await this.acquire();
		try {
			const result = await work(connection);
			this.release(connection);
			return result;
		} catch (error) {
			this.discard(connection);
			throw error;
		}
	}

	close(): void {
		for (const connection of this.idle.splice(0)) connection.close();
		this.open = 0;
	}
}

const pools = new Map<string, ConnectionPool>();

/**
 * Pools outlive one execution, so the next run of a workflow finds its connections already
 * authenticated. The key holds a hash of the secret, never the secret itself.
 */
export function sharedPool(options: ConnectionOptions, identity: string, secret: string, maxConnections: number): ConnectionPool {
	const key = createHash('sha256')
		.update(
			JSON.stringify([options.url.href, options.tls, options.timeoutMs, egressKey(options.egress), identity, maxConnections, createHash('sha256').update(secret).digest('hex')]),
		)
		.digest('hex');
	let pool = pools.get(key);
	if (!pool) {
		if (pools.size >= MAX_POOLS) {
			const [oldestKey, oldest] = pools.entries().next().value as [string, ConnectionPool];
			oldest.close();
			pools.delete(oldestKey);
		}
		pool = new ConnectionPool(options, maxConnections);
		pools.set(key, pool);
	}
	return pool;
}

/** Closes every pooled connection (tests, and n8n shutting a worker down). */
export function closeAllPools(): void {
	for (const pool of pools.values()) pool.close();
	pools.clear();
}
