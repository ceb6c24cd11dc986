/**
 * The sandbox's own reader of the NTLM AUTHENTICATE message (MS-NLMP 2.2.1.3) and of the NTLMv2 client
 * blob inside it, kept apart from the client's code so the acceptor checks the client independently.
 * Throws an Error naming the defect for anything malformed.
 */

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const MIN_HEADER = 64;
/** Where Version ends and the MIC starts, and where the MIC ends. */
export const MIC_START = 72;
export const MIC_END = 88;
/** Fixed part of the NTLMv2 response: NTProofStr, then the blob's header up to the AV pairs. */
const PROOF_LENGTH = 16;
const BLOB_HEADER = 28;

export interface ReceivedAvPair {
	id: number;
	value: Buffer;
}

export interface AuthenticateMessage {
	flags: number;
	ntResponse: Buffer;
	domain: string;
	username: string;
	/** The smallest payload offset, which is where the header ends. */
	headerEnd: number;
}

export interface Ntlmv2Response {
	proof: Buffer;
	/** Everything after the NTProofStr, which the NTProofStr covers. */
	blob: Buffer;
	avPairs: ReceivedAvPair[];
}

function field(message: Buffer, at: number, name: string): { value: Buffer; offset: number } {
	const length = message.readUInt16LE(at);
	const offset = message.readUInt32LE(at + 4);
	if (offset + length > message.length) throw new Error(`${name} runs past the end of the message`);
	return { value: message.subarray(offset, offset + length), offset: length > 0 ? offset : message.length };
}

export function readAuthenticateMessage(message: Buffer): AuthenticateMessage {
	if (message.length < MIN_HEADER) throw new Error(`${message.length} bytes is too short for an AUTHENTICATE message`);
	if (!message.subarray(0, 8).equals(SIGNATURE)) throw new Error('NTLMSSP signature missing');
	if (message.readUInt32LE(8) !== 3) throw new Error(`message type ${message.readUInt32LE(8)} where 3 (AUTHENTICATE) belongs`);
	const flags = message.readUInt32LE(60);
	// The challenge chose Unicode; OEM strings would mean the client ignored it.
	const text = (buffer: Buffer) => buffer.toString(flags & 0x1 ? 'utf16le' : 'latin1');
	const lm = field(message, 12, 'LmChallengeResponse');
	const nt = field(message, 20, 'NtChallengeResponse');
	const domain = field(message, 28, 'DomainName');
	const username = field(message, 36, 'UserName');
	const workstation = field(message, 44, 'Workstation');
	const sessionKey = field(message, 52, 'EncryptedRandomSessionKey');
	// Fields this acceptor does not use are still bounds-checked, and mark where the header ends.
	const headerEnd = Math.min(...[lm, nt, domain, username, workstation, sessionKey].map((f) => f.offset));
	if (headerEnd < MIN_HEADER) throw new Error(`a payload field starts at ${headerEnd}, inside the header`);
	return {
		flags,
		ntResponse: nt.value,
		domain: text(domain.value),
		username: text(username.value),
		headerEnd,
	};
}

/** Splits an NTLMv2 NtChallengeResponse (MS-NLMP 2.2.2.8 and 2.2.2.7); the caller has ruled out NTLMv1. */
export function readNtlmv2Response(ntResponse: Buffer): Ntlmv2Response {
	if (ntResponse.length < PROOF_LENGTH + BLOB_HEADER + 4) throw new Error(`NTLMv2 response of ${ntResponse.length} bytes is too short`);
	const blob = ntResponse.subarray(PROOF_LENGTH);
	if (blob[0] !== 1 || blob[1] !== 1) throw new Error(`NTLMv2 response version ${blob[0]}.${blob[1]} is unknown`);
	const avPairs: ReceivedAvPair[] = [];
	for (let offset = BLOB_HEADER; ; ) {
		if (offset + 4 > blob.length) throw new Error('the NTLMv2 AV pairs lack MsvAvEOL');
		const id = blob.readUInt16LE(offset);
		const length = blob.readUInt16LE(offset + 2);
		if (id === 0) break;
		if (offset + 4 + length > blob.length) throw new Error(`NTLMv2 AV pair ${id} runs past the end`);
		avPairs.push({ id, value: blob.subarray(offset + 4, offset + 4 + length) });
		offset += 4 + length;
	}
	return {
		proof: ntResponse.subarray(0, PROOF_LENGTH),
		blob,
		avPairs,
	};
}
