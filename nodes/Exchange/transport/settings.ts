import { domainToASCII } from 'node:url';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { DEFAULT_EXCHANGE_VERSION, DEFAULT_TIMEOUT_SECONDS } from './defaults';

/** Versions a request may name. Exchange 2019 and Subscription Edition take Exchange2016: there is no later value. */
export const EXCHANGE_VERSIONS = ['Exchange2010_SP2', 'Exchange2013', 'Exchange2013_SP1', 'Exchange2016'] as const;
export type ExchangeVersion = (typeof EXCHANGE_VERSIONS)[number];

export type OnPremisesAuthScheme = 'ntlm' | 'basic';

export interface TlsSettings {
	/** Off only when the user turned certificate checks off in the credential. */
	rejectUnauthorized: boolean;
	/** PEM of an internal CA, trusted in addition to the public roots. */
	caCertificate?: string;
}

export interface OnPremisesSettings {
	url: URL;
	scheme: OnPremisesAuthScheme;
	username: string;
	password: string;
	domain: string;
	version: ExchangeVersion;
	impersonation: boolean;
	testMailbox?: string;
	tls: TlsSettings;
	timeoutMs: number;
}

/** Why an address with a non-ASCII local part is refused, for every field that names a mailbox to open. */
export const NON_ASCII_LOCAL_PART =
	'the part before "@" contains non-ASCII characters; EWS names the mailbox to open in an HTTP header (X-AnchorMailbox), which carries ASCII only, and Microsoft documents no encoding of such a local part for it. Enter the mailbox\'s ASCII primary SMTP address (or another ASCII address of the same mailbox); a domain in another script is fine';

export class SettingsError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'SettingsError';
	}
}

export function parseEwsUrl(value: unknown): URL {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw new SettingsError('url', 'The EWS URL is empty: enter e.g. https://mail.contoso.com/EWS/Exchange.asmx');
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new SettingsError('url', `The EWS URL "${text}" is not a valid URL: enter e.g. https://mail.contoso.com/EWS/Exchange.asmx`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new SettingsError('url', `The EWS URL must start with https:// (or http:// for a lab server), not ${url.protocol}//`);
	}
	if (url.username || url.password) {
		throw new SettingsError('url', 'The EWS URL must not contain a user name or password: use the credential fields');
	}
	return url;
}

function parseVersion(value: unknown): ExchangeVersion {
	const version = (value || DEFAULT_EXCHANGE_VERSION) as ExchangeVersion;
	if (!EXCHANGE_VERSIONS.includes(version)) {
		throw new SettingsError('version', `Unknown Exchange version "${String(value)}": choose one of ${EXCHANGE_VERSIONS.join(', ')}`);
	}
	return version;
}

function parseTimeout(value: unknown): number {
	const seconds = value === undefined || value === '' ? DEFAULT_TIMEOUT_SECONDS : Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
		throw new SettingsError('timeout', `The timeout must be between 1 and 3600 seconds, not "${String(value)}"`);
	}
	return Math.round(seconds * 1000);
}

export function readTlsSettings(credentials: ICredentialDataDecryptedObject): TlsSettings {
	const pem = typeof credentials.caCertificate === 'string' ? credentials.caCertificate.trim() : '';
	if (pem && !pem.includes('-----BEGIN CERTIFICATE-----')) {
		throw new SettingsError('caCertificate', 'The CA certificate must be in PEM form, starting with -----BEGIN CERTIFICATE-----');
	}
	return { rejectUnauthorized: credentials.ignoreSSLIssues !== true, caCertificate: pem || undefined };
}

/** The test mailbox goes into X-AnchorMailbox, so it must have an ASCII form. */
function readTestMailbox(address: string): string {
	const ascii = asciiSmtpAddress(address);
	if (!ascii) throw new SettingsError('testMailbox', `"${address}": ${NON_ASCII_LOCAL_PART}`);
	return ascii;
}

/** Reads the on-premises credential (exchangeEwsApi), refusing what cannot work before anything is sent. */
export function readOnPremisesSettings(credentials: ICredentialDataDecryptedObject): OnPremisesSettings {
	const scheme = (credentials.authentication || 'ntlm') as OnPremisesAuthScheme;
	if (scheme !== 'ntlm' && scheme !== 'basic') {
		throw new SettingsError('authentication', `Unknown authentication "${String(scheme)}": choose NTLM or Basic`);
	}
	const username = typeof credentials.username === 'string' ? credentials.username.trim() : '';
	if (!username) throw new SettingsError('username', 'The user name is empty');
	const testMailbox = typeof credentials.testMailbox === 'string' ? credentials.testMailbox.trim() : '';
	return {
		url: parseEwsUrl(credentials.url),
		scheme,
		username,
		password: typeof credentials.password === 'string' ? credentials.password : '',
		domain: typeof credentials.domain === 'string' ? credentials.domain.trim() : '',
		version: parseVersion(credentials.version),
		impersonation: credentials.impersonation === true,
		testMailbox: testMailbox ? readTestMailbox(testMailbox) : undefined,
		tls: readTlsSettings(credentials),
		timeoutMs: parseTimeout(credentials.timeout),
	};
}

const NON_ASCII = /\P{ASCII}/u;

/**
 * An SMTP address in the only form HTTP headers (X-AnchorMailbox) can carry: an internationalised domain in
 * IDNA (punycode) form, as DNS and Exchange's accepted domains know it. A local part that is not ASCII has
 * no such form (Microsoft documents none for EWS), so there is none: undefined.
 */
export function asciiSmtpAddress(address: string): string | undefined {
	if (!NON_ASCII.test(address)) return address;
	const at = address.lastIndexOf('@');
	const local = address.slice(0, at);
	if (at <= 0 || NON_ASCII.test(local)) return undefined;
	const domain = domainToASCII(address.slice(at + 1));
	return domain ? `${local}@${domain}` : undefined;
}

/** An SMTP address can anchor a request, in its ASCII form; DOMAIN\user names cannot. */
export function smtpAddressOf(name: string | undefined): string | undefined {
	return name && /^[^\s@\\]+@[^\s@\\]+$/.test(name) ? asciiSmtpAddress(name) : undefined;
}
