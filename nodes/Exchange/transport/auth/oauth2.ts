import type { IHttpRequestOptions } from 'n8n-workflow';
import type { EwsContext } from '../context';
import { CREDENTIAL_TYPE } from '../credentialTypes';
import { EwsError } from '../errors';
import { incomingOf, readAnswer, readN8nResponse, type HttpAnswer } from '../http/answer';
import { networkError } from '../http/connection';
import { blockedByPolicy } from '../http/egress';
import { USER_AGENT } from '../userAgent';
import { ewsBlocked, onlineUnauthorized } from './onlineRefusals';
import type { OAuth2Settings } from './onlineSettings';
import type { SoapTransport } from './types';

/** An HTTP answer n8n's helper wrapped into its error: axios's response. */
interface ResponseLike {
	status: number;
	headers?: Record<string, unknown>;
	data?: unknown;
	request?: unknown;
}

/** Entra's error body, as its token endpoint answers it and n8n's OAuth client keeps it on its AuthError. */
export interface TokenEndpointError {
	error: string;
	error_description?: string;
}

/** n8n wraps what went wrong (NodeApiError → OperationalError → AxiosError or AuthError): every link, outermost first. */
function causes(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current = error;
	while (current && typeof current === 'object' && !chain.includes(current as Record<string, unknown>)) {
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

function httpResponseOf(error: unknown): ResponseLike | undefined {
	for (const link of causes(error)) {
		const response = link.response as ResponseLike | undefined;
		if (response && typeof response.status === 'number') return response;
	}
	return undefined;
}

function tokenEndpointErrorOf(error: unknown): TokenEndpointError | undefined {
	for (const link of causes(error)) {
		const body = link.body as TokenEndpointError | undefined;
		if (body && typeof body === 'object' && typeof body.error === 'string') return body;
	}
	return undefined;
}

/** Entra's description without its trace and correlation ids, which help Microsoft support but not the user. */
function shortDescription(body: TokenEndpointError): string {
	return (body.error_description ?? '').split(/\s+Trace ID:/)[0].trim() || body.error;
}

const RECONNECT_HINT =
	'Open the credential and click Connect (sign in again as the mailbox user). This happens when the user\'s sessions were revoked, the password changed, or the sign-in was unused for 90 days.';

/** Why no token could be had, from the error n8n's OAuth2 helper threw; undefined when it was not about the token. */
function tokenFailure(error: unknown, settings: OAuth2Settings): EwsError | undefined {
	const links = causes(error);
	// n8n 2.x turns a refused refresh into a "reconnect" error of its own; 1.x passes Entra's invalid_grant through.
	if (links.some((link) => (link.failure as { cause?: string } | undefined)?.cause === 'credential-invalid')) {
		return new EwsError({ code: 'ReconnectRequired', message: 'Microsoft refused to renew the credential\'s sign-in', hint: RECONNECT_HINT, processing: 'notProcessed' });
	}
	const body = tokenEndpointErrorOf(error);
	return body && tokenRefused(body, settings.appOnly);
}

/** What Entra's refusal to issue a token means for the user, by its OAuth error code. */
export function tokenRefused(body: TokenEndpointError, appOnly: boolean): EwsError {
	const description = shortDescription(body);
	if (body.error === 'invalid_grant' && !appOnly) {
		return new EwsError({ code: 'ReconnectRequired', message: `Microsoft refused to renew the credential's sign-in (${description})`, hint: RECONNECT_HINT, processing: 'notProcessed' });
	}
	const hints: Record<string, string> = {
		invalid_client:
			'Check the Client ID and the Client Secret: enter the secret\'s Value, not its Secret ID, and make sure it has not expired (Certificates & secrets in the app registration). With a certificate, check that the same certificate is uploaded there.',
		unauthorized_client: 'Check the Client ID and the Tenant ID: the app must be registered (or consented to) in this tenant.',
		invalid_scope: 'Check the EWS URL: the token\'s scope is derived from its host (e.g. https://outlook.office365.com/.default).',
		invalid_request: 'Check the Tenant ID (the Directory (tenant) ID or a verified domain) and the Login Host.',
	};
	return new EwsError({
		code: 'TokenRefused',
		message: `Microsoft Entra refused to issue a token (${body.error}: ${description})`,
		hint: hints[body.error] ?? 'Check the app registration: its API permissions for Office 365 Exchange Online and the admin consent.',
		processing: 'notProcessed',
	});
}

/** The network failure deepest in n8n's wrapping, read by the same mapping as the node's own connections. */
export function n8nNetworkError(error: unknown, url: URL, timeoutMs: number): EwsError {
	// n8n's outbound-request policy refused the target before anything was sent.
	const refusal = causes(error).find((link) => typeof link.name === 'string' && link.name.startsWith('SsrfBlocked'));
	if (refusal) return blockedByPolicy(url, refusal as unknown as Error);
	const cause = causes(error).find((link) => typeof link.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(link.code));
	return networkError({ code: cause?.code as string | undefined, message: String(cause?.message ?? (error as Error).message) }, url, timeoutMs);
}

/**
 * Sends one request through one of n8n's HTTP helpers and resolves to its full response ({ statusCode, headers,
 * body }); an answer the helper refuses (non-2xx) may come as a thrown error that carries it.
 */
export type HelperRequest = (request: IHttpRequestOptions) => Promise<unknown>;

/** In a run, a picker or a poll: n8n's OAuth2 helper adds the credential's token and renews it. */
export function n8nOAuth2Request(context: EwsContext): HelperRequest {
	return async (request) => await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE.oAuth2, request);
}

/**
 * OAuth2 through n8n's own HTTP helpers. In runs that is its OAuth2 helper, which fetches client-credentials
 * tokens, renews an expired one on a 401, repeats the request once and stores the new token: the node keeps no
 * token of its own. The helper throws for every non-2xx answer (a 2xx-only answer would skip its renewal), so
 * SOAP faults are read from the error.
 */
export class OAuth2Transport implements SoapTransport {
	/** Settles after the first request, which is the one that may fetch or renew the token. */
	private firstRequest?: Promise<unknown>;

	constructor(
		private readonly sendRequest: HelperRequest,
		private readonly settings: OAuth2Settings,
	) {}
	async post(envelope: string, headers: Record<string, string>): Promise<HttpAnswer> {
		return await this.exchange(
			{
				method: 'POST',
				url: this.settings.url.href,
				body: envelope,
				headers: { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'text/xml', ...headers },
			},
			this.settings.url,
		);
	}

	/**
	 * Any request through the helper (SOAP here, Graph's JSON in graph/transports.ts), read as a stream up to
	 * the size limit, never redirected.
	 */
	async exchange(request: Pick<IHttpRequestOptions, 'method' | 'url' | 'body' | 'headers'>, url: URL): Promise<HttpAnswer> {
		// Concurrent requests wait for the first, so one run asks Entra for a token once, not once per request.
		if (this.firstRequest) {
			await this.firstRequest;
			return await this.send(request, url);
		}
		const first = this.send(request, url);
		this.firstRequest = first.catch(() => undefined);
		return await first;
	}

	unauthorized(answer: HttpAnswer) {
		return onlineUnauthorized(answer, 'oAuth2');
	}

	forbidden(answer: HttpAnswer) {
		return ewsBlocked(answer, this.settings.clientId);
	}

	private async send(base: Pick<IHttpRequestOptions, 'method' | 'url' | 'body' | 'headers'>, url: URL): Promise<HttpAnswer> {
		if (!this.settings.connected) {
			throw new EwsError({
				code: 'NotConnected',
				message: 'The Exchange OAuth2 credential is not connected to a Microsoft account yet',
				hint: 'Open the credential and click Connect to sign in as the mailbox user. For access without a user, choose the Client Credentials grant type instead.',
				processing: 'notProcessed',
			});
		}
		const request: IHttpRequestOptions = {
			...base,
			headers: { 'User-Agent': USER_AGENT, ...base.headers },
			returnFullResponse: true,
			json: false,
			// A stream, so that the answer is read only up to the node's size limit (http/boundedBody.ts).
			encoding: 'stream',
			disableFollowRedirect: true,
			timeout: this.settings.timeoutMs,
		};
		let answer: HttpAnswer;
		try {
			answer = await readN8nResponse(await this.sendRequest(request));
		} catch (error) {
			// Ours (an answer over the size limit) already says what happened.
			if (error instanceof EwsError) throw error;
			// Token endpoint failures first: their error may carry the token endpoint's HTTP answer too.
			const failure = tokenFailure(error, this.settings);
			if (failure) throw failure;
			const response = httpResponseOf(error);
			if (!response) throw n8nNetworkError(error, url, this.settings.timeoutMs);
			answer = await readAnswer({ status: response.status, headers: response.headers, body: response.data, incoming: incomingOf(response) });
		}
		return answer;
	}
}
