/**
 * The namespaces of EWS, each with the one prefix the sandbox uses for it in code. Reading resolves these
 * prefixes to their URIs and matches by URI, so a client may use any prefixes (or default namespaces);
 * writing emits exactly these prefixes and declares them.
 */

export const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_MESSAGES = 'http://schemas.microsoft.com/exchange/services/2006/messages';
export const NS_TYPES = 'http://schemas.microsoft.com/exchange/services/2006/types';
export const NS_ERRORS = 'http://schemas.microsoft.com/exchange/services/2006/errors';

export const PREFIXES: Readonly<Record<string, string>> = { s: NS_SOAP, m: NS_MESSAGES, t: NS_TYPES, e: NS_ERRORS };

/** `t:Message` → the types URI and `Message`; a name without prefix is in no namespace. */
export function splitName(name: string): { namespace: string | null; localName: string } {
	const colon = name.indexOf(':');
	if (colon < 0) return { namespace: null, localName: name };
	const prefix = name.slice(0, colon);
	const namespace = PREFIXES[prefix];
	if (namespace === undefined) throw new Error(`Unknown namespace prefix '${prefix}' in ${name}; known: ${Object.keys(PREFIXES).join(', ')}`);
	return { namespace, localName: name.slice(colon + 1) };
}
