import { createHmac } from 'crypto';

import { md4 } from './md4';

/** NTLMv2 computations of MS-NLMP 3.3.2, shared by the client and the sandbox's acceptor. */

export function hmacMd5(key: Buffer, ...data: Buffer[]): Buffer {
	const hmac = createHmac('md5', key);
	for (const part of data) hmac.update(part);
	return hmac.digest();
}

/** The response key of NTLMv2: the user name is upper-cased, the domain is kept as given. */
export function ntowfv2(password: string, username: string, domain: string): Buffer {
	const ntHash = md4(Buffer.from(password, 'utf16le'));
	return hmacMd5(ntHash, Buffer.from(username.toUpperCase() + domain, 'utf16le'));
}

/**
 * The client's blob ("temp" in MS-NLMP): version 1, time, client challenge and the AV pairs the client
 * vouches for, which the NTProofStr then authenticates.
 */
export function ntlmv2ClientBlob(time: Buffer, clientChallenge: Buffer, targetInfo: Buffer): Buffer {
	const header = Buffer.alloc(28);
	header[0] = 1;
	header[1] = 1;
	time.copy(header, 8);
	clientChallenge.copy(header, 16);
	return Buffer.concat([header, targetInfo, Buffer.alloc(4)]);
}

export function ntProofStr(responseKey: Buffer, serverChallenge: Buffer, clientBlob: Buffer): Buffer {
	return hmacMd5(responseKey, serverChallenge, clientBlob);
}

export function lmv2Response(responseKey: Buffer, serverChallenge: Buffer, clientChallenge: Buffer): Buffer {
	return Buffer.concat([hmacMd5(responseKey, serverChallenge, clientChallenge), clientChallenge]);
}

/** Without KEY_EXCH this is also the exported session key, the key of the MIC. */
export function sessionBaseKey(responseKey: Buffer, proof: Buffer): Buffer {
	return hmacMd5(responseKey, proof);
}

/** The MIC covers all three messages, the AUTHENTICATE message with its MIC field zeroed. */
export function messageIntegrityCode(
	exportedSessionKey: Buffer,
	negotiate: Buffer,
	challenge: Buffer,
	authenticateWithZeroMic: Buffer,
): Buffer {
	return hmacMd5(exportedSessionKey, negotiate, challenge, authenticateWithZeroMic);
}
