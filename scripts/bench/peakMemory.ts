/**
 * The benchmark process's resident memory: sampled while a scenario runs, since the kernel's own peak
 * (process.resourceUsage().maxRSS) covers the whole process life and so every scenario before.
 */

const SAMPLE_EVERY_MS = 5;

function rss(): number {
	return process.memoryUsage.rss();
}

/** Collects garbage (when node runs with --expose-gc), so a baseline holds only what is still in use. */
export function collectGarbage(): void {
	global.gc?.();
}

export class PeakRss {
	/** Resident memory when sampling began: the baseline the peak is compared with. */
	readonly start = rss();
	private peak = this.start;
	private readonly timer = setInterval(() => {
		this.peak = Math.max(this.peak, rss());
	}, SAMPLE_EVERY_MS);

	stop(): number {
		clearInterval(this.timer);
		return Math.max(this.peak, rss());
	}
}

/** The process's peak resident memory since it started, in bytes. */
export function lifetimePeakRss(): number {
	return process.resourceUsage().maxRSS * 1024;
}
