/** The AV_PAIR list of MS-NLMP 2.2.2.1: the target info a server sends and a client signs back. */

export const MSV_AV_EOL = 0x0000;
export const MSV_AV_TIMESTAMP = 0x0007;
export const MSV_AV_FLAGS = 0x0006;
export const MSV_AV_CHANNEL_BINDINGS = 0x000a;

/** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
export const MSV_AV_FLAG_MIC_PROVIDED = 0x2;

export interface AvPair {
	id: number;
	value: Buffer;
}

/** Reads the pairs up to MsvAvEOL, which is required; the EOL itself is not returned. */
export function readAvPairs(targetInfo: Buffer): AvPair[] {
	const pairs: AvPair[] = [];
	let offset = 0;
	while (offset + 4 <= targetInfo.length) {
		const id = targetInfo.readUInt16LE(offset);
		const length = targetInfo.readUInt16LE(offset + 2);
		const start = offset + 4;
		if (start + length > targetInfo.length) {
			throw new Error(`NTLM target info is malformed: AV pair ${id} runs past the end of the field`);
		}
		if (id === MSV_AV_EOL) return pairs;
		pairs.push({ id, value: targetInfo.subarray(start, start + length) });
		offset = start + length;
	}
	throw new Error('NTLM target info is malformed: it does not end with MsvAvEOL');
}

/** Writes the pairs and the closing MsvAvEOL. */
export function writeAvPairs(pairs: AvPair[]): Buffer {
	const parts = pairs.map(({ id, value }) => {
		const header = Buffer.alloc(4);
		header.writeUInt16LE(id, 0);
		header.writeUInt16LE(value.length, 2);
		return Buffer.concat([header, value]);
	});
	return Buffer.concat([...parts, Buffer.alloc(4)]);
}
