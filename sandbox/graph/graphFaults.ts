/**
 * Failures the Graph endpoint can be told to produce (the Graph side of sandbox/faults.ts): throttling,
 * outages and lost answers, each consumed by the first request it matches, in the order pushed.
 */

interface GraphFaultMatch {
	/** Only requests with this method (GET, POST...); any when absent. */
	method?: string;
	/** Only requests whose path after /v1.0 contains this text (case-insensitive); any when absent. */
	path?: string;
	/**
	 * Aims the fault at the part in this position (1-based, in request order) of the next JSON batch instead of
	 * at a whole HTTP request. Parts take `status` and `latency` faults.
	 */
	part?: number;
}

export type GraphFault = GraphFaultMatch &
	(
		| {
				kind: 'status';
				/** 429, 500, 502, 503, 504... */
				status: number;
				/** Seconds, sent as Retry-After. */
				retryAfter?: number;
				/** Graph's error code; defaults per status (graphFaultError). */
				code?: string;
				message?: string;
				/** Carry the request out first, then answer the failure: the client cannot tell it happened. */
				processed?: boolean;
		}
		/** The connection is destroyed without an answer, before or after the request was carried out. */
		| { kind: 'dropConnection'; after: 'beforeProcessing' | 'afterProcessing' }
		/** The request is answered this much later. */
		| { kind: 'latency'; ms: number }
	);

export type GraphStatusFault = Extract<GraphFault, { kind: 'status' }>;

/**
 * Codes and texts per status when the test names none. 429's is the body Graph's throttling guidance shows;
 * the 5xx ones are guesses at what Graph's gateway and Exchange send (public material shows them seldom).
 */
const DEFAULT_ERRORS: Record<number, { code: string; message: string }> = {
	429: { code: 'TooManyRequests', message: 'Please retry again later.' },
	500: { code: 'ErrorInternalServerError', message: 'An internal server error occurred. The operation failed.' },
	502: { code: 'BadGateway', message: 'The gateway received an invalid answer from the service.' },
	503: { code: 'ServiceNotAvailable', message: 'The service is temporarily unavailable. Try again later.' },
	504: { code: 'GatewayTimeout', message: 'The service did not answer in time.' },
};

export function graphFaultError(fault: GraphStatusFault): { code: string; message: string; headers: Record<string, string> } {
	const fallback = DEFAULT_ERRORS[fault.status] ?? { code: 'UnknownError', message: 'An error occurred.' };
	return {
		code: fault.code ?? fallback.code,
		message: fault.message ?? fallback.message,
		headers: fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) },
	};
}

export class GraphFaultQueue {
	private queue: GraphFault[] = [];

	push(...faults: GraphFault[]): void {
		this.queue.push(...faults);
	}

	/** Removes and returns the first fault for a whole request with this method and path. */
	takeForRequest(method: string, path: string): GraphFault | undefined {
		return this.take((fault) => fault.part === undefined && matches(fault, method, path));
	}

	/** Removes and returns the first fault for the batch part at `position` (1-based) with this method and path. */
	takeForPart(position: number, method: string, path: string): GraphFault | undefined {
		return this.take((fault) => fault.part === position && fault.kind !== 'dropConnection' && matches(fault, method, path));
	}

	get pending(): readonly GraphFault[] {
		return this.queue;
	}

	clear(): void {
		this.queue = [];
	}

	private take(wanted: (fault: GraphFault) => boolean): GraphFault | undefined {
		const index = this.queue.findIndex(wanted);
		return index < 0 ? undefined : this.queue.splice(index, 1)[0];
	}
}

function matches(fault: GraphFault, method: string, path: string): boolean {
	if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) return false;
	return fault.path === undefined || path.toLowerCase().includes(fault.path.toLowerCase());
}
