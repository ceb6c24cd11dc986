import { randomBytes } from 'crypto';

import {
	MSV_AV_CHANNEL_BINDINGS,
	MSV_AV_FLAGS,
	MSV_AV_FLAG_MIC_PROVIDED,
	MSV_AV_TIMESTAMP,
	readAvPairs,
	writeAvPairs,
	type AvPair,
} from './avPairs';
import {
	lmv2Response,
	messageIntegrityCode,
	ntlmv2ClientBlob,
	ntowfv2,
	ntProofStr,
	sessionBaseKey,
} from './crypto';
import { fileTimeNow } from './fileTime';

/**
 * The three NTLM messages of MS-NLMP 2.2.1, client side: NTLMv2 only, no KEY_EXCH (so no RC4, which
 * Node 17+ lacks), a MIC whenever the server sent a timestamp, and channel binding when given.
 */

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const NEGOTIATE = 1;
const CHALLENGE = 2;
const AUTHENTICATE = 3;

const NEGOTIATE_UNICODE = 0x00000001;
const REQUEST_TARGET = 0x00000004;
const NEGOTIATE_NTLM = 0x00000200;
const NEGOTIATE_ALWAYS_SIGN = 0x00008000;
const NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
const NEGOTIATE_TARGET_INFO = 0x00800000;
const NEGOTIATE_128 = 0x20000000;
const NEGOTIATE_56 = 0x80000000;

const CLIENT_FLAGS =
	(NEGOTIATE_UNICODE |
		REQUEST_TARGET |
		NEGOTIATE_NTLM |
		NEGOTIATE_ALWAYS_SIGN |
		NEGOTIATE_EXTENDED_SESSIONSECURITY |
		NEGOTIATE_128 |
		NEGOTIATE_56) >>>
	0;

const NEGOTIATE_LENGTH = 32;
const CHALLENGE_MIN_LENGTH = 48;
/** The AUTHENTICATE header always holds the (zero) Version and the MIC, so the MIC has a fixed place. */
const AUTHENTICATE_HEADER_LENGTH = 88;
const AUTHENTICATE_MIC_OFFSET = 72;

export interface NtlmChallenge {
	flags: number;
	serverChallenge: Buffer;
	targetName: string;
	targetInfo: Buffer;
	/** 8-byte FILETIME from MsvAvTimestamp. */
	timestamp?: Buffer;
}

export interface NtlmCredentials {
	username: string;
	password: string;
	domain: string;
	workstation?: string;
}

/**
 * Splits the logon name a user typed into NTLM's user and domain. `DOMAIN\user` carries its own domain.
 * A UPN (`user@domain`) is sent whole with an empty domain, as Windows does: the domain controller
 * resolves a UPN only when the domain is empty. A bare name gets the given domain, or an empty one, which
 * servers accept for accounts of their own domain.
 */
export function splitNtlmUser(username: string, domain = ''): { username: string; domain: string } {
	const backslash = username.indexOf('\\');
	if (backslash >= 0) return { username: username.slice(backslash + 1), domain: username.slice(0, backslash) };
	if (username.includes('@')) return { username, domain: '' };
	return { username, domain };
}

export interface AuthenticateOptions {
	/** The raw NEGOTIATE and CHALLENGE messages, which the MIC covers. */
	negotiateMessage: Buffer;
	challengeMessage: Buffer;
	credentials: NtlmCredentials;
	/** 16-byte MD5 of the gss_channel_bindings_struct (see channelBinding.ts); omit for plain http. */
	channelBindingHash?: Buffer;
	/** Injection points for tests only (8 bytes each). */
	clientChallenge?: Buffer;
	now?: Buffer;
}

/** A payload field descriptor: length, allocated length, offset. */
function writeField(message: Buffer, at: number, length: number, offset: number): void {
	message.writeUInt16LE(length, at);
	message.writeUInt16LE(length, at + 2);
	message.writeUInt32LE(offset, at + 4);
}

function malformedChallenge(problem: string): Error {
	return new Error(`The server's NTLM challenge is malformed: ${problem}`);
}

function readField(message: Buffer, at: number, name: string): Buffer {
	const length = message.readUInt16LE(at);
	const offset = message.readUInt32LE(at + 4);
	if (length > 0 && offset + length > message.length) {
		throw malformedChallenge(`its ${name} runs past the end of the message`);
	}
	return Buffer.from(message.subarray(offset, offset + length));
}

function header(type: number, length: number): Buffer {
	const message = Buffer.alloc(length);
	SIGNATURE.copy(message, 0);
	message.writeUInt32LE(type, 8);
	return message;
}

export function createNegotiateMessage(): Buffer {
	const message = header(NEGOTIATE, NEGOTIATE_LENGTH);
	message.writeUInt32LE(CLIENT_FLAGS, 12);
	// No domain or workstation is supplied: both fields are empty and point at the end of the header.
	writeField(message, 16, 0, NEGOTIATE_LENGTH);
	writeField(message, 24, 0, NEGOTIATE_LENGTH);
	return message;
}

