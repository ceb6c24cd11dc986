import type { SoapTransport } from './auth/types';
import { buildEnvelope } from './envelope';
import { EwsError } from './errors';
import type { HttpAnswer } from './http/answer';
import { readSoapAnswer, type EwsAnswer } from './responses';
import { smtpAddressOf, type ExchangeVersion } from './settings';
import { retryAfterMs, RetryState, sendWithRetry, type CallKind } from './retry';
import { ConcurrencyWindow } from './throttling';
import type { XmlElement } from './xml';

/** How the node reaches a mailbox: its own, through impersonation, or as a delegate with access to it. */
export interface MailboxAccess {
	mode: 'own' | 'impersonation' | 'delegate';
	/** SMTP address of the target mailbox, when known. */
	address?: string;
}

export interface CallOptions {
	/** SMTP address of the mailbox to act on; empty for the credential's own. */
	mailbox?: string;
	/** Windows time zone id, sent as TimeZoneContext. */
	timeZoneId?: string;
	/**
	 * A read may be sent again when its outcome is unknown; a write (the default) only when Exchange says
	 * it did not process it.
	 */
	kind?: CallKind;
	/** The run's cancellation: no request starts after it, and back-off waits end at once. */
	signal?: AbortSignal;
	/** False when the caller sends again itself (the batcher, per item), so that no request is resent twice over. */
	resend?: boolean;
}

export interface EwsClientConfig {
	version: ExchangeVersion;
	impersonation: boolean;
	/** The credential's own mailbox, when its user name is an SMTP address. */
	ownAddress?: string;
	/** Requests in flight at most; the window shrinks below it while Exchange throttles. */
	maxConcurrency: number;
	/** App-only OAuth has no mailbox of its own: every request must name one. */
	mailboxRequired?: boolean;
}

function isXml(answer: HttpAnswer): boolean {
	const type = answer.headers['content-type'] ?? '';
	return /xml/i.test(type) || (!type && answer.body.trimStart().startsWith('<?xml'));
}

/** Turns an HTTP answer into the operation's response, or an EwsError that says what went wrong. */
function readHttpAnswer(answer: HttpAnswer, transport: SoapTransport): EwsAnswer {
	const { status } = answer;
	if ((status === 200 || status === 500) && isXml(answer)) return readSoapAnswer(answer.body, status);
	if (status === 401) throw transport.unauthorized(answer);
	if (status === 200) {
		throw new EwsError({
			code: 'NotEws',
			message: 'The URL answered with a web page, not with EWS',
			hint: 'Check the EWS URL: it usually ends with /EWS/Exchange.asmx (not /owa or /ecp).',
			httpStatus: status,
			processing: 'unknown',
		});
	}
	if (status >= 300 && status < 400) {
		throw new EwsError({
			code: 'Redirected',
			message: `The server redirected the request to ${answer.headers.location ?? 'another address'}`,
			hint: 'EWS does not redirect: the URL probably points at a sign-in page or an old address. Use the full EWS URL, e.g. https://mail.contoso.com/EWS/Exchange.asmx.',
			httpStatus: status,
			processing: 'notProcessed',
		});
	}
	if (status === 403) throw transport.forbidden(answer);
	if (status === 404) {
		throw new EwsError({
			code: 'NotEws',
			message: 'There is no EWS endpoint at this URL (HTTP 404)',
			hint: 'Check the EWS URL: it usually ends with /EWS/Exchange.asmx.',
			httpStatus: status,
			processing: 'notProcessed',
		});
	}
	if (status === 407) {
		throw new EwsError({
			code: 'ProxyAuthenticationRequired',
			message: 'The HTTP proxy requires authentication (HTTP 407)',
			hint: 'Put the proxy\'s user and password in HTTPS_PROXY (http://user:password@proxy:port), or exempt the Exchange host through NO_PROXY.',
			httpStatus: status,
			processing: 'notProcessed',
		});
	}
	if (status === 413) {
		throw new EwsError({
			code: 'ErrorMessageSizeExceeded',
			message: 'The request is larger than the server accepts (HTTP 413)',
			hint: 'Send smaller attachments, or have an admin raise maxAllowedContentLength / maxReceivedMessageSize for EWS in IIS.',
			httpStatus: status,
			processing: 'notProcessed',
		});
	}
	if (status === 429 || status === 503) {
		throw new EwsError({
			code: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
			message: `Exchange is not taking requests right now (HTTP ${status})`,
			hint: 'The server is overloaded or throttling. Try again later.',
			httpStatus: status,
			processing: 'notProcessed',
			retryAfterMs: retryAfterMs(answer.headers['retry-after']),
		});
	}
	throw new EwsError({
		code: `Http${status}`,
		message: `Exchange answered with HTTP ${status} and no EWS message`,
		hint: status >= 500 ? 'A server or a proxy in front of it failed. Try again later; if it persists, ask the Exchange admin to check the EWS logs.' : undefined,
		httpStatus: status,
		processing: status >= 500 ? 'unknown' : 'notProcessed',
	});
}

/**
 * The one seam every operation calls: wraps an operation element in the SOAP envelope with the headers
 * its mailbox needs, sends it through the credential's transport, and reads the answer.
 */
export class EwsClient {
	/** Shared by every call of this client, so one run's requests slow down together when Exchange pushes back. */
	readonly window: ConcurrencyWindow;

	constructor(
		private readonly transport: SoapTransport,
		readonly config: EwsClientConfig,
	) {
		this.window = new ConcurrencyWindow(config.maxConcurrency);
	}

	get version(): ExchangeVersion {
		return this.config.version;
	}

	access(mailbox?: string): MailboxAccess {
		const address = mailbox?.trim() || undefined;
		if (!address && this.config.mailboxRequired) {
			throw new EwsError({
				code: 'MailboxRequired',
				message: 'The "Mailbox" field is empty, but app-only access (client credentials) has no mailbox of its own',
				hint: 'Enter the SMTP address of the mailbox to act as in the node\'s Mailbox field, e.g. shared@contoso.com.',
				processing: 'notProcessed',
			});
		}
		if (!address) return { mode: 'own', address: this.config.ownAddress };
		if (address.toLowerCase() === this.config.ownAddress?.toLowerCase()) return { mode: 'own', address };
		return { mode: this.config.impersonation ? 'impersonation' : 'delegate', address };
	}

	/**
	 * Sends one operation. What Exchange turned away unprocessed because of load (ErrorServerBusy, 503, 429)
	 * or a connection reset before the request went out is sent again after a pause (retry.ts), as is a
	 * read whose outcome is unknown; nothing else is. Requests already on the wire when the run is
	 * cancelled are let finish.
	 */
	async call(operation: XmlElement, options: CallOptions = {}): Promise<EwsAnswer> {
		const { signal } = options;
		const access = this.access(options.mailbox);
		const envelope = buildEnvelope(operation, {
			version: this.config.version,
			impersonate: access.mode === 'impersonation' ? access.address : undefined,
			timeZoneId: options.timeZoneId,
		});
		const anchor = smtpAddressOf(access.address);
		const headers: Record<string, string> = anchor ? { 'X-AnchorMailbox': anchor } : {};
		const retry = new RetryState(options.kind ?? 'write', options.resend !== false);
		return await sendWithRetry(this.window, retry, signal, async () => readHttpAnswer(await this.transport.post(envelope, headers, signal), this.transport));
	}
}
