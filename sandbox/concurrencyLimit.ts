import { soapFault } from './soap';
import { el } from './xml';

/**
 * Exchange's EWSMaxConcurrency: how many EWS requests one account may have in progress at once (Exchange 2010: 10,
 * 2013 and later and Exchange Online: 27). A request beyond it is refused unprocessed with ErrorServerBusy, the
 * text and MessageXml values Exchange Online sends for the 'MaxConcurrency' policy part. Exchange charges
 * impersonated requests to the impersonated mailbox; the sandbox charges the signed-in account, which is
 * stricter for a service account that impersonates many mailboxes.
 */

/** Exchange suggests no pause for this policy part: a slot frees as soon as another request ends. */
export const CONCURRENCY_BACK_OFF_MS = 0;

export class AccountConcurrency {
	private readonly inProgress = new Map<string, number>();
	private current = 0;
	/** Most requests in progress at once, over all accounts. */
	peak = 0;
	/** Requests refused because their account was at the limit. */
	refused = 0;

	/** `limit` undefined: no limit, requests are only counted. */
	constructor(readonly limit?: number) {}

	/** Takes a slot for the account's request, or counts a refusal and returns false. */
	enter(account: string): boolean {
		const count = this.inProgress.get(account) ?? 0;
		if (this.limit !== undefined && count >= this.limit) {
			this.refused++;
			return false;
		}
		this.inProgress.set(account, count + 1);
		this.current++;
		this.peak = Math.max(this.peak, this.current);
		return true;
	}

	leave(account: string): void {
		const count = (this.inProgress.get(account) ?? 1) - 1;
		if (count > 0) this.inProgress.set(account, count);
		else this.inProgress.delete(account);
		this.current--;
	}

	/** The HTTP 500 SOAP fault body of a refused request. */
	refusal(): string {
		const limit = String(this.limit);
		const value = (name: string, text: string) => el('t:Value', { Name: name }, text);
		return soapFault({
			code: 'ErrorServerBusy',
			message: 'You have exceeded the available concurrent connections for your account. Try again once your other requests have completed.',
			messageXml: [
				value('Policy', 'MaxConcurrency'),
				value('MaxConcurrencyLimit', limit),
				value(
					'ErrorMessage',
					`This operation exceeds the throttling budget for policy part 'MaxConcurrency', policy value '${limit}', Budget type: 'Ews'. Suggested backoff time ${CONCURRENCY_BACK_OFF_MS} ms.`,
				),
				value('BackOffMilliseconds', String(CONCURRENCY_BACK_OFF_MS)),
			],
		});
	}
}
