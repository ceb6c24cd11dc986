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
	);

export type FaultKind = Fault['kind'];
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

export class FaultQueue {
	private queue: Fault[] = [];

	push(...faults: Fault[]): void {
		this.queue.push(...faults);
	}

	/** Removes and returns the first fault meant for this operation. */
	take(operation: string): Fault | undefined {
		const index = this.queue.findIndex((f) => f.operation === undefined || f.operation === operation);
		if (index < 0) return undefined;
		return this.queue.splice(index, 1)[0];
	}

	get pending(): readonly Fault[] {
		return this.queue;
	}

	clear(): void {
		this.queue = [];
	}
}
