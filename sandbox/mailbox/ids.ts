import { createHash, randomBytes } from 'crypto';

/**
 * Ids that look and behave like Exchange's: opaque base64 over a binary structure. A kind header and a
 * checksum let the store tell garbage (ErrorInvalidIdMalformed) from an id that was well formed but names
 * nothing any more (ErrorItemNotFound), as Exchange does.
 */

export type IdKind = 'folder' | 'item' | 'attachment';

const HEADERS: Record<IdKind, Buffer> = {
	folder: Buffer.from([0x00, 0x01, 0x2e, 0x00]),
	item: Buffer.from([0x00, 0x03, 0x24, 0x00]),
	attachment: Buffer.from([0x00, 0x03, 0x24, 0x12]),
};
const RANDOM_BYTES = 96;
const CHECKSUM_BYTES = 4;
const ID_BYTES = 4 + RANDOM_BYTES + CHECKSUM_BYTES;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function checksum(bytes: Buffer): Buffer {
	return createHash('sha256').update(bytes).digest().subarray(0, CHECKSUM_BYTES);
}

/** Random base64 of the given length in bytes, for values that only need to be unique and opaque. */
export function newOpaqueId(bytes = 48): string {
	return randomBytes(bytes).toString('base64');
}

export function newId(kind: IdKind): string {
	const body = Buffer.concat([HEADERS[kind], randomBytes(RANDOM_BYTES)]);
	return Buffer.concat([body, checksum(body)]).toString('base64');
}

/** Whether `id` is a well-formed id of that kind (it may still name nothing). */
export function isWellFormedId(id: string, kind: IdKind): boolean {
	if (!BASE64.test(id)) return false;
	const bytes = Buffer.from(id, 'base64');
	if (bytes.length !== ID_BYTES || !bytes.subarray(0, 4).equals(HEADERS[kind])) return false;
	const body = bytes.subarray(0, ID_BYTES - CHECKSUM_BYTES);
	return bytes.subarray(ID_BYTES - CHECKSUM_BYTES).equals(checksum(body));
}

/** Exchange's change keys start with a type and length prefix ("CQAAABYAAAA..."); the rest is the version. */
export function newChangeKey(): string {
	return Buffer.concat([Buffer.from([0x09, 0, 0, 0, 0x16, 0, 0, 0]), randomBytes(22)]).toString('base64');
}

/**
 * A new conversation: PidTagConversationIndex's 22-byte header (reserved byte, 5 bytes of FILETIME, a GUID)
 * and the ConversationId Exchange derives from the GUID.
 */
export function newConversation(at: Date): { conversationIndex: string; conversationId: string } {
	const filetime = (BigInt(at.getTime()) + 11644473600000n) * 10000n;
	const time = Buffer.alloc(8);
	time.writeBigUInt64BE(filetime);
	const guid = randomBytes(16);
	const index = Buffer.concat([Buffer.from([0x01]), time.subarray(0, 5), guid]);
	const id = Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x00, 0x00, 0x10]), guid]);
	return { conversationIndex: index.toString('base64'), conversationId: id.toString('base64') };
}
