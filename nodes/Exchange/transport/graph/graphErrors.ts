import { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';
import { retryAfterMs } from '../retry';
import type { GraphAnswer, GraphJson } from './types';

/** What an admin must change, by Graph's error code; the message decides where one code has several causes. */
const GRAPH_HINTS: Record<string, string> = {
	ErrorItemNotFound: 'The item or folder does not exist in this mailbox (any more). Graph ids differ from EWS ids: use ids read through Graph.',
	ErrorInvalidIdMalformed: 'The id is not a Graph id. Ids read through EWS do not work over Graph: read the item again with this credential.',
	ErrorInvalidUser: 'Exchange Online has no mailbox with this address in the credential\'s tenant. Check the Mailbox field (use the primary SMTP address) and that the mailbox is in Exchange Online, not still on-premises.',
	MailboxNotEnabledForRESTAPI: 'The mailbox is on-premises or inactive: Graph serves only Exchange Online mailboxes. Use an on-premises credential (EWS) for it.',
	Authorization_RequestDenied: 'The app lacks a Graph permission for this operation. In Entra ID, open the app registration → API permissions, add the Microsoft Graph permission the README lists for it, and grant admin consent.',
	ErrorAccessDenied: 'The app or user may not do this in this mailbox. Add the Microsoft Graph permission the README lists (Mail.ReadWrite, Mail.Send, Calendars.ReadWrite...) and grant admin consent; a delegated user also needs Full Access to another user\'s mailbox.',
	ErrorSendAsDenied: 'The user may not send as this mailbox: grant "Send As" on it in Exchange, or use app-only access with Mail.Send.',
	ApplicationThrottled: 'Exchange Online throttled the app for this mailbox. The node waited as asked; run fewer items at once (Batch Size, Concurrency) if it keeps happening.',
};

const ACCESS_POLICY_HINT =
	'An Exchange Online application access policy (or RBAC for Applications) keeps this app from the mailbox. An Exchange admin adds the mailbox to the policy\'s group (Get-ApplicationAccessPolicy / Test-ApplicationAccessPolicy -Identity <mailbox> -AppId <client id>), or scopes the app\'s role assignment to include it.';

const AUDIENCE_HINT =
	'The token is not for Microsoft Graph. With the API set to Microsoft Graph the credential asks for https://graph.microsoft.com scopes; a token given by hand must be issued for https://graph.microsoft.com (aud), not for https://outlook.office365.com.';

const EXPIRED_HINT = 'The access token expired or was revoked. An OAuth2 credential renews it by itself; a token given by hand must be fetched again.';

function parseJson(text: string): GraphJson | undefined {
	if (!text.trim()) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' ? (value as GraphJson) : undefined;
	} catch {
		return undefined;
	}
}

function hintFor(status: number, code: string, message: string): string | undefined {
	if (/AccessPolicy|application access policy|RBAC/i.test(message)) return ACCESS_POLICY_HINT;
	if (status === 401) return /audience|aud\b/i.test(message) ? AUDIENCE_HINT : /expired|lifetime/i.test(message) ? EXPIRED_HINT : AUDIENCE_HINT;
	return GRAPH_HINTS[code];
}

/** What a status means for the request: turned away unprocessed, or maybe carried out. */
function processingOf(status: number): 'notProcessed' | 'unknown' {
	return status >= 500 && status !== 503 ? 'unknown' : 'notProcessed';
}

/** Graph's `{"error":{"code","message"}}` (or a proxy's answer) as the EwsError the node's rules read. */
export function readGraphError(answer: { status: number; headers: Record<string, string | undefined>; body: unknown }): EwsError {
	const { status, headers } = answer;
	const body = typeof answer.body === 'string' ? parseJson(answer.body) : (answer.body as GraphJson | undefined);
	const error = (body?.error ?? {}) as { code?: unknown; message?: unknown };
	const code =
		typeof error.code === 'string' && error.code
			? error.code
			: status === 429
				? 'TooManyRequests'
				: status === 503
					? 'ServiceUnavailable'
					: `Http${status}`;
	const message = typeof error.message === 'string' && error.message ? error.message : `Microsoft Graph answered with HTTP ${status}`;
	const throttled = status === 429 || status === 503;
	return new EwsError({
		// The retry rule knows throttling by these two codes, whatever Graph named it.
		code: throttled ? (status === 429 ? 'TooManyRequests' : 'ServiceUnavailable') : code,
		message: throttled && code !== 'TooManyRequests' && code !== 'ServiceUnavailable' ? `${code}: ${message}` : message,
		hint: hintFor(status, code, message),
		httpStatus: status,
		processing: processingOf(status),
		retryAfterMs: retryAfterMs(headers['retry-after']),
	});
}

/** A 2xx answer's JSON, or the error any other status means. */
export function readGraphAnswer(answer: HttpAnswer): GraphAnswer {
	if (answer.status >= 200 && answer.status < 300) {
		const body = parseJson(answer.body);
		return { status: answer.status, headers: answer.headers, body, ...(body === undefined && answer.body ? { text: answer.body } : {}) };
	}
	if (answer.status >= 300 && answer.status < 400) {
		throw new EwsError({
			code: 'Redirected',
			message: `Microsoft Graph redirected the request to ${answer.headers.location ?? 'another address'}`,
			hint: 'Check the credential\'s Graph URL: it is https://graph.microsoft.com, or a national cloud\'s Graph host.',
			httpStatus: answer.status,
			processing: 'notProcessed',
		});
	}
	throw readGraphError(answer);
}
