/** One Microsoft Graph request, as an operation states it; the client adds the base URL, the mailbox and the token. */
export interface GraphRequest {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
	/**
	 * The path after the mailbox (`/messages/{id}`, `/sendMail`), which the client puts under `/v1.0/users/{mailbox}`
	 * or `/v1.0/me`; with `tenantWide`, the path after `/v1.0` (`/places/microsoft.graph.roomlist`). Ids in it
	 * must be URL-encoded by the caller (`encodeURIComponent`).
	 */
	path: string;
	/** Query parameters ($filter, $select, $top...), encoded by the client. */
	query?: Record<string, string | number | undefined>;
	/** A JSON body; the client serialises it. */
	body?: unknown;
	headers?: Record<string, string>;
	/** The path is not under a mailbox: directory, places, groups. */
	tenantWide?: boolean;
	/** A whole URL Graph gave (@odata.nextLink, @odata.deltaLink): sent as it is, `path` and `query` ignored. */
	url?: string;
}

/** Graph's answer to one request: 2xx only; everything else is thrown as an EwsError. */
export interface GraphAnswer {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string | undefined>;
	/** The JSON body; undefined for 202 / 204 or an empty body. */
	body: GraphJson | undefined;
	/** The body as text when it is not JSON: `$value` answers (a message's or an item attachment's MIME). */
	text?: string;
}

// Graph's JSON is read field by field by each operation, which checks what it uses.
export type GraphJson = Record<string, any>;
