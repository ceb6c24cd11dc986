import type http from 'node:http';
import type { Socket } from 'node:net';
import { readBoundedBody } from './boundedBody';

/** An HTTP answer as the transports read it, whichever HTTP client carried the request. */
export interface HttpAnswer {
	status: number;
	/** Header names in lower case; repeated headers joined by ", " as HTTP allows. */
	headers: Record<string, string | undefined>;
	/** Every WWW-Authenticate challenge on its own, one per offered scheme. */
	wwwAuthenticate: string[];
	body: string;
	socket?: Socket;
}

/** What an HTTP client hands back: axios's response, or n8n's full response (its headers, body and request). */
export interface RawAnswer {
	status: number;
	headers?: Record<string, unknown>;
	/** Text, a buffer or a stream: read no further than the size limit. */
	body?: unknown;
	/** The message the answer came in, when the client exposes it: it still has each header line apart. */
	incoming?: http.IncomingMessage;
	socket?: Socket;
}

function isIncomingMessage(value: unknown): value is http.IncomingMessage {
	return typeof value === 'object' && value !== null && typeof (value as http.IncomingMessage).headersDistinct === 'object';
}

/** The IncomingMessage behind an axios response or one of its streams, if reachable. */
export function incomingOf(response: { request?: unknown; data?: unknown; body?: unknown }): http.IncomingMessage | undefined {
	const request = response.request as { res?: unknown } | undefined;
	if (isIncomingMessage(request?.res)) return request.res;
	if (isIncomingMessage(response.data)) return response.data;
	if (isIncomingMessage(response.body)) return response.body;
	return undefined;
}

/** Commas outside quoted strings split a header value into its list elements. */
function listElements(value: string): string[] {
	const elements: string[] = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < value.length; i++) {
		const char = value[i];
		if (quoted && char === '\\') {
			current += char + (value[i + 1] ?? '');
			i++;
			continue;
		}
		if (char === '"') quoted = !quoted;
		if (char === ',' && !quoted) {
			elements.push(current);
			current = '';
			continue;
		}
		current += char;
	}
	elements.push(current);
	return elements.map((element) => element.trim()).filter(Boolean);
}

/**
 * WWW-Authenticate lines joined into one value, split back into challenges (RFC 9110 11.6.1): a list element
 * that starts with a scheme name not followed by "=" opens a challenge; the others are its parameters.
 */
export function splitChallenges(value: string): string[] {
	const challenges: string[] = [];
	for (const element of listElements(value)) {
		if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s+(?!=)|$)/.test(element) || challenges.length === 0) challenges.push(element);
		else challenges[challenges.length - 1] += `, ${element}`;
	}
	return challenges;
}

/** One reading of every HTTP answer: headers flattened alike, challenges kept apart, body within the size limit. */
export async function readAnswer(raw: RawAnswer): Promise<HttpAnswer> {
	const headers: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(raw.headers ?? {})) {
		headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
	}
	const joined = headers['www-authenticate'];
	// Each offered scheme comes as its own header line; the message keeps them apart, a joined value is split back.
	const wwwAuthenticate = raw.incoming?.headersDistinct['www-authenticate'] ?? (joined ? splitChallenges(joined) : []);
	const body = await readBoundedBody(raw.body);
	return { status: raw.status, headers, wwwAuthenticate, body, socket: raw.socket };
}

/** n8n's full response to a request with `returnFullResponse` ({ statusCode, headers, body, and maybe its request }). */
export async function readN8nResponse(response: unknown): Promise<HttpAnswer> {
	const full = response as { statusCode: number; headers?: Record<string, unknown>; body?: unknown; request?: unknown };
	return await readAnswer({ status: full.statusCode, headers: full.headers, body: full.body, incoming: incomingOf(full) });
}
