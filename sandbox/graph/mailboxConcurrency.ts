/**
 * Exchange Online's concurrency limit for Graph: an app may have at most 4 requests in progress on one mailbox
 * (learn.microsoft.com/graph/throttling-limits, Outlook service limits: evaluated per app id and mailbox). A
 * request beyond it is refused unprocessed with 429 ApplicationThrottled and a Retry-After.
 */

export const MAILBOX_CONCURRENCY_LIMIT = 4;
/** Seconds Retry-After suggests for a refusal; a slot frees as soon as another request ends. */
export const MAILBOX_CONCURRENCY_RETRY_AFTER = 1;
/** The text Exchange Online sends for this limit, as reported in public issue threads. */
export const MAILBOX_CONCURRENCY_MESSAGE = 'Application is over its MailboxConcurrency limit.';

export class MailboxConcurrency {
	private readonly inProgress = new Map<string, number>();
	/** Most requests one app had in progress on one mailbox at once, per mailbox (lower-case address). */
	readonly peak = new Map<string, number>();
	/** Requests refused because their app was at the limit on their mailbox. */
	refused = 0;

	constructor(readonly limit = MAILBOX_CONCURRENCY_LIMIT) {}

	/** Takes a slot for the app's request on the mailbox, or counts a refusal and returns false. */
	enter(appId: string, mailbox: string): boolean {
		const key = slotKey(appId, mailbox);
		const count = this.inProgress.get(key) ?? 0;
		if (count >= this.limit) {
			this.refused++;
			return false;
		}
		this.inProgress.set(key, count + 1);
		const address = mailbox.toLowerCase();
		this.peak.set(address, Math.max(this.peak.get(address) ?? 0, count + 1));
		return true;
	}

	leave(appId: string, mailbox: string): void {
		const key = slotKey(appId, mailbox);
		const count = (this.inProgress.get(key) ?? 1) - 1;
		if (count > 0) this.inProgress.set(key, count);
		else this.inProgress.delete(key);
	}

	/** Forgets peaks and refusals (between tests). */
	resetCounters(): void {
		this.peak.clear();
		this.refused = 0;
	}
}

function slotKey(appId: string, mailbox: string): string {
	return `${appId.toLowerCase()}\n${mailbox.toLowerCase()}`;
}
