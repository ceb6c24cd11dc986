import { EwsError } from './errors';
import type { ConcurrencyWindow } from './throttling';

/**
 * When a request (or an item of it) is sent again, and the waiting before it: the one place every kind of
 * call goes through. A write is sent again only when Exchange says it did not process it; a read may also
 * be sent again when its outcome is unknown, since reading twice changes nothing.
 */

export type CallKind = 'read' | 'write';

/** No pause is shorter, whatever Exchange or a proxy asks for: `Retry-After: 0` must not become a busy loop. */
export const MIN_WAIT_MS = 1_000;
/** Longest single pause; Exchange's BackOffMilliseconds is usually far below. */
export const MAX_WAIT_MS = 120_000;
/** How long one request may spend waiting in total before it fails. */
export const WAIT_BUDGET_MS = 300_000;
/** Sends of one request (or item) at most, the first one included. */
export const MAX_ATTEMPTS = 10;

/** Answers that mean the request was turned away unprocessed, and that sending it again later may get through. */
const TRANSIENT_REFUSALS = new Set(['ErrorServerBusy', 'ServiceUnavailable', 'TooManyRequests', 'ConnectionLost']);

/** The attempts and the waiting one request (or one item of a batch) has had so far. */
export class RetryState {
	attempts = 1;
	waited = 0;

	constructor(
		readonly kind: CallKind,
		/** False where the caller sends again itself (the batcher, per item). */
		private readonly resends = true,
	) {}

	/**
	 * How long to wait before sending again, or undefined when this must not (or need not) be sent again:
	 * the error is final, or the attempts or the waiting budget are used up.
	 */
	delayAfter(error: unknown): number | undefined {
		if (!this.resends || !(error instanceof EwsError) || !mayResend(error, this.kind)) return undefined;
		if (this.attempts >= MAX_ATTEMPTS) return undefined;
		const asked = error.backOffMs ?? error.retryAfterMs;
		const wait = Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, asked ?? MIN_WAIT_MS * 2 ** (this.attempts - 1)));
		return this.waited + wait > WAIT_BUDGET_MS ? undefined : wait;
	}

	/** Counts the next attempt and waits before it; rejects with `cancelled()` as soon as the signal aborts. */
	async wait(ms: number, signal?: AbortSignal): Promise<void> {
		this.attempts++;
		this.waited += ms;
		await pause(ms, signal);
	}
}

/** Answers whose outcome is unknown but that sending the request again would only repeat. */
const REPEATABLE_FAILURES = new Set(['ResponseTooLarge']);

function mayResend(error: EwsError, kind: CallKind): boolean {
	if (REPEATABLE_FAILURES.has(error.code)) return false;
	if (error.processing === 'notProcessed') return TRANSIENT_REFUSALS.has(error.code);
	return kind === 'read' && error.processing === 'unknown';
}

/** The error for work the run's cancellation kept from being sent. */
export function cancelled(): EwsError {
	return new EwsError({
		code: 'Cancelled',
		message: 'Not sent: the execution was cancelled',
		hint: 'The workflow was stopped, or it reached its timeout, before this was sent to Exchange.',
		processing: 'notProcessed',
	});
}

/** Throws `cancelled()` when the run was cancelled, so that no further request starts. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw cancelled();
}

/** Waits `ms`, ending at once with `cancelled()` when the signal aborts. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	throwIfCancelled(signal);
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(cancelled());
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** A Retry-After header's pause in ms (seconds or an HTTP date), as Exchange, Graph and proxies send it. */
export function retryAfterMs(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Sends one request through the client's concurrency window until it gets through or must not be sent
 * again: the loop both clients (EWS and Graph) share, so that they pause, shrink their window and give up alike.
 */
export async function sendWithRetry<T>(window: ConcurrencyWindow, retry: RetryState, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
	for (;;) {
		let wait: number | undefined;
		await window.acquire();
		try {
			throwIfCancelled(signal);
			const answer = await attempt();
			window.succeeded();
			return answer;
		} catch (error) {
			wait = retry.delayAfter(error);
			if (wait === undefined) throw error;
			window.pushBack();
		} finally {
			window.release();
		}
		await retry.wait(wait, signal);
	}
}
