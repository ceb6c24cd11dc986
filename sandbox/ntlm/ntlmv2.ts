import { createHmac } from 'crypto';
import { createMD4, type IHasher } from 'hash-wasm';

/**
 * The acceptor's NTLMv2 computations (MS-NLMP 3.3.2), written apart from the node's client so that a
 * mistake on one side fails the handshake instead of cancelling out; MS-NLMP 4.2.4's published vectors
 * pin both. Node 20's OpenSSL has no MD4, so it comes from hash-wasm.
 */

let md4: IHasher | undefined;

/** hash-wasm instantiates its WebAssembly asynchronously: await this once before verifying any logon. */
export async function loadNtlmHashes(): Promise<void> {
	md4 ??= await createMD4();
}

function ntHash(password: string): Buffer {
	if (!md4) throw new Error('MD4 is not loaded: await loadNtlmHashes() before verifying NTLM logons');
	return Buffer.from(md4.init().update(Buffer.from(password, 'utf16le')).digest('binary'));
}

function hmacMd5(key: Buffer, parts: Buffer[]): Buffer {
	return parts.reduce((hmac, part) => hmac.update(part), createHmac('md5', key)).digest();
}

/** NTOWFv2: HMAC-MD5 keyed by the NT hash over UPPERCASE(user) + domain as sent, in UTF-16LE. */
export function ntowfv2(password: string, username: string, domain: string): Buffer {
	return hmacMd5(ntHash(password), [Buffer.from(`${username.toUpperCase()}${domain}`, 'utf16le')]);
}

/** NTProofStr: HMAC-MD5 keyed by NTOWFv2 over the server challenge and the client's blob. */
export function ntProofStr(responseKey: Buffer, serverChallenge: Buffer, clientBlob: Buffer): Buffer {
	return hmacMd5(responseKey, [serverChallenge, clientBlob]);
}

/** Without KEY_EXCH (which the acceptor never offers) this is the exported session key too. */
export function sessionBaseKey(responseKey: Buffer, proof: Buffer): Buffer {
	return hmacMd5(responseKey, [proof]);
}

/** MIC: HMAC-MD5 keyed by the exported session key over NEGOTIATE, CHALLENGE and AUTHENTICATE with a zeroed MIC. */
export function messageIntegrityCode(sessionKey: Buffer, negotiate: Buffer, challenge: Buffer, authenticateZeroMic: Buffer): Buffer {
	return hmacMd5(sessionKey, [negotiate, challenge, authenticateZeroMic]);
}
