import { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';
import { Connection } from '../http/connection';
import { channelBindingHash } from '../ntlm/channelBinding';
import { createAuthenticateMessage, createNegotiateMessage, type NtlmCredentials } from '../ntlm/messages';
import { describeOffered, offeredSchemes, parseChallenges } from './challenges';

function challengeToken(answer: HttpAnswer, scheme: string): Buffer | undefined {
	const challenge = parseChallenges(answer.wwwAuthenticate).find(
		(c) => c.scheme.toLowerCase() === scheme.toLowerCase() && c.token,
	);
	return challenge?.token ? Buffer.from(challenge.token, 'base64') : undefined;
}

function ntlmNotOffered(answer: HttpAnswer): EwsError {
	return new EwsError({
		code: 'NtlmNotOffered',
		message: `Exchange does not offer NTLM on this URL (it offers ${describeOffered(answer.wwwAuthenticate)})`,
		hint: offeredSchemes(answer.wwwAuthenticate).some((s) => s.toLowerCase() === 'basic')
			? 'Choose Basic as the credential\'s authentication, or have an admin enable Windows Authentication (NTLM) on the EWS virtual directory.'
			: 'Have an admin enable Windows Authentication (NTLM) on the EWS virtual directory, or check that the URL points at Exchange and not at a proxy that handles sign-in itself.',
		httpStatus: answer.status,
		processing: 'notProcessed',
	});
}

/**
 * Channel binding for Extended Protection. RFC 5929 defines none for some certificate types (Ed25519):
 * then the handshake goes on without, as Windows clients do, and only a server that demands it refuses.
 */
function bindingFor(certificate: Buffer | undefined): Buffer | undefined {
	if (!certificate) return undefined;
	try {
		return channelBindingHash(certificate);
	} catch {
		return undefined;
	}
}

/**
 * The NTLM handshake, on one connection: NEGOTIATE (with an empty body, so nothing can be carried out
 * before authentication) → CHALLENGE in the 401 → AUTHENTICATE carrying the real request. The
 * connection then stays authenticated, and later requests on it need no handshake.
 */
async function handshake(
	connection: Connection,
	envelope: string,
	headers: Record<string, string>,
	credentials: NtlmCredentials,
): Promise<HttpAnswer> {
	connection.authenticatedSocket = undefined;
	const negotiate = createNegotiateMessage();
	// IIS offers "Negotiate" and "NTLM"; some servers offer only Negotiate, which takes a raw NTLM token too.
	let scheme = 'NTLM';
	let first = await connection.post('', { ...headers, Authorization: `${scheme} ${negotiate.toString('base64')}` });
	if (first.status === 401 && !challengeToken(first, scheme)) {
		const offered = offeredSchemes(first.wwwAuthenticate).map((s) => s.toLowerCase());
		if (!offered.includes('ntlm') && offered.includes('negotiate')) {
			scheme = 'Negotiate';
			first = await connection.post('', { ...headers, Authorization: `${scheme} ${negotiate.toString('base64')}` });
		}
	}
	if (first.status !== 401) return first;
	const challenge = challengeToken(first, scheme);
	if (!challenge) throw ntlmNotOffered(first);
	const authenticate = createAuthenticateMessage({
		negotiateMessage: negotiate,
		challengeMessage: challenge,
		credentials,
		channelBindingHash: bindingFor(Connection.peerCertificate(first.socket)),
	});
	const answer = await connection.post(envelope, { ...headers, Authorization: `${scheme} ${authenticate.toString('base64')}` });
	if (answer.socket !== first.socket) {
		throw new EwsError({
			code: 'NtlmConnectionNotKept',
			message: 'The server closed the connection in the middle of the NTLM handshake',
			hint: 'NTLM needs one connection kept open from challenge to answer. A load balancer or proxy in front of Exchange that does not keep client connections (or pools them) breaks it: configure it for connection persistence, or use Basic over HTTPS.',
			httpStatus: answer.status,
			processing: answer.status === 401 ? 'notProcessed' : 'unknown',
		});
	}
	if (answer.status !== 401) connection.authenticatedSocket = answer.socket;
	return answer;
}

/**
 * Sends over a connection that NTLM already authenticated when it can, and handshakes when it must.
 * A 401 on an authenticated connection (the server recycled it) means the request was not carried
 * out, so handshaking and sending it once more is safe.
 */
export async function postWithNtlm(
	connection: Connection,
	envelope: string,
	headers: Record<string, string>,
	credentials: NtlmCredentials,
): Promise<HttpAnswer> {
	if (connection.isAuthenticated) {
		const answer = await connection.post(envelope, headers);
		if (answer.status !== 401) return answer;
	}
	return await handshake(connection, envelope, headers, credentials);
}

export function ntlmUnauthorized(answer: HttpAnswer, overTls: boolean): EwsError {
	if (!parseChallenges(answer.wwwAuthenticate).some((c) => /^(ntlm|negotiate)$/i.test(c.scheme))) return ntlmNotOffered(answer);
	return new EwsError({
		code: 'Unauthorized',
		message: 'Exchange refused the NTLM sign-in (HTTP 401)',
		hint:
			'Exchange answers a wrong user name or password and an Extended Protection mismatch with the same 401. Check the user name (DOMAIN\\user or UPN), the password and the domain field.' +
			(overTls
				? ' If they are right: Extended Protection refuses NTLM when TLS is ended at a load balancer or proxy in front of Exchange (the channel binding then names the proxy\'s certificate): let TLS pass through to Exchange, or exempt EWS from Extended Protection.'
				: ''),
		httpStatus: 401,
		processing: 'notProcessed',
	});
}
