import { randomBytes, timingSafeEqual } from 'crypto';

import {
	MIC_END,
	MIC_START,
	readAuthenticateMessage,
	readNtlmv2Response,
	type AuthenticateMessage,
	type Ntlmv2Response,
} from './authenticateMessage';
import { expectedChannelBinding } from './channelBinding';
import { fileTime } from './fileTime';
import { messageIntegrityCode, ntowfv2, ntProofStr, sessionBaseKey } from './ntlmv2';

/**
 * The sandbox's NTLM acceptor, playing IIS and the domain controller: it issues CHALLENGE messages and
 * verifies AUTHENTICATE messages the way Windows does for NTLMv2, including the MIC and Extended
 * Protection's channel binding. Message parsing and the NTLMv2 computations are its own, so it checks the
 * client rather than echoes it; MS-NLMP's published vectors pin both sides.
 */

export interface NtlmAccount {
	username: string;
	domain: string;
	password: string;
}

/** What one handshake must remember between CHALLENGE and AUTHENTICATE. */
export interface NtlmServerState {
	negotiate: Buffer;
	challenge: Buffer;
	serverChallenge: Buffer;
	timestamp: Buffer;
}

export interface AcceptorOptions {
	/**
	 * Finds an account. Gets the bare user name as the client sent it (any case) and a domain that is
	 * empty or one of this server's; a UPN with empty domain arrives split into user and DNS domain.
	 */
	lookup(username: string, domain: string): NtlmAccount | undefined;
	netbiosDomain: string;
	dnsDomain: string;
	computerName: string;
	requireChannelBinding: boolean;
}

export type NtlmVerdict =
	| { ok: true; account: NtlmAccount; usedMic: boolean; usedChannelBinding: boolean }
	| { ok: false; reason: string };

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

const NEGOTIATE_UNICODE = 0x00000001;
const REQUEST_TARGET = 0x00000004;
const NEGOTIATE_NTLM = 0x00000200;
const NEGOTIATE_ALWAYS_SIGN = 0x00008000;
const TARGET_TYPE_DOMAIN = 0x00010000;
const NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
const NEGOTIATE_TARGET_INFO = 0x00800000;
const NEGOTIATE_VERSION = 0x02000000;
const NEGOTIATE_128 = 0x20000000;
const NEGOTIATE_KEY_EXCH = 0x40000000;
const NEGOTIATE_56 = 0x80000000;

const AV_NB_COMPUTER_NAME = 1;
const AV_NB_DOMAIN_NAME = 2;
const AV_DNS_COMPUTER_NAME = 3;
const AV_DNS_DOMAIN_NAME = 4;
const AV_FLAGS = 6;
const AV_TIMESTAMP = 7;
const AV_CHANNEL_BINDINGS = 10;
const AV_FLAG_MIC = 0x2;

const CHALLENGE_HEADER = 56;
/** Windows Server 2019 (10.0.17763), NTLMSSP revision 15, as its CHALLENGE messages carry. */
const SERVER_VERSION = Buffer.from([10, 0, 0xe3, 0x45, 0, 0, 0, 15]);
/** NTLMv1 responses are 24 bytes; NTLMv2 ones are longer. */
const NTLMV1_RESPONSE_LENGTH = 24;

function avPair(id: number, value: Buffer): Buffer {
	const header = Buffer.alloc(4);
	header.writeUInt16LE(id, 0);
	header.writeUInt16LE(value.length, 2);
	return Buffer.concat([header, value]);
}

function utf16(text: string): Buffer {
	return Buffer.from(text, 'utf16le');
}

