/**
 * MD4 (RFC 1320), written here because NTLM's NT hash needs it and Node 17+ (OpenSSL 3) dropped it
 * without the legacy provider; the npm alternative (js-md4) calls Node's createHash('md4') first.
 */

const ROUND2 = 0x5a827999;
const ROUND3 = 0x6ed9eba1;
const SHIFTS1 = [3, 7, 11, 19];
const SHIFTS2 = [3, 5, 9, 13];
const SHIFTS3 = [3, 9, 11, 15];
const ORDER3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];

function rotl(value: number, bits: number): number {
	return (value << bits) | (value >>> (32 - bits));
}

/** Pads to a multiple of 64 bytes: 0x80, zeros, then the bit length as a 64-bit little-endian number. */
function pad(data: Buffer): Buffer {
	const padded = Buffer.alloc(Math.ceil((data.length + 9) / 64) * 64);
	data.copy(padded);
	padded[data.length] = 0x80;
	padded.writeBigUInt64LE(BigInt(data.length) * 8n, padded.length - 8);
	return padded;
}

export function md4(data: Buffer): Buffer {
	const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
	const padded = pad(data);
	const x = new Array<number>(16);
	for (let block = 0; block < padded.length; block += 64) {
		for (let i = 0; i < 16; i++) x[i] = padded.readUInt32LE(block + i * 4);
		let [a, b, c, d] = state;
		for (let i = 0; i < 16; i++) {
			const f = (b & c) | (~b & d);
			[a, b, c, d] = [d, rotl((a + f + x[i]) | 0, SHIFTS1[i % 4]), b, c];
		}
		for (let i = 0; i < 16; i++) {
			const g = (b & c) | (b & d) | (c & d);
			const k = (i % 4) * 4 + Math.floor(i / 4);
			[a, b, c, d] = [d, rotl((a + g + x[k] + ROUND2) | 0, SHIFTS2[i % 4]), b, c];
		}
		for (let i = 0; i < 16; i++) {
			const h = b ^ c ^ d;
			[a, b, c, d] = [d, rotl((a + h + x[ORDER3[i]] + ROUND3) | 0, SHIFTS3[i % 4]), b, c];
		}
		state[0] = (state[0] + a) | 0;
		state[1] = (state[1] + b) | 0;
		state[2] = (state[2] + c) | 0;
		state[3] = (state[3] + d) | 0;
	}
	const digest = Buffer.alloc(16);
	state.forEach((word, i) => digest.writeInt32LE(word, i * 4));
	return digest;
}
