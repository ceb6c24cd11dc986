import { randomUUID } from 'crypto';
import type { GraphResult } from './types';

/**
 * How the Graph endpoint writes its answers: JSON with Graph's OData content type, the request-id and
 * client-request-id headers Graph puts on every answer, and its error shape
 * `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 */

/** The content type Graph gives JSON answers (OData v4, minimal metadata). */
export const GRAPH_JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
/** Graph's errors come as plain JSON. */
const ERROR_JSON_TYPE = 'application/json';

/** The ids one request is answered with: Graph makes request-id, and echoes the client's client-request-id (or repeats its own). */
export interface RequestIds {
	requestId: string;
	clientRequestId: string;
}

export function requestIds(clientRequestId: string | undefined): RequestIds {
	const requestId = randomUUID();
	return { requestId, clientRequestId: clientRequestId || requestId };
}

/** An answer as the endpoint sends it (or a batch part carries it): the body already JSON, or none. */
export interface GraphReply {
	status: number;
	headers: Record<string, string>;
	/** The JSON value; undefined for answers without a body (202, 204). */
	body?: unknown;
	/** Set on error answers: Graph's error code, for the request log. */
	errorCode?: string;
}

export function resultReply(result: GraphResult, ids: RequestIds): GraphReply {
	const headers: Record<string, string> = { ...idHeaders(ids), ...(result.headers ?? {}) };
	// Graph's OData answers name their protocol version.
	if (result.body !== undefined && !hasHeader(headers, 'content-type')) Object.assign(headers, { 'Content-Type': GRAPH_JSON_TYPE, 'OData-Version': '4.0' });
	return { status: result.status, headers, body: result.body };
}

export function errorReply(status: number, code: string, message: string, ids: RequestIds, extraHeaders: Record<string, string> = {}): GraphReply {
	// Graph's innerError date has no fraction and no zone letter: 2024-02-20T13:53:31.
	const date = new Date().toISOString().replace(/\.\d+Z$/, '');
	return {
		status,
		headers: { ...idHeaders(ids), 'Content-Type': ERROR_JSON_TYPE, ...extraHeaders },
		body: { error: { code, message, innerError: { date, 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId } } },
		errorCode: code,
	};
}

function idHeaders(ids: RequestIds): Record<string, string> {
	return { 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
