import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { channelBindingHash, tlsServerEndPointHash } from '../../nodes/Exchange/transport/ntlm/channelBinding';

/**
 * tls-server-end-point (RFC 5929) against certificates that openssl makes on the spot, with the expected
 * hash computed by openssl from the same DER.
 */

let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'ntlm-cb-'));
});

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

function openssl(args: string[], input?: Buffer): Buffer {
	return execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A self-signed certificate in DER, and the signature algorithm openssl reports for it. */
function makeCertificate(name: string, keyArgs: string[], signArgs: string[]): { der: Buffer; signature: string } {
	const pem = join(dir, `${name}.pem`);
	openssl(['req', '-x509', ...keyArgs, ...signArgs, '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}.key`), '-out', pem]);
	const der = openssl(['x509', '-in', pem, '-outform', 'DER']);
	const text = openssl(['x509', '-in', pem, '-noout', '-text']).toString();
	const signature = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? '';
	const pssHash = /Hash Algorithm: (\S+)/.exec(text)?.[1];
	return { der, signature: pssHash ? `${signature}/${pssHash}` : signature };
}

function opensslDigest(algorithm: string, der: Buffer): Buffer {
	return openssl(['dgst', `-${algorithm}`, '-binary'], der);
}

const RSA = ['-newkey', 'rsa:2048'];
const RSA_PSS = ['-newkey', 'rsa-pss', '-pkeyopt', 'rsa_keygen_bits:2048'];
const EC_P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
const EC_P384 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'];
const PSS_SIGN = ['-sigopt', 'rsa_padding_mode:pss'];

describe('tlsServerEndPointHash', () => {
	it.each([
		{ name: 'rsa-sha256', key: RSA, sign: ['-sha256'], signature: 'sha256WithRSAEncryption', hash: 'sha256' },
		{ name: 'rsa-sha384', key: RSA, sign: ['-sha384'], signature: 'sha384WithRSAEncryption', hash: 'sha384' },
		{ name: 'rsa-sha512', key: RSA, sign: ['-sha512'], signature: 'sha512WithRSAEncryption', hash: 'sha512' },
		{ name: 'rsa-sha1', key: RSA, sign: ['-sha1'], signature: 'sha1WithRSAEncryption', hash: 'sha256' },
		{ name: 'ec-sha256', key: EC_P256, sign: ['-sha256'], signature: 'ecdsa-with-SHA256', hash: 'sha256' },
		{ name: 'ec-sha384', key: EC_P384, sign: ['-sha384'], signature: 'ecdsa-with-SHA384', hash: 'sha384' },
		{ name: 'ec-sha512', key: EC_P384, sign: ['-sha512'], signature: 'ecdsa-with-SHA512', hash: 'sha512' },
		{ name: 'pss-sha384', key: RSA_PSS, sign: [...PSS_SIGN, '-sha384'], signature: 'rsassaPss/sha384', hash: 'sha384' },
		{ name: 'pss-sha256', key: RSA_PSS, sign: [...PSS_SIGN, '-sha256'], signature: 'rsassaPss/sha256', hash: 'sha256' },
		{ name: 'pss-sha1-default', key: RSA_PSS, sign: [...PSS_SIGN, '-sha1'], signature: 'rsassaPss/sha1', hash: 'sha256' },
	])('$name ($signature) is hashed with $hash', ({ name, key, sign, signature, hash }) => {
		const certificate = makeCertificate(name, key, sign);
		expect(certificate.signature).toBe(signature);
		expect(tlsServerEndPointHash(certificate.der).toString('hex')).toBe(opensslDigest(hash, certificate.der).toString('hex'));
	});

	it('refuses an algorithm RFC 5929 does not define, naming its OID', () => {
		const certificate = makeCertificate('ed25519', ['-newkey', 'ed25519'], []);
		expect(() => tlsServerEndPointHash(certificate.der)).toThrow(/signature algorithm 1\.3\.101\.112/);
	});

	it('refuses bytes that are not a certificate', () => {
		expect(() => tlsServerEndPointHash(Buffer.from('not a certificate'))).toThrow(/DER/);
		const der = readFileSync(join(__dirname, '../../sandbox/certs/server.pem'), 'latin1');
		const body = Buffer.from(der.replace(/-----[^-]+-----/g, ''), 'base64');
		expect(() => tlsServerEndPointHash(body.subarray(0, 100))).toThrow(/truncated/);
	});
});

describe('channelBindingHash', () => {
	it('is MD5 of the gss_channel_bindings_struct with empty addresses', () => {
		const certificate = makeCertificate('binding', RSA, ['-sha384']);
		const endPoint = opensslDigest('sha384', certificate.der);
		const applicationData = Buffer.concat([Buffer.from('tls-server-end-point:'), endPoint]);
		// initiator_addrtype, initiator_address.length, acceptor_addrtype, acceptor_address.length, application_data.length
		const struct = Buffer.alloc(20);
		struct.writeUInt32LE(21 + 48, 16);
		const expected = openssl(['dgst', '-md5', '-binary'], Buffer.concat([struct, applicationData]));
		expect(channelBindingHash(certificate.der).toString('hex')).toBe(expected.toString('hex'));
	});
});