function sameText(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

function equalSecret(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}

export class NtlmAcceptor {
	constructor(private readonly options: AcceptorOptions) {}

	/** Never throws: the caller has seen the NTLMSSP signature and type 1; missing flags count as none. */
	challenge(negotiate: Buffer): { challengeMessage: Buffer; state: NtlmServerState } {
		const requested = negotiate.length >= 16 ? negotiate.readUInt32LE(12) : 0;
		// KEY_EXCH is never offered: the client then has no RC4 to do, and the MIC key is the session base key.
		const flags =
			(NEGOTIATE_UNICODE |
				NEGOTIATE_NTLM |
				NEGOTIATE_ALWAYS_SIGN |
				TARGET_TYPE_DOMAIN |
				NEGOTIATE_EXTENDED_SESSIONSECURITY |
				NEGOTIATE_TARGET_INFO |
				NEGOTIATE_VERSION |
				(requested & (REQUEST_TARGET | NEGOTIATE_128 | NEGOTIATE_56))) >>>
			0;
		const { netbiosDomain, dnsDomain, computerName } = this.options;
		const serverChallenge = randomBytes(8);
		const timestamp = fileTime(new Date());
		const targetName = utf16(netbiosDomain.toUpperCase());
		const targetInfo = Buffer.concat([
			avPair(AV_NB_DOMAIN_NAME, utf16(netbiosDomain.toUpperCase())),
			avPair(AV_NB_COMPUTER_NAME, utf16(computerName.toUpperCase())),
			avPair(AV_DNS_DOMAIN_NAME, utf16(dnsDomain.toLowerCase())),
			avPair(AV_DNS_COMPUTER_NAME, utf16(`${computerName}.${dnsDomain}`.toLowerCase())),
			avPair(AV_TIMESTAMP, timestamp),
			Buffer.alloc(4),
		]);
		const message = Buffer.alloc(CHALLENGE_HEADER + targetName.length + targetInfo.length);
		SIGNATURE.copy(message, 0);
		message.writeUInt32LE(2, 8);
		message.writeUInt16LE(targetName.length, 12);
		message.writeUInt16LE(targetName.length, 14);
		message.writeUInt32LE(CHALLENGE_HEADER, 16);
		message.writeUInt32LE(flags, 20);
		serverChallenge.copy(message, 24);
		message.writeUInt16LE(targetInfo.length, 40);
		message.writeUInt16LE(targetInfo.length, 42);
		message.writeUInt32LE(CHALLENGE_HEADER + targetName.length, 44);
		SERVER_VERSION.copy(message, 48);
		targetName.copy(message, CHALLENGE_HEADER);
		targetInfo.copy(message, CHALLENGE_HEADER + targetName.length);
		return {
			challengeMessage: message,
			state: { negotiate: Buffer.from(negotiate), challenge: message, serverChallenge, timestamp },
		};
	}

	verify(state: NtlmServerState, authenticate: Buffer, serverCertificateDer?: Buffer): NtlmVerdict {
		let message: AuthenticateMessage;
		let response: Ntlmv2Response;
		try {
			message = readAuthenticateMessage(authenticate);
			if (message.ntResponse.length === 0) {
				return refuse('no NT response (anonymous or LM-only logon); NTLMv2 is required');
			}
			if (message.ntResponse.length === NTLMV1_RESPONSE_LENGTH) {
				return refuse('NTLMv1 response; only NTLMv2 is accepted');
			}
			response = readNtlmv2Response(message.ntResponse);
		} catch (error) {
			return refuse(`malformed AUTHENTICATE message: ${(error as Error).message}`);
		}
		if (!(message.flags & NEGOTIATE_UNICODE)) return refuse('OEM strings, though the challenge chose Unicode');
		if (message.flags & NEGOTIATE_KEY_EXCH) return refuse('KEY_EXCH claimed, though the challenge did not offer it');

		const identity = this.resolveIdentity(message.username, message.domain);
		if (typeof identity === 'string') return refuse(identity);
		const account = this.options.lookup(identity.username, identity.domain);
		if (!account) return refuse(`unknown user ${identity.username} in domain '${identity.domain}'`);

		// The domain controller keys the response with the names as the client sent them.
		const responseKey = ntowfv2(account.password, message.username, message.domain);
		if (!equalSecret(ntProofStr(responseKey, state.serverChallenge, response.blob), response.proof)) {
			return refuse(`NTProofStr does not match: wrong password for ${message.username}`);
		}

		const avFlags = response.avPairs.find((p) => p.id === AV_FLAGS);
		const usedMic = avFlags !== undefined && avFlags.value.length === 4 && (avFlags.value.readUInt32LE(0) & AV_FLAG_MIC) !== 0;
		if (usedMic) {
			if (message.headerEnd < MIC_END) return refuse('MsvAvFlags announces a MIC, but the header has no room for one');
			const withoutMic = Buffer.from(authenticate);
			withoutMic.fill(0, MIC_START, MIC_END);
			const expected = messageIntegrityCode(sessionBaseKey(responseKey, response.proof), state.negotiate, state.challenge, withoutMic);
			if (!equalSecret(expected, authenticate.subarray(MIC_START, MIC_END))) return refuse('MIC does not match');
		}

		const binding = this.checkChannelBinding(response, serverCertificateDer);
		if (typeof binding === 'string') return refuse(binding);
		return { ok: true, account, usedMic, usedChannelBinding: binding };
	}

	/**
	 * The user and domain to look up: a UPN with empty domain is split at its last '@' and must name our
	 * DNS domain; otherwise the domain is empty or our NetBIOS or DNS name.
	 */
	private resolveIdentity(username: string, domain: string): { username: string; domain: string } | string {
		const { netbiosDomain, dnsDomain } = this.options;
		const at = username.lastIndexOf('@');
		if (domain === '' && at >= 0) {
			const suffix = username.slice(at + 1);
			if (!sameText(suffix, dnsDomain)) return `UPN suffix ${suffix} is not this server's domain`;
			return { username: username.slice(0, at), domain: suffix };
		}
		if (domain !== '' && !sameText(domain, netbiosDomain) && !sameText(domain, dnsDomain)) {
			return `domain ${domain} is not this server's`;
		}
		return { username, domain };
	}

	/**
	 * Extended Protection over TLS: a binding the client sends must match our certificate, and when
	 * required a binding must be sent. Plain HTTP has no channel to bind to, so nothing is checked there.
	 * Returns whether a binding was verified, or why the client is refused.
	 */
	private checkChannelBinding(response: Ntlmv2Response, serverCertificateDer?: Buffer): boolean | string {
		if (!serverCertificateDer) return false;
		const sent = response.avPairs.find((p) => p.id === AV_CHANNEL_BINDINGS)?.value;
		if (!sent || sent.every((byte) => byte === 0)) {
			if (!this.options.requireChannelBinding) return false;
			return `channel binding required (Extended Protection) but ${sent ? 'all-zero' : 'missing'}`;
		}
		if (!equalSecret(expectedChannelBinding(serverCertificateDer), sent)) {
			return 'channel binding does not match this server certificate';
		}
		return true;
	}
}

function refuse(reason: string): NtlmVerdict {
	return { ok: false, reason };
}
