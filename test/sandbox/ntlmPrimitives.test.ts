import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { expectedChannelBinding, tlsServerEndPoint } from '../../sandbox/ntlm/channelBinding';
import { fileTime } from '../../sandbox/ntlm/fileTime';
import { loadNtlmHashes, messageIntegrityCode, ntowfv2, ntProofStr, sessionBaseKey } from '../../sandbox/ntlm/ntlmv2';

/**
 * The sandbox acceptor's own NTLM primitives, pinned by MS-NLMP 4.2.4's published NTLMv2 example and by
 * openssl, never by the node's client code.
 */

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// MS-NLMP 4.2.4.1.1 and 4.2.4.2: user "User", domain "Domain", password "Password".
const SERVER_CHALLENGE = hex('01234567 89abcdef');
// MS-NLMP 4.2.4.2.2's temp: version 1.1, time 0, client challenge aa..., the AV pairs MsvAvNbDomainName
// "Domain" and MsvAvNbComputerName "Server" with MsvAvEOL, and four zero bytes.
const CLIENT_BLOB = hex(`
	01010000 00000000 00000000 00000000 aaaaaaaa aaaaaaaa 00000000
	02000c00 44006f00 6d006100 69006e00
	01000c00 53006500 72007600 65007200
	00000000 00000000`);

beforeAll(() => loadNtlmHashes());

