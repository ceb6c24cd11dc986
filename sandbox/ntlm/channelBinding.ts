import { createHash } from 'crypto';

/**
 * Extended Protection's channel binding, as the acceptor expects it: RFC 5929 tls-server-end-point (the
 * server certificate hashed with its signature's hash), inside a gss_channel_bindings_struct (RFC 2744)
 * whose MD5 the client sends as MsvAvChannelBindings. Written apart from the node's code; tests pin it
 * against openssl.
 */

/** The hash each signature algorithm uses, by OID. */
const SIGNATURE_HASH: Record<string, string> = {
	'1.2.840.113549.1.1.4': 'md5', // md5WithRSAEncryption
	'1.2.840.113549.1.1.5': 'sha1', // sha1WithRSAEncryption
	'1.2.840.113549.1.1.14': 'sha224',
	'1.2.840.113549.1.1.11': 'sha256',
	'1.2.840.113549.1.1.12': 'sha384',
	'1.2.840.113549.1.1.13': 'sha512',
	'1.2.840.10045.4.1': 'sha1', // ecdsa-with-SHA1
	'1.2.840.10045.4.3.1': 'sha224',
	'1.2.840.10045.4.3.2': 'sha256',
	'1.2.840.10045.4.3.3': 'sha384',
	'1.2.840.10045.4.3.4': 'sha512',
	'1.2.840.10040.4.3': 'sha1', // dsa-with-sha1
	'2.16.840.1.101.3.4.3.1': 'sha224', // dsa-with-sha224
	'2.16.840.1.101.3.4.3.2': 'sha256', // dsa-with-sha256
};

/** RSASSA-PSS names its hash in its parameters, by the OID of the hash itself. */
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const DIGEST: Record<string, string> = {
	'1.3.14.3.2.26': 'sha1',
	'2.16.840.1.101.3.4.2.4': 'sha224',
	'2.16.840.1.101.3.4.2.1': 'sha256',
	'2.16.840.1.101.3.4.2.2': 'sha384',
	'2.16.840.1.101.3.4.2.3': 'sha512',
};

interface Tlv {
	tag: number;
	content: Buffer;
}

/** The DER elements laid end to end in `bytes` (only definite lengths exist in DER). */
function elements(bytes: Buffer): Tlv[] {
	const found: Tlv[] = [];
	let at = 0;
	while (at < bytes.length) {
		if (at + 2 > bytes.length) throw new Error('certificate DER is truncated');
		const tag = bytes[at];
		let length = bytes[at + 1];
		at += 2;
		if (length & 0x80) {
			const size = length & 0x7f;
			if (size === 0 || size > 4 || at + size > bytes.length) throw new Error('certificate DER has a bad length');
			length = bytes.readUIntBE(at, size);
			at += size;
		}
		if (at + length > bytes.length) throw new Error('certificate DER is truncated');
		found.push({ tag, content: bytes.subarray(at, at + length) });
		at += length;
	}
	return found;
}

const SEQUENCE = 0x30;
const OID = 0x06;
/** [0] EXPLICIT, the first field of RSASSA-PSS-params: the hash algorithm (SHA-1 when absent). */
const PSS_HASH_FIELD = 0xa0;

function required(element: Tlv | undefined, tag: number, what: string): Buffer {
	if (!element || element.tag !== tag) throw new Error(`certificate DER: ${what} is missing`);
	return element.content;
}

function oidText(content: Buffer): string {
	const arcs = [Math.floor(content[0] / 40), content[0] % 40];
	let value = 0;
	for (const byte of content.subarray(1)) {
		value = value * 128 + (byte & 0x7f);
		if (!(byte & 0x80)) {
			arcs.push(value);
			value = 0;
		}
	}
	return arcs.join('.');
}

/** An AlgorithmIdentifier: its OID and its parameters, if any. */
function algorithm(content: Buffer): { oid: string; parameters?: Tlv } {
	const [oid, parameters] = elements(content);
	return { oid: oidText(required(oid, OID, 'algorithm OID')), parameters };
}

function signatureHash(certificateDer: Buffer): string {
	const certificate = required(elements(certificateDer)[0], SEQUENCE, 'Certificate');
	const signatureAlgorithm = algorithm(required(elements(certificate)[1], SEQUENCE, 'signatureAlgorithm'));
	if (signatureAlgorithm.oid !== RSASSA_PSS) {
		const hash = SIGNATURE_HASH[signatureAlgorithm.oid];
		if (!hash) throw new Error(`tls-server-end-point is not defined for signature algorithm ${signatureAlgorithm.oid}`);
		return hash;
	}
	const fields = signatureAlgorithm.parameters ? elements(required(signatureAlgorithm.parameters, SEQUENCE, 'RSASSA-PSS parameters')) : [];
	const hashField = fields.find((f) => f.tag === PSS_HASH_FIELD);
	if (!hashField) return 'sha1';
	const hashOid = algorithm(required(elements(hashField.content)[0], SEQUENCE, 'PSS hash algorithm')).oid;
	const hash = DIGEST[hashOid];
	if (!hash) throw new Error(`tls-server-end-point is not defined for the RSASSA-PSS hash ${hashOid}`);
	return hash;
}

/** RFC 5929 section 4.1: the signature's hash, except that MD5 and SHA-1 are replaced by SHA-256. */
export function tlsServerEndPoint(certificateDer: Buffer): Buffer {
	const hash = signatureHash(certificateDer);
	return createHash(hash === 'md5' || hash === 'sha1' ? 'sha256' : hash).update(certificateDer).digest();
}

/**
 * MD5 of the gss_channel_bindings_struct: initiator and acceptor address types and lengths all zero
 * (four 32-bit fields), then the length and bytes of the application data 'tls-server-end-point:' + hash.
 */
export function expectedChannelBinding(certificateDer: Buffer): Buffer {
	const applicationData = Buffer.concat([Buffer.from('tls-server-end-point:'), tlsServerEndPoint(certificateDer)]);
	const lengths = Buffer.alloc(20);
	lengths.writeUInt32LE(applicationData.length, 16);
	return createHash('md5').update(lengths).update(applicationData).digest();
}
