import { createHash } from 'crypto';

import { decodeOid, expectDerTag, readDerChildren, readDerElement, TAG_OID, TAG_SEQUENCE, type DerElement } from './der';

/**
 * Channel binding for Extended Protection: the tls-server-end-point binding of RFC 5929, wrapped in the
 * gss_channel_bindings_struct (RFC 2744) that NTLM hashes into MsvAvChannelBindings.
 */

const RSASSA_PSS = '1.2.840.113549.1.1.10';
/** RSASSA-PSS-params field [0]: the hash algorithm, SHA-1 when absent. */
const TAG_PSS_HASH_ALGORITHM = 0xa0;

/** Signature algorithms with the hash they use; RFC 5929 replaces MD5 and SHA-1 by SHA-256. */
const SIGNATURE_HASHES: Record<string, string> = {
	'1.2.840.113549.1.1.4': 'sha256', // md5WithRSAEncryption
	'1.2.840.113549.1.1.5': 'sha256', // sha1WithRSAEncryption
	'1.2.840.113549.1.1.14': 'sha224',
	'1.2.840.113549.1.1.11': 'sha256',
	'1.2.840.113549.1.1.12': 'sha384',
	'1.2.840.113549.1.1.13': 'sha512',
	'1.2.840.10045.4.1': 'sha256', // ecdsa-with-SHA1
	'1.2.840.10045.4.3.1': 'sha224',
	'1.2.840.10045.4.3.2': 'sha256',
	'1.2.840.10045.4.3.3': 'sha384',
	'1.2.840.10045.4.3.4': 'sha512',
	'1.2.840.10040.4.3': 'sha256', // dsa-with-sha1
	'2.16.840.1.101.3.4.3.1': 'sha224', // dsa-with-sha224
	'2.16.840.1.101.3.4.3.2': 'sha256', // dsa-with-sha256
};

/** Hash algorithms as RSASSA-PSS names them. */
const DIGEST_HASHES: Record<string, string> = {
	'1.3.14.3.2.26': 'sha256', // SHA-1
	'2.16.840.1.101.3.4.2.4': 'sha224',
	'2.16.840.1.101.3.4.2.1': 'sha256',
	'2.16.840.1.101.3.4.2.2': 'sha384',
	'2.16.840.1.101.3.4.2.3': 'sha512',
};

/** The hash of an RSASSA-PSS signature sits in its parameters; absent means SHA-1, so SHA-256 here. */
function pssHash(parameters: DerElement | undefined): string | undefined {
	if (!parameters) return 'sha256';
	const fields = readDerChildren(expectDerTag(parameters, TAG_SEQUENCE, 'RSASSA-PSS parameters').value);
	const hashField = fields.find((f) => f.tag === TAG_PSS_HASH_ALGORITHM);
	if (!hashField) return 'sha256';
	const algorithm = expectDerTag(readDerElement(hashField.value), TAG_SEQUENCE, 'PSS hash AlgorithmIdentifier');
	return DIGEST_HASHES[decodeOid(expectDerTag(readDerChildren(algorithm.value)[0], TAG_OID, 'PSS hash OID').value)];
}

function certificateHashAlgorithm(certificateDer: Buffer): string {
	const certificate = expectDerTag(readDerElement(certificateDer), TAG_SEQUENCE, 'Certificate SEQUENCE');
	const [, signatureAlgorithm] = readDerChildren(certificate.value);
	const [oidElement, parameters] = readDerChildren(
		expectDerTag(signatureAlgorithm, TAG_SEQUENCE, 'signatureAlgorithm SEQUENCE').value,
	);
	const oid = decodeOid(expectDerTag(oidElement, TAG_OID, 'signature algorithm OID').value);
	const hash = oid === RSASSA_PSS ? pssHash(parameters) : SIGNATURE_HASHES[oid];
	if (!hash) {
		throw new Error(`Channel binding is not defined for the server certificate's signature algorithm ${oid}`);
	}
	return hash;
}

/** RFC 5929 tls-server-end-point: the certificate hashed with its signature's hash (SHA-256 for MD5, SHA-1). */
export function tlsServerEndPointHash(certificateDer: Buffer): Buffer {
	return createHash(certificateHashAlgorithm(certificateDer)).update(certificateDer).digest();
}

/**
 * MD5 of the gss_channel_bindings_struct as NTLM sends it: no addresses (four zero 32-bit fields for
 * their types and lengths), then the length and bytes of 'tls-server-end-point:' + hash.
 */
export function channelBindingHash(certificateDer: Buffer): Buffer {
	const applicationData = Buffer.concat([Buffer.from('tls-server-end-point:', 'latin1'), tlsServerEndPointHash(certificateDer)]);
	const struct = Buffer.alloc(20);
	struct.writeUInt32LE(applicationData.length, 16);
	return createHash('md5').update(struct).update(applicationData).digest();
}
