import type { Readable } from 'node:stream';
import { EwsError } from '../errors';

/** Answers larger than this are refused rather than buffered: EWS answers to our requests are small. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function isReadable(value: unknown): value is Readable {
	return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function' && typeof (value as Readable).destroy === 'function';
}

export function tooLarge(limit = MAX_RESPONSE_BYTES): EwsError {
	return new EwsError({
		code: 'ResponseTooLarge',
		message: `Exchange's answer is larger than ${limit / 1024 / 1024} MB and was not read`,
		processing: 'unknown',
	});
}

/**
 * An answer body as text, read from a stream no further than `limit` bytes: n8n's HTTP helper has no size
 * limit of its own, so the node asks it for a stream and stops reading (and drops the connection) beyond the
 * limit. Bodies n8n already read (older versions, or error paths) are taken as they are, within the same limit.
 */
export async function readBoundedBody(data: unknown, limit = MAX_RESPONSE_BYTES): Promise<string> {
	if (data === undefined || data === null) return '';
	if (!isReadable(data)) {
		const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
		if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
		return text;
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of data) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > limit) {
			data.destroy();
			throw tooLarge(limit);
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}
