/**
 * Requests in flight to one mailbox server, as a window that halves when Exchange pushes back and grows
 * by one after a window's worth of successes (additive increase, multiplicative decrease), so a run
 * slows down while the server is throttling and recovers after.
 */
export class ConcurrencyWindow {
	private limit: number;
	private inFlight = 0;
	private successes = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly max: number) {
		this.limit = max;
	}

	async acquire(): Promise<void> {
		if (this.inFlight < this.limit) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(): void {
		const next = this.inFlight <= this.limit ? this.waiting.shift() : undefined;
		if (next) next();
		else this.inFlight--;
	}

	pushBack(): void {
		this.limit = Math.max(1, Math.floor(this.limit / 2));
		this.successes = 0;
	}

	succeeded(): void {
		if (this.limit >= this.max) return;
		if (++this.successes >= this.limit) {
			this.limit++;
			this.successes = 0;
			const next = this.waiting.shift();
			if (next) {
				this.inFlight++;
				next();
			}
		}
	}
}
