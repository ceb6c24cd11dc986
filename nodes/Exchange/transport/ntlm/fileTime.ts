/** Milliseconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
const EPOCH_OFFSET_MS = 11644473600000n;

/** The current time as NTLM carries it: a little-endian FILETIME, 100-nanosecond units since 1601. */
export function fileTimeNow(): Buffer {
	const time = Buffer.alloc(8);
	time.writeBigUInt64LE((BigInt(Date.now()) + EPOCH_OFFSET_MS) * 10000n);
	return time;
}