describe('NTLMv2 (MS-NLMP 4.2.4)', () => {
	it('derives the published NTOWFv2, NTProofStr and session base key', () => {
		const key = ntowfv2('Password', 'User', 'Domain');
		expect(key.toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
		const proof = ntProofStr(key, SERVER_CHALLENGE, CLIENT_BLOB);
		expect(proof.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
		expect(sessionBaseKey(key, proof).toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
	});

	it('upper-cases the user name but keeps the domain as sent', () => {
		expect(ntowfv2('Password', 'USER', 'Domain').toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
		expect(ntowfv2('Password', 'User', 'DOMAIN').toString('hex')).not.toBe('0c868a403bfd7a93a3001ef22ef02e3f');
		expect(ntowfv2('password', 'User', 'Domain').toString('hex')).not.toBe('0c868a403bfd7a93a3001ef22ef02e3f');
	});

	it('computes the MIC as HMAC-MD5 over the three messages, as openssl does', () => {
		const key = hex('8de40ccadbc14a82f15cb0ad0de95ca3');
		const [negotiate, challenge, authenticate] = [Buffer.from('NTLMSSP\0\x01'), Buffer.from('NTLMSSP\0\x02 challenge'), Buffer.alloc(96, 7)];
		const expected = execFileSync('openssl', ['dgst', '-md5', '-mac', 'HMAC', '-macopt', `hexkey:${key.toString('hex')}`, '-binary'], {
			input: Buffer.concat([negotiate, challenge, authenticate]),
		});
		expect(messageIntegrityCode(key, negotiate, challenge, authenticate).toString('hex')).toBe(expected.toString('hex'));
	});
});

describe('fileTime', () => {
	it('counts 100-nanosecond ticks since 1601, little-endian', () => {
		expect(fileTime(new Date(Date.UTC(1601, 0, 1)))).toEqual(Buffer.alloc(8));
		// 1970-01-01 is 116444736000000000 ticks (0x019DB1DED53E8000) after 1601-01-01.
		expect(fileTime(new Date(0)).toString('hex')).toBe('00803ed5deb19d01');
		expect(fileTime(new Date(1)).readBigUInt64LE()).toBe(116444736000010000n);
	});
});

describe('channel binding (RFC 5929 tls-server-end-point)', () => {
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'sandbox-cb-'));
	});

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	const openssl = (args: string[], input?: Buffer) => execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'] });

	/** A fresh self-signed certificate in DER, with the signature algorithm (and PSS hash) openssl reports. */
	function certificate(name: string, keyArgs: string[], signArgs: string[]): { der: Buffer; signature: string } {
		const pem = join(dir, `${name}.pem`);
		openssl(['req', '-x509', ...keyArgs, ...signArgs, '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}.key`), '-out', pem]);
		const text = openssl(['x509', '-in', pem, '-noout', '-text']).toString();
		const signature = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? '';
		const pssHash = /Hash Algorithm: (\S+)/.exec(text)?.[1];
		return { der: openssl(['x509', '-in', pem, '-outform', 'DER']), signature: pssHash ? `${signature}/${pssHash}` : signature };
	}

	const RSA = ['-newkey', 'rsa:2048'];
	const PSS = ['-newkey', 'rsa-pss', '-pkeyopt', 'rsa_keygen_bits:2048'];
	const PSS_SIGN = ['-sigopt', 'rsa_padding_mode:pss'];
	const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
	const P384 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'];

	it.each([
		{ name: 'rsa-sha256', key: RSA, sign: ['-sha256'], signature: 'sha256WithRSAEncryption', hash: 'sha256' },
		{ name: 'rsa-sha384', key: RSA, sign: ['-sha384'], signature: 'sha384WithRSAEncryption', hash: 'sha384' },
		{ name: 'rsa-sha512', key: RSA, sign: ['-sha512'], signature: 'sha512WithRSAEncryption', hash: 'sha512' },
		{ name: 'rsa-sha1', key: RSA, sign: ['-sha1'], signature: 'sha1WithRSAEncryption', hash: 'sha256' },
		{ name: 'ecdsa-sha256', key: P256, sign: ['-sha256'], signature: 'ecdsa-with-SHA256', hash: 'sha256' },
		{ name: 'ecdsa-sha384', key: P384, sign: ['-sha384'], signature: 'ecdsa-with-SHA384', hash: 'sha384' },
		{ name: 'ecdsa-sha1', key: P256, sign: ['-sha1'], signature: 'ecdsa-with-SHA1', hash: 'sha256' },
		{ name: 'pss-sha384', key: PSS, sign: [...PSS_SIGN, '-sha384'], signature: 'rsassaPss/sha384', hash: 'sha384' },
		{ name: 'pss-sha512', key: PSS, sign: [...PSS_SIGN, '-sha512'], signature: 'rsassaPss/sha512', hash: 'sha512' },
		{ name: 'pss-sha1', key: PSS, sign: [...PSS_SIGN, '-sha1'], signature: 'rsassaPss/sha1', hash: 'sha256' },
	])('$name ($signature) hashes the certificate with $hash', ({ name, key, sign, signature, hash }) => {
		const cert = certificate(name, key, sign);
		expect(cert.signature).toBe(signature);
		expect(tlsServerEndPoint(cert.der).toString('hex')).toBe(openssl(['dgst', `-${hash}`, '-binary'], cert.der).toString('hex'));
	});

	it('is the MD5 of a gss_channel_bindings_struct without addresses', () => {
		const cert = certificate('struct', RSA, ['-sha384']);
		const applicationData = Buffer.concat([Buffer.from('tls-server-end-point:'), openssl(['dgst', '-sha384', '-binary'], cert.der)]);
		const header = hex(`00000000 00000000 00000000 00000000 ${applicationData.length.toString(16).padStart(2, '0')}000000`);
		const expected = openssl(['dgst', '-md5', '-binary'], Buffer.concat([header, applicationData]));
		expect(expectedChannelBinding(cert.der).toString('hex')).toBe(expected.toString('hex'));
	});

	it('matches the sandbox server certificate', () => {
		const pem = join(__dirname, '../../sandbox/certs/server.pem');
		const der = openssl(['x509', '-in', pem, '-outform', 'DER']);
		expect(tlsServerEndPoint(der).toString('hex')).toBe(openssl(['dgst', '-sha256', '-binary'], der).toString('hex'));
	});

	it('refuses a signature algorithm RFC 5929 leaves undefined, and bytes that are no certificate', () => {
		const ed25519 = certificate('ed25519', ['-newkey', 'ed25519'], []);
		expect(() => tlsServerEndPoint(ed25519.der)).toThrow(/signature algorithm 1\.3\.101\.112/);
		expect(() => tlsServerEndPoint(Buffer.from('not a certificate'))).toThrow(/certificate DER/);
		const der = Buffer.from(readFileSync(join(__dirname, '../../sandbox/certs/server.pem'), 'latin1').replace(/-----[^-]+-----|\s/g, ''), 'base64');
		expect(() => tlsServerEndPoint(der.subarray(0, 100))).toThrow(/truncated/);
	});
});
