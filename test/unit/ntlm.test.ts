import { execFileSync } from 'child_process';
import { createHmac, randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import { channelBindingHash } from '../../nodes/Exchange/transport/ntlm/channelBinding';
import { lmv2Response, ntlmv2ClientBlob, ntowfv2, ntProofStr, sessionBaseKey } from '../../nodes/Exchange/transport/ntlm/crypto';
import { md4 } from '../../nodes/Exchange/transport/ntlm/md4';
import {
	createAuthenticateMessage,
	createNegotiateMessage,
	parseChallengeMessage,
	splitNtlmUser,
	type NtlmCredentials,
} from '../../nodes/Exchange/transport/ntlm/messages';
import { NtlmAcceptor, type NtlmAccount, type NtlmServerState } from '../../sandbox/ntlm/acceptor';
import { loadNtlmHashes } from '../../sandbox/ntlm/ntlmv2';

const hex = (value: string) => Buffer.from(value.replace(/\s+/g, ''), 'hex');
const utf16 = (text: string) => Buffer.from(text, 'utf16le');
const hmacMd5 = (key: Buffer, ...data: Buffer[]) => data.reduce((h, d) => h.update(d), createHmac('md5', key)).digest();

// MS-NLMP 4.2.4: the NTLMv2 example.
const VECTOR = {
	user: 'User',
	domain: 'Domain',
	password: 'Password',
	serverChallenge: hex('0123456789abcdef'),
	clientChallenge: hex('aaaaaaaaaaaaaaaa'),
	time: Buffer.alloc(8),
	ntowfv2: '0c868a403bfd7a93a3001ef22ef02e3f',
	ntProofStr: '68cd0ab851e51c96aabc927bebef6a1c',
	lmv2: '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa',
	sessionBaseKey: '8de40ccadbc14a82f15cb0ad0de95ca3',
	challengeFlags: 0xe28a8233,
};

function avPair(id: number, value: Buffer): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt16LE(id, 0);
	head.writeUInt16LE(value.length, 2);
	return Buffer.concat([head, value]);
}

const EOL = Buffer.alloc(4);
// MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL.
const VECTOR_TARGET_INFO = Buffer.concat([avPair(2, utf16('Domain')), avPair(1, utf16('Server')), EOL]);

/** A CHALLENGE message laid out by hand from MS-NLMP 2.2.1.2 (with Version, as Windows sends it). */
function challengeMessage(flags: number, serverChallenge: Buffer, targetName: string, targetInfo: Buffer): Buffer {
	const name = utf16(targetName);
	const head = Buffer.alloc(56);
	head.write('NTLMSSP\0', 0, 'latin1');
	head.writeUInt32LE(2, 8);
	head.writeUInt16LE(name.length, 12);
	head.writeUInt16LE(name.length, 14);
	head.writeUInt32LE(56, 16);
	head.writeUInt32LE(flags >>> 0, 20);
	serverChallenge.copy(head, 24);
	head.writeUInt16LE(targetInfo.length, 40);
	head.writeUInt16LE(targetInfo.length, 42);
	head.writeUInt32LE(56 + name.length, 44);
	hex('0600701700000000f').copy(head, 48);
	return Buffer.concat([head, name, targetInfo]);
}

interface ReadAuthenticate {
	fields: Record<string, { length: number; offset: number; value: Buffer }>;
	flags: number;
	mic: Buffer;
	blobPairs: Array<{ id: number; value: Buffer }>;
	/** Bytes after MsvAvEOL in the blob (the trailing Z(4)). */
	afterEol: Buffer;
}

/** The test's own reader of an AUTHENTICATE message (MS-NLMP 2.2.1.3), independent of the code under test. */
function readAuthenticate(message: Buffer): ReadAuthenticate {
	const names = ['lm', 'nt', 'domain', 'user', 'workstation', 'sessionKey'];
	const fields: ReadAuthenticate['fields'] = {};
	names.forEach((name, i) => {
		const at = 12 + i * 8;
		const length = message.readUInt16LE(at);
		expect(message.readUInt16LE(at + 2)).toBe(length);
		const offset = message.readUInt32LE(at + 4);
		expect(offset + length).toBeLessThanOrEqual(message.length);
		fields[name] = { length, offset, value: message.subarray(offset, offset + length) };
	});
	const blob = fields.nt.value.subarray(16);
	const blobPairs: ReadAuthenticate['blobPairs'] = [];
	let offset = 28;
	for (;;) {
		const id = blob.readUInt16LE(offset);
		const length = blob.readUInt16LE(offset + 2);
		offset += 4;
		if (id === 0) break;
		blobPairs.push({ id, value: blob.subarray(offset, offset + length) });
		offset += length;
	}
	return { fields, flags: message.readUInt32LE(60), mic: message.subarray(72, 88), blobPairs, afterEol: blob.subarray(offset) };
}

