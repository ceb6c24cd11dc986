/**
 * Failures the sandbox can be told to produce, one per request, in the order they were pushed. Each kind
 * mirrors something a real Exchange or the IIS in front of it does under load, outage or misconfiguration.
 */

interface Match {
	/** Only a request for this operation (e.g. 'CreateItem') consumes the fault; any request when absent. */
	operation?: string;
}

export type Fault = Match &
	(
		| { kind: 'serverBusy'; backOffMs: number }
		| { kind: 'itemError'; index: number; code: string; message?: string; /** ErrorServerBusy's MessageXml */ backOffMs?: number }
		| { kind: 'soapFault'; code: string; message: string }
		| { kind: 'httpStatus'; status: number; retryAfter?: number; body?: string }
		| { kind: 'latency'; ms: number }
		| { kind: 'dropConnection'; after: 'beforeProcessing' | 'afterProcessing' }
		| { kind: 'html'; status: number }
		| { kind: 'malformed' }
		| { kind: 'hang' }
		| { kind: 'unauthorized' }
		/** The request is carried out, then the answer comes one byte every `intervalMs`. */
		| { kind: 'trickle'; intervalMs: number }
		/** The next TCP connection is reset as soon as it is accepted, before any request could arrive on it. */
		| { kind: 'resetConnection' }
	);

export type FaultKind = Fault['kind'];
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

export class FaultQueue {
	private queue: Fault[] = [];

	push(...faults: Fault[]): void {
		this.queue.push(...faults);
	}

	/** Removes and returns the first request fault meant for this operation. */
	take(operation: string): Fault | undefined {
		const index = this.queue.findIndex((f) => f.kind !== 'resetConnection' && (f.operation === undefined || f.operation === operation));
		if (index < 0) return undefined;
		return this.queue.splice(index, 1)[0];
	}

	/** Removes the first connection fault, if any: whether the connection just accepted is to be reset. */
	takeConnectionReset(): boolean {
		const index = this.queue.findIndex((f) => f.kind === 'resetConnection');
		if (index < 0) return false;
		this.queue.splice(index, 1);
		return true;
	}

	get pending(): readonly Fault[] {
		return this.queue;
	}

	clear(): void {
		this.queue = [];
	}
}
