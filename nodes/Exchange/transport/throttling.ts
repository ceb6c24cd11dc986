import type { EwsError } from './errors';

/** Answers that mean Exchange (or IIS before it) turned the request away unprocessed because of load. */
const THROTTLING_CODES = new Set(['ErrorServerBusy', 'ServiceUnavailable', 'TooManyRequests']);

/** Longest single pause; Exchange's BackOffMilliseconds is usually far below. */
export const MAX_WAIT_MS = 120_000;
/** How long one request may spend waiting on throttling in total before it fails. */
export const WAIT_BUDGET_MS = 300_000;
const FIRST_WAIT_MS = 500;

/**
 * How long to wait before sending a refused request again, or undefined when it must not be sent again:
 * only what Exchange says it did not process, and only for load.
 */
export function throttlingWait(error: EwsError, attempt: number): number | undefined {
	if (error.processing !== 'notProcessed' || !THROTTLING_CODES.has(error.code)) return undefined;
	const asked = error.backOffMs ?? error.retryAfterMs;
	return Math.min(MAX_WAIT_MS, asked ?? FIRST_WAIT_MS * 2 ** attempt);
}

export const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Requests in flight to one mailbox server, as a window that halves when Exchange pushes back and grows
 * by one after a window's worth of successes (additive increase, multiplicative decrease), so a run
 * slows down while the server is throttling and recovers after.
 */
export class ConcurrencyWindow {
	private limit: number;
	private inFlight = 0;
	private successes = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly max: number) {
		this.limit = max;
	}

	get current(): number {
		return this.limit;
	}

	async acquire(): Promise<void> {
		if (this.inFlight < this.limit) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(): void {
		const next = this.inFlight <= this.limit ? this.waiting.shift() : undefined;
		if (next) next();
		else this.inFlight--;
	}

	pushBack(): void {
		this.limit = Math.max(1, Math.floor(this.limit / 2));
		this.successes = 0;
	}

	succeeded(): void {
		if (this.limit >= this.max) return;
		if (++this.successes >= this.limit) {
			this.limit++;
			this.successes = 0;
			const next = this.waiting.shift();
			if (next) {
				this.inFlight++;
				next();
			}
		}
	}
}