describe('MD4', () => {
	it.each([
		['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
		['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
		['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
		['message digest', 'd9130a8164549fe818874806e1c7014b'],
		['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
		['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
		['1234567890'.repeat(8), 'e33b4ddc9c38f2199c3e7b164fcc0536'],
	])('RFC 1320 test suite: "%s"', (input, digest) => {
		expect(md4(Buffer.from(input, 'latin1')).toString('hex')).toBe(digest);
	});

	it('agrees with OpenSSL (legacy provider) around the padding boundaries', () => {
		for (const length of [55, 56, 57, 63, 64, 65, 119, 120, 1000]) {
			const data = randomBytes(length);
			const expected = execFileSync('openssl', ['dgst', '-md4', '-binary', '-provider', 'legacy', '-provider', 'default'], { input: data });
			expect(md4(data).toString('hex')).toBe(expected.toString('hex'));
		}
	});
});

describe('NTLMv2 computations (MS-NLMP 4.2.4)', () => {
	const key = ntowfv2(VECTOR.password, VECTOR.user, VECTOR.domain);
	const blob = ntlmv2ClientBlob(VECTOR.time, VECTOR.clientChallenge, VECTOR_TARGET_INFO);
	const proof = ntProofStr(key, VECTOR.serverChallenge, blob);

	it('derives NTOWFv2, NTProofStr, LMv2 and the session base key', () => {
		expect(key.toString('hex')).toBe(VECTOR.ntowfv2);
		expect(proof.toString('hex')).toBe(VECTOR.ntProofStr);
		expect(lmv2Response(key, VECTOR.serverChallenge, VECTOR.clientChallenge).toString('hex')).toBe(VECTOR.lmv2);
		expect(sessionBaseKey(key, proof).toString('hex')).toBe(VECTOR.sessionBaseKey);
	});

	it('upper-cases the user name but not the domain', () => {
		expect(ntowfv2(VECTOR.password, 'USER', VECTOR.domain).toString('hex')).toBe(VECTOR.ntowfv2);
		expect(ntowfv2(VECTOR.password, VECTOR.user, 'DOMAIN').toString('hex')).not.toBe(VECTOR.ntowfv2);
	});

	it('builds an AUTHENTICATE message carrying the published responses', () => {
		const challenge = challengeMessage(VECTOR.challengeFlags, VECTOR.serverChallenge, 'Server', VECTOR_TARGET_INFO);
		const message = createAuthenticateMessage({
			negotiateMessage: createNegotiateMessage(),
			challengeMessage: challenge,
			credentials: { username: VECTOR.user, domain: VECTOR.domain, password: VECTOR.password },
			clientChallenge: VECTOR.clientChallenge,
			now: VECTOR.time,
		});
		const read = readAuthenticate(message);
		expect(read.fields.lm.value.toString('hex')).toBe(VECTOR.lmv2);
		expect(read.fields.nt.value.subarray(0, 16).toString('hex')).toBe(VECTOR.ntProofStr);
		expect(read.fields.nt.value.subarray(16)).toEqual(blob);
		expect(read.fields.user.value.toString('utf16le')).toBe('User');
		expect(read.fields.domain.value.toString('utf16le')).toBe('Domain');
		// No timestamp in this challenge: no MIC, no MsvAvFlags.
		expect(read.mic).toEqual(Buffer.alloc(16));
		expect(read.blobPairs.map((p) => p.id)).toEqual([2, 1]);
		// The server offered KEY_EXCH, SEAL, SIGN and more; only what the client asked for stays.
		expect(read.flags).toBe(0xa0888201);
	});
});

describe('createNegotiateMessage', () => {
	it('asks for Unicode NTLMv2 with extended session security, without KEY_EXCH', () => {
		const message = createNegotiateMessage();
		expect(message.subarray(0, 12)).toEqual(hex('4e544c4d5353500001000000'));
		expect(message.readUInt32LE(12)).toBe(0xa0088205);
		expect(message.readUInt32LE(12) & 0x40000000).toBe(0);
		expect(message.length).toBe(32);
	});
});

describe('parseChallengeMessage', () => {
	const timestamp = hex('0090d336b734c301');
	const targetInfo = Buffer.concat([avPair(2, utf16('CONTOSO')), avPair(7, timestamp), EOL]);
	const valid = challengeMessage(0xe28a8235, VECTOR.serverChallenge, 'CONTOSO', targetInfo);

	it('reads flags, challenge, target name, target info and the timestamp', () => {
		expect(parseChallengeMessage(valid)).toEqual({
			flags: 0xe28a8235,
			serverChallenge: VECTOR.serverChallenge,
			targetName: 'CONTOSO',
			targetInfo,
			timestamp,
		});
		expect(parseChallengeMessage(challengeMessage(0xe28a8235, VECTOR.serverChallenge, 'X', VECTOR_TARGET_INFO)).timestamp).toBeUndefined();
	});

	it.each([
		['a short message', valid.subarray(0, 40), /40 bytes/],
		['a wrong signature', Buffer.concat([Buffer.from('NTLMSSQ\0'), valid.subarray(8)]), /signature/],
		['a wrong message type', Buffer.concat([valid.subarray(0, 8), hex('03000000'), valid.subarray(12)]), /message type 3/],
		['a target info past the end', valid.subarray(0, valid.length - 2), /target info runs past/],
		['AV pairs without EOL', challengeMessage(1, VECTOR.serverChallenge, '', avPair(2, utf16('X'))), /MsvAvEOL/],
		['a 4-byte timestamp', challengeMessage(1, VECTOR.serverChallenge, '', Buffer.concat([avPair(7, Buffer.alloc(4)), EOL])), /8 expected/],
	])('throws on %s', (_name, message, error) => {
		expect(() => parseChallengeMessage(message)).toThrow(error);
	});
});

describe('splitNtlmUser', () => {
	it.each([
		['CONTOSO\\alice', undefined, { username: 'alice', domain: 'CONTOSO' }],
		['CONTOSO\\alice', 'OTHER', { username: 'alice', domain: 'CONTOSO' }],
		['alice@contoso.com', undefined, { username: 'alice@contoso.com', domain: '' }],
		['alice@contoso.com', 'CONTOSO', { username: 'alice@contoso.com', domain: '' }],
		['alice', 'CONTOSO', { username: 'alice', domain: 'CONTOSO' }],
		['alice', undefined, { username: 'alice', domain: '' }],
	])('%s with domain %s', (username, domain, expected) => {
		expect(splitNtlmUser(username, domain)).toEqual(expected);
	});
});

describe('AUTHENTICATE structure with MIC and channel binding', () => {
	const serverTimestamp = hex('0090d336b734c301');
	const serverPairs = [avPair(2, utf16('Domain')), avPair(1, utf16('Server')), avPair(7, serverTimestamp)];
	const challenge = challengeMessage(0xe28a8235, VECTOR.serverChallenge, 'Domain', Buffer.concat([...serverPairs, EOL]));
	const negotiate = createNegotiateMessage();
	const binding = hex('00112233445566778899aabbccddeeff');
	const message = createAuthenticateMessage({
		negotiateMessage: negotiate,
		challengeMessage: challenge,
		credentials: { username: VECTOR.user, domain: VECTOR.domain, password: VECTOR.password, workstation: 'WS01' },
		channelBindingHash: binding,
		clientChallenge: VECTOR.clientChallenge,
	});
	const read = readAuthenticate(message);

	it('lays the payload out after the 88-byte header, contiguously and without overlap', () => {
		const nonEmpty = Object.values(read.fields).filter((f) => f.length > 0).sort((a, b) => a.offset - b.offset);
		expect(nonEmpty[0].offset).toBe(88);
		for (let i = 1; i < nonEmpty.length; i++) expect(nonEmpty[i].offset).toBe(nonEmpty[i - 1].offset + nonEmpty[i - 1].length);
		expect(nonEmpty[nonEmpty.length - 1].offset + nonEmpty[nonEmpty.length - 1].length).toBe(message.length);
		expect(read.fields.sessionKey.length).toBe(0);
		expect(read.fields.workstation.value.toString('utf16le')).toBe('WS01');
	});

	it('uses the server timestamp and sends a zero LM response (MS-NLMP 3.1.5.1.2)', () => {
		expect(read.fields.lm.value).toEqual(Buffer.alloc(24));
		const blob = read.fields.nt.value.subarray(16);
		expect(blob.subarray(0, 8)).toEqual(hex('0101000000000000'));
		expect(blob.subarray(8, 16)).toEqual(serverTimestamp);
		expect(blob.subarray(16, 24)).toEqual(VECTOR.clientChallenge);
	});

	it("keeps the server's AV pairs, then MsvAvFlags(MIC) and MsvAvChannelBindings, with MsvAvEOL last", () => {
		expect(read.blobPairs.map((p) => p.id)).toEqual([2, 1, 7, 6, 10]);
		expect(read.blobPairs[3].value).toEqual(hex('02000000'));
		expect(read.blobPairs[4].value).toEqual(binding);
		expect(read.afterEol).toEqual(Buffer.alloc(4));
	});

	it('carries a MIC over all three messages, keyed by the session base key', () => {
		const proof = read.fields.nt.value.subarray(0, 16);
		expect(proof).toEqual(hmacMd5(hex(VECTOR.ntowfv2), VECTOR.serverChallenge, read.fields.nt.value.subarray(16)));
		const zeroed = Buffer.from(message);
		zeroed.fill(0, 72, 88);
		expect(read.mic).toEqual(hmacMd5(hmacMd5(hex(VECTOR.ntowfv2), proof), negotiate, challenge, zeroed));
	});

	it('refuses a challenge without Unicode and a binding hash of the wrong size', () => {
		const oem = challengeMessage(0x00000202, VECTOR.serverChallenge, '', EOL);
		const options = { negotiateMessage: negotiate, credentials: { username: 'u', domain: '', password: 'p' } };
		expect(() => createAuthenticateMessage({ ...options, challengeMessage: oem })).toThrow(/Unicode/);
		expect(() => createAuthenticateMessage({ ...options, challengeMessage: challenge, channelBindingHash: Buffer.alloc(32) })).toThrow(/16 bytes/);
	});
});

describe('client and sandbox acceptor', () => {
	beforeAll(() => loadNtlmHashes());

	const accounts: NtlmAccount[] = [{ username: 'alice', domain: 'CONTOSO', password: 'Al1ce!Pass' }];
	const certificate = pemToDer('server.pem');
	const otherCertificate = pemToDer('self-signed.pem');

	function pemToDer(file: string): Buffer {
		const pem = readFileSync(join(__dirname, '../../sandbox/certs', file), 'latin1');
		return Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
	}

	function acceptor(requireChannelBinding = false): NtlmAcceptor {
		return new NtlmAcceptor({
			// Matches names the way the sandbox directory does; the domain was checked by the acceptor.
			lookup: (username) => accounts.find((a) => a.username.toLowerCase() === username.toLowerCase()),
			netbiosDomain: 'CONTOSO',
			dnsDomain: 'contoso.com',
			computerName: 'EXCH01',
			requireChannelBinding,
		});
	}

	function handshake(
		server: NtlmAcceptor,
		credentials: NtlmCredentials,
		options: { bindingCertificate?: Buffer; bindingHash?: Buffer } = {},
	): { state: NtlmServerState; authenticate: Buffer } {
		const negotiate = createNegotiateMessage();
		const { challengeMessage: challenge, state } = server.challenge(negotiate);
		const authenticate = createAuthenticateMessage({
			negotiateMessage: negotiate,
			challengeMessage: challenge,
			credentials,
			channelBindingHash: options.bindingHash ?? (options.bindingCertificate && channelBindingHash(options.bindingCertificate)),
		});
		return { state, authenticate };
	}

	const alice = { username: 'alice', domain: 'CONTOSO', password: 'Al1ce!Pass' };

	it('issues a CHALLENGE with the server names, a fresh timestamp and no KEY_EXCH', () => {
		const { challengeMessage: challenge, state } = acceptor().challenge(createNegotiateMessage());
		const parsed = parseChallengeMessage(challenge);
		expect(parsed.flags & 0x40000000).toBe(0);
		expect(parsed.flags & 0x00800001).toBe(0x00800001);
		expect(parsed.targetName).toBe('CONTOSO');
		expect(parsed.serverChallenge).toEqual(state.serverChallenge);
		const pairs: Record<number, string> = {};
		for (let offset = 0; parsed.targetInfo.readUInt16LE(offset) !== 0; offset += 4 + parsed.targetInfo.readUInt16LE(offset + 2)) {
			const length = parsed.targetInfo.readUInt16LE(offset + 2);
			pairs[parsed.targetInfo.readUInt16LE(offset)] = parsed.targetInfo.subarray(offset + 4, offset + 4 + length).toString('utf16le');
		}
		expect([pairs[2], pairs[1], pairs[4], pairs[3]]).toEqual(['CONTOSO', 'EXCH01', 'contoso.com', 'exch01.contoso.com']);
		const millis = Number(parsed.timestamp!.readBigUInt64LE() / 10000n - 11644473600000n);
		expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
		expect(parsed.timestamp).toEqual(state.timestamp);
	});

	it('accepts the right password with a MIC', () => {
		const server = acceptor();
		const { state, authenticate } = handshake(server, alice);
		expect(server.verify(state, authenticate)).toEqual({ ok: true, account: accounts[0], usedMic: true, usedChannelBinding: false });
	});

	it.each([
		['upper-case user and DNS domain', { username: 'ALICE', domain: 'contoso.com' }],
		['an empty domain', { username: 'alice', domain: '' }],
		['a UPN with empty domain', { username: 'Alice@Contoso.com', domain: '' }],
	])('accepts %s', (_name, names) => {
		const server = acceptor();
		const { state, authenticate } = handshake(server, { ...names, password: alice.password });
		expect(server.verify(state, authenticate)).toMatchObject({ ok: true, account: accounts[0] });
	});

	it.each([
		['a wrong password', { ...alice, password: 'Al1ce!pass' }, /NTProofStr does not match/],
		['an unknown user', { ...alice, username: 'mallory' }, /unknown user mallory/],
		['a foreign domain', { ...alice, domain: 'FABRIKAM' }, /domain FABRIKAM/],
		['a foreign UPN suffix', { ...alice, username: 'alice@fabrikam.com', domain: '' }, /UPN suffix fabrikam.com/],
	])('refuses %s', (_name, credentials, reason) => {
		const server = acceptor();
		const { state, authenticate } = handshake(server, credentials);
		const verdict = server.verify(state, authenticate);
		expect(verdict.ok).toBe(false);
		expect(!verdict.ok && verdict.reason).toMatch(reason);
		expect(JSON.stringify(verdict)).not.toContain(credentials.password);
	});

	it('refuses a tampered MIC, and a message changed outside the NT response', () => {
		const server = acceptor();
		const { state, authenticate } = handshake(server, alice);
		const badMic = Buffer.from(authenticate);
		badMic[80] ^= 0x01;
		expect(server.verify(state, badMic)).toEqual({ ok: false, reason: 'MIC does not match' });
		const badFlags = Buffer.from(authenticate);
		badFlags.writeUInt32LE((badFlags.readUInt32LE(60) & ~0x20000000) >>> 0, 60);
		expect(server.verify(state, badFlags)).toEqual({ ok: false, reason: 'MIC does not match' });
		const otherNegotiate = Buffer.from(state.negotiate);
		otherNegotiate[12] ^= 0x10;
		expect(server.verify({ ...state, negotiate: otherNegotiate }, authenticate)).toEqual({ ok: false, reason: 'MIC does not match' });
	});

	it('accepts a client that sends no MIC when the challenge has no timestamp', () => {
		const server = acceptor();
		const negotiate = createNegotiateMessage();
		const { challengeMessage: challenge, state } = server.challenge(negotiate);
		const parsed = parseChallengeMessage(challenge);
		const pairs: Buffer[] = [];
		for (let offset = 0; parsed.targetInfo.readUInt16LE(offset) !== 0; offset += 4 + parsed.targetInfo.readUInt16LE(offset + 2)) {
			const end = offset + 4 + parsed.targetInfo.readUInt16LE(offset + 2);
			if (parsed.targetInfo.readUInt16LE(offset) !== 7) pairs.push(parsed.targetInfo.subarray(offset, end));
		}
		const withoutTimestamp = challengeMessage(parsed.flags, parsed.serverChallenge, parsed.targetName, Buffer.concat([...pairs, EOL]));
		const authenticate = createAuthenticateMessage({ negotiateMessage: negotiate, challengeMessage: withoutTimestamp, credentials: alice });
		expect(server.verify(state, authenticate)).toEqual({ ok: true, account: accounts[0], usedMic: false, usedChannelBinding: false });
	});

	describe('with Extended Protection required', () => {
		it('accepts the binding of the certificate the server used', () => {
			const server = acceptor(true);
			const { state, authenticate } = handshake(server, alice, { bindingCertificate: certificate });
			expect(server.verify(state, authenticate, certificate)).toEqual({ ok: true, account: accounts[0], usedMic: true, usedChannelBinding: true });
		});

		it.each([
			['a missing binding', {}, /but missing/],
			['an all-zero binding', { bindingHash: Buffer.alloc(16) }, /but all-zero/],
			["another certificate's binding", { bindingCertificate: otherCertificate }, /does not match this server certificate/],
		])('refuses %s', (_name, options, reason) => {
			const server = acceptor(true);
			const { state, authenticate } = handshake(server, alice, options);
			const verdict = server.verify(state, authenticate, certificate);
			expect(!verdict.ok && verdict.reason).toMatch(reason);
		});

		it('checks no binding over plain HTTP, where there is no certificate', () => {
			const server = acceptor(true);
			const { state, authenticate } = handshake(server, alice);
			expect(server.verify(state, authenticate)).toMatchObject({ ok: true, usedChannelBinding: false });
		});
	});

	it('checks a binding the client sends even when not required', () => {
		const server = acceptor(false);
		const wrong = handshake(server, alice, { bindingCertificate: otherCertificate });
		expect(server.verify(wrong.state, wrong.authenticate, certificate)).toMatchObject({ ok: false });
		const missing = handshake(server, alice);
		expect(server.verify(missing.state, missing.authenticate, certificate)).toMatchObject({ ok: true, usedChannelBinding: false });
	});

	describe('refuses responses that are not NTLMv2', () => {
		/** An AUTHENTICATE message built by hand, with the given LM and NT responses. */
		function legacyAuthenticate(lm: Buffer, nt: Buffer, flags = 0x00088205): Buffer {
			const user = utf16('alice');
			const head = Buffer.alloc(64);
			head.write('NTLMSSP\0', 0, 'latin1');
			head.writeUInt32LE(3, 8);
			const payload = [lm, nt, Buffer.alloc(0), user, Buffer.alloc(0), Buffer.alloc(0)];
			let offset = 64;
			payload.forEach((value, i) => {
				head.writeUInt16LE(value.length, 12 + i * 8);
				head.writeUInt16LE(value.length, 14 + i * 8);
				head.writeUInt32LE(offset, 16 + i * 8);
				offset += value.length;
			});
			head.writeUInt32LE(flags >>> 0, 60);
			return Buffer.concat([head, ...payload]);
		}

		const server = acceptor();
		const { state } = server.challenge(createNegotiateMessage());

		it.each([
			['NTLMv1', legacyAuthenticate(randomBytes(24), randomBytes(24)), /NTLMv1/],
			['LM only', legacyAuthenticate(randomBytes(24), Buffer.alloc(0)), /LM-only/],
			['an unknown response version', legacyAuthenticate(Buffer.alloc(24), Buffer.concat([randomBytes(16), hex('0202'), Buffer.alloc(40)])), /version 2\.2/],
			['a truncated message', legacyAuthenticate(Buffer.alloc(24), randomBytes(60)).subarray(0, 100), /malformed.*past the end/],
			['a message shorter than the header', Buffer.from('NTLMSSP\0\x03\0\0\0', 'latin1'), /malformed/],
			['KEY_EXCH', legacyAuthenticate(Buffer.alloc(24), Buffer.concat([randomBytes(16), hex('0101'), Buffer.alloc(40)]), 0x40088205), /KEY_EXCH/],
		])('%s', (_name, message, reason) => {
			const verdict = server.verify(state, message);
			expect(!verdict.ok && verdict.reason).toMatch(reason);
		});
	});
});
