/** Windows FILETIME: 100-nanosecond ticks since 1601-01-01 UTC, 8 bytes little-endian, as NTLM carries time. */

const TICKS_PER_MS = 10_000n;
/** 1601-01-01 in Unix milliseconds (369 years, 89 of them leap years). */
const FILETIME_EPOCH_MS = BigInt(Date.UTC(1601, 0, 1));

export function fileTime(date: Date): Buffer {
	const ticks = (BigInt(date.getTime()) - FILETIME_EPOCH_MS) * TICKS_PER_MS;
	const buffer = Buffer.alloc(8);
	buffer.writeBigUInt64LE(ticks);
	return buffer;
}
