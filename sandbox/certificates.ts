import { X509Certificate } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';

/** The TLS fixtures made by certs/generate.sh. */

export type CertificateChoice = 'trusted' | 'self-signed';

export interface ServerCertificate {
	keyPem: string;
	certPem: string;
	/** For Extended Protection: the channel binding hashes the certificate as sent on the wire. */
	der: Buffer;
}

const CERT_DIR = path.join(__dirname, 'certs');

function read(fileName: string): string {
	return readFileSync(path.join(CERT_DIR, fileName), 'utf8');
}

/** The CA that signed the trusted server certificate: what a client passes as its custom CA. */
export function caCertificatePem(): string {
	return read('ca.pem');
}

export function serverCertificate(choice: CertificateChoice): ServerCertificate {
	const base = choice === 'trusted' ? 'server' : 'self-signed';
	const certPem = read(`${base}.pem`);
	return { keyPem: read(`${base}.key`), certPem, der: new X509Certificate(certPem).raw };
}
