import { isIPv4, isIPv6 } from 'net';
import { findForbiddenCharacter } from '../transport/xml';

export interface Recipient {
	address: string;
	name?: string;
}

// C0 and C1 controls (line breaks included) and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/** A recipient field the user filled in wrongly; `value` is the offending address or entry. */
export class RecipientError extends Error {
	constructor(
		readonly field: string,
		readonly value: string,
		readonly reason: string,
	) {
		super(`Invalid e-mail address "${printable(value)}" in "${field}": ${reason}`);
		this.name = 'RecipientError';
	}
}

/** Shows control characters and line breaks as \uXXXX, so the message stays on one readable line. */
function printable(text: string): string {
	return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * Reads a recipient field in every form users pass: "a@x, b@y", "a@x; b@y", one per line,
 * `Name <a@x>`, `"Last, First" <a@x>`, a JSON array string (as older Exchange connectors took), or an array of
 * strings or `{ address | email, name }` objects from an expression. Empty means no recipients.
 */
export function parseRecipients(value: unknown, field: string): Recipient[] {
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) return value.flatMap((entry) => parseRecipients(entry, field));
	if (typeof value === 'object') return [recipientFromObject(value as Record<string, unknown>, field)];
	if (typeof value !== 'string') throw new RecipientError(field, String(value), 'expected text, a list or an array');

	const text = value.trim();
	if (text.startsWith('[') && text.endsWith(']')) return parseRecipients(parseJsonList(text, field), field);
	return splitList(text, field).map((entry) => parseEntry(entry, field));
}

export function recipientsToStrings(recipients: Recipient[]): string[] {
	return recipients.map((recipient) => recipient.address);
}

function parseJsonList(text: string, field: string): unknown[] {
	try {
		return JSON.parse(text) as unknown[];
	} catch {
		throw new RecipientError(field, text, 'it looks like a JSON array but is not valid JSON');
	}
}

function recipientFromObject(object: Record<string, unknown>, field: string): Recipient {
	const address = object.address ?? object.email ?? object.emailAddress;
	if (typeof address !== 'string') {
		throw new RecipientError(field, JSON.stringify(object), 'an object needs an "address" or "email" property');
	}
	const name = typeof object.name === 'string' && object.name.trim() !== '' ? object.name.trim() : undefined;
	if (name !== undefined) checkName(name, JSON.stringify(object), field);
	return { address: checkAddress(address.trim(), field), ...(name !== undefined && { name }) };
}

/** Splits at commas, semicolons and line breaks, except inside quotes and angle brackets. */
function splitList(text: string, field: string): string[] {
	const entries: string[] = [];
	let current = '';
	let quoted = false;
	let bracketed = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted && c === '\\' && i + 1 < text.length) {
			current += c + text[++i];
			continue;
		}
		if (c === '"' && !bracketed) quoted = !quoted;
		else if (!quoted && c === '<') bracketed = true;
		else if (!quoted && c === '>') bracketed = false;
		else if (!quoted && !bracketed && /[,;\r\n]/.test(c)) {
			entries.push(current);
			current = '';
			continue;
		}
		current += c;
	}
	if (quoted) throw new RecipientError(field, current.trim(), 'a quote is not closed');
	entries.push(current);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** One entry: a bare address, `<address>`, or a display name (quoted or not) followed by `<address>`. */
function parseEntry(entry: string, field: string): Recipient {
	const match = /^(.*?)\s*<([^<>]*)>$/s.exec(entry);
	if (!match) return { address: checkAddress(entry, field) };
	const address = checkAddress(match[2].trim(), field);
	const name = unquoteName(match[1].trim());
	if (name !== '') checkName(name, entry, field);
	return name === '' ? { address } : { address, name };
}