export function parseChallengeMessage(message: Buffer): NtlmChallenge {
	if (message.length < CHALLENGE_MIN_LENGTH) {
		throw malformedChallenge(`${message.length} bytes, at least ${CHALLENGE_MIN_LENGTH} expected`);
	}
	if (!message.subarray(0, 8).equals(SIGNATURE)) {
		throw malformedChallenge('it lacks the NTLMSSP signature');
	}
	const type = message.readUInt32LE(8);
	if (type !== CHALLENGE) {
		throw malformedChallenge(`message type ${type}, 2 expected`);
	}
	const flags = message.readUInt32LE(20);
	const targetName = readField(message, 12, 'target name');
	const targetInfo = readField(message, 40, 'target info');
	const timestamp = (targetInfo.length > 0 ? readAvPairs(targetInfo) : []).find((p) => p.id === MSV_AV_TIMESTAMP);
	if (timestamp && timestamp.value.length !== 8) {
		throw malformedChallenge(`MsvAvTimestamp has ${timestamp.value.length} bytes, 8 expected`);
	}
	return {
		flags,
		serverChallenge: Buffer.from(message.subarray(24, 32)),
		targetName: targetName.toString(flags & NEGOTIATE_UNICODE ? 'utf16le' : 'latin1'),
		targetInfo,
		timestamp: timestamp && Buffer.from(timestamp.value),
	};
}

/**
 * The server's AV pairs, plus MsvAvFlags with the MIC bit (set in the server's MsvAvFlags if it sent one,
 * as MS-NLMP 3.1.5.1.2 says) and our channel binding; MsvAvEOL stays last.
 */
function authenticateTargetInfo(serverTargetInfo: Buffer, withMic: boolean, channelBindingHash?: Buffer): Buffer {
	const pairs: AvPair[] = (serverTargetInfo.length > 0 ? readAvPairs(serverTargetInfo) : [])
		.filter((p) => p.id !== MSV_AV_CHANNEL_BINDINGS)
		.map((p) => ({ id: p.id, value: Buffer.from(p.value) }));
	if (withMic) {
		const flags = pairs.find((p) => p.id === MSV_AV_FLAGS && p.value.length === 4);
		if (flags) flags.value.writeUInt32LE((flags.value.readUInt32LE(0) | MSV_AV_FLAG_MIC_PROVIDED) >>> 0);
		else pairs.push({ id: MSV_AV_FLAGS, value: uint32(MSV_AV_FLAG_MIC_PROVIDED) });
	}
	if (channelBindingHash) pairs.push({ id: MSV_AV_CHANNEL_BINDINGS, value: channelBindingHash });
	return writeAvPairs(pairs);
}

function uint32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32LE(value);
	return buffer;
}

function checkLength(name: string, value: Buffer | undefined, length: number): void {
	if (value !== undefined && value.length !== length) {
		throw new Error(`NTLM ${name} must be ${length} bytes, got ${value.length}`);
	}
}

export function createAuthenticateMessage(options: AuthenticateOptions): Buffer {
	const { credentials } = options;
	checkLength('channel binding hash', options.channelBindingHash, 16);
	checkLength('client challenge', options.clientChallenge, 8);
	checkLength('time', options.now, 8);
	const challenge = parseChallengeMessage(options.challengeMessage);
	if (!(challenge.flags & NEGOTIATE_UNICODE)) {
		throw new Error('The server offers NTLM only with OEM strings; this client speaks Unicode NTLM only');
	}
	// MS-NLMP 3.1.5.1.2: with the server's timestamp, use it, send a MIC and an all-zero LM response.
	const withMic = challenge.timestamp !== undefined;
	const time = challenge.timestamp ?? options.now ?? fileTimeNow();
	const clientChallenge = options.clientChallenge ?? randomBytes(8);

	const responseKey = ntowfv2(credentials.password, credentials.username, credentials.domain);
	const targetInfo = authenticateTargetInfo(challenge.targetInfo, withMic, options.channelBindingHash);
	const blob = ntlmv2ClientBlob(time, clientChallenge, targetInfo);
	const proof = ntProofStr(responseKey, challenge.serverChallenge, blob);
	const lmResponse = withMic ? Buffer.alloc(24) : lmv2Response(responseKey, challenge.serverChallenge, clientChallenge);

	// Field descriptor positions of MS-NLMP 2.2.1.3, in the order the payload is laid out.
	const payload: Array<[at: number, value: Buffer]> = [
		[28, Buffer.from(credentials.domain, 'utf16le')],
		[36, Buffer.from(credentials.username, 'utf16le')],
		[44, Buffer.from(credentials.workstation ?? '', 'utf16le')],
		[12, lmResponse],
		[20, Buffer.concat([proof, blob])],
		[52, Buffer.alloc(0)],
	];
	const message = header(AUTHENTICATE, AUTHENTICATE_HEADER_LENGTH + payload.reduce((sum, [, v]) => sum + v.length, 0));
	let offset = AUTHENTICATE_HEADER_LENGTH;
	for (const [at, value] of payload) {
		writeField(message, at, value.length, offset);
		value.copy(message, offset);
		offset += value.length;
	}
	message.writeUInt32LE((challenge.flags & (CLIENT_FLAGS | NEGOTIATE_TARGET_INFO)) >>> 0, 60);

	if (withMic) {
		const exportedSessionKey = sessionBaseKey(responseKey, proof);
		messageIntegrityCode(exportedSessionKey, options.negotiateMessage, options.challengeMessage, message).copy(
			message,
			AUTHENTICATE_MIC_OFFSET,
		);
	}
	return message;
}