function codeOf(character: number): string {
	return `U+${character.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A display name is one line of text that travels in the request's XML: line breaks and other control
 * characters, and what XML 1.0 cannot carry, are refused for this recipient alone, before any request.
 */
function checkName(name: string, entry: string, field: string): void {
	const control = name.search(CONTROL);
	const forbidden = findForbiddenCharacter(name);
	const position = control !== -1 ? control : forbidden?.position;
	if (position === undefined) return;
	const character = control !== -1 ? name.charCodeAt(control) : (forbidden as { codePoint: number }).codePoint;
	throw new RecipientError(
		field,
		entry,
		`the display name contains the character ${codeOf(character)} at position ${position + 1}, which Exchange cannot receive in a name; remove it`,
	);
}

function unquoteName(name: string): string {
	if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
		return name.slice(1, -1).replace(/\\(.)/g, '$1').trim();
	}
	return name;
}

// RFC 5322 atext, plus any non-ASCII character (RFC 6531 internationalised addresses).
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\uFFFF]+$/;
// RFC 5322 qtext and quoted-pair: printable ASCII and non-ASCII, with `"` and `\` only escaped.
const QUOTED_LOCAL = /^"(?:[\x20\x21\x23-\x5B\x5D-\x7E\u0080-\uFFFF]|\\[\x20-\x7E])*"$/;
const DOMAIN_LABEL = /^(?:[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\-\u0080-\uFFFF]*[A-Za-z0-9\u0080-\uFFFF])?)$/;

/** A pragmatic RFC 5322 addr-spec check: returns the address, or throws saying what is wrong with it. */
function checkAddress(address: string, field: string): string {
	const fail = (reason: string): never => {
		throw new RecipientError(field, address, reason);
	};
	if (address === '') fail('the address is empty');
	if (/[\r\n]/.test(address)) fail('it contains a line break');
	if (address.search(CONTROL) !== -1) fail('it contains a control character');

	const at = localPartEnd(address);
	if (at === -1) fail('the "@" is missing');
	const local = address.slice(0, at);
	const domain = address.slice(at + 1);
	if (local === '') fail('the local part (before "@") is missing');
	if (domain === '') fail('the domain part is missing');
	if (domain.includes('@')) fail('it contains more than one "@"');

	if (local.startsWith('"')) {
		if (!QUOTED_LOCAL.test(local)) fail('the quoted local part is malformed');
	} else {
		if (/\s/.test(local)) fail('it contains a space');
		if (local.startsWith('.') || local.endsWith('.')) fail('the local part starts or ends with a dot');
		if (local.includes('..')) fail('the local part contains two dots in a row');
		if (!local.split('.').every((atom) => ATOM.test(atom))) fail('the local part contains a character not allowed there');
	}
	// RFC 5321 limits: 64 octets for the local part, 254 for the whole path.
	if (Buffer.byteLength(local) > 64) fail('the local part is longer than 64 characters');
	if (Buffer.byteLength(address) > 254) fail('it is longer than 254 characters');

	const domainProblem = checkDomain(domain);
	if (domainProblem) fail(domainProblem);
	return address;
}

/** The index of the `@` ending the local part, which for a quoted local part comes after its closing quote. */
function localPartEnd(address: string): number {
	if (!address.startsWith('"')) return address.indexOf('@');
	for (let i = 1; i < address.length; i++) {
		if (address[i] === '\\') i++;
		else if (address[i] === '"') return address[i + 1] === '@' ? i + 1 : address.indexOf('@', i);
	}
	return address.indexOf('@');
}

function checkDomain(domain: string): string | undefined {
	if (domain.startsWith('[') && domain.endsWith(']')) {
		const literal = domain.slice(1, -1);
		const valid = /^IPv6:/i.test(literal) ? isIPv6(literal.slice(5)) : isIPv4(literal);
		return valid ? undefined : `the domain literal ${domain} is not a valid IP address`;
	}
	if (/\s/.test(domain)) return 'the domain contains a space';
	if (domain.includes('..')) return 'the domain contains two dots in a row';
	const labels = domain.split('.');
	if (labels.length < 2) return `the domain "${domain}" has no dot: use the full domain name, e.g. contoso.com`;
	if (Buffer.byteLength(domain) > 253) return 'the domain is longer than 253 characters';
	for (const label of labels) {
		if (label === '') return 'the domain starts or ends with a dot';
		if (Buffer.byteLength(label) > 63) return `the domain label "${label.slice(0, 20)}…" is longer than 63 characters`;
		if (!DOMAIN_LABEL.test(label)) return `the domain label "${label}" contains a character not allowed there`;
	}
	if (/^\d+$/.test(labels[labels.length - 1])) return 'the top-level domain is numeric';
	return undefined;
}
