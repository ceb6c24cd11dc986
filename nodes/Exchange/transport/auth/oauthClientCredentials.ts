import { createPrivateKey, createSign, randomUUID, X509Certificate } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { EwsError } from '../errors';
import { readN8nResponse } from '../http/answer';
import { SettingsError } from '../settings';
import { n8nNetworkError, tokenRefused, type HelperRequest, type TokenEndpointError } from './oauth2';

/**
 * One client-credentials token request, for the credential test only: n8n runs it outside a workflow, where
 * its OAuth2 helper is not available. Node runs always go through that helper; the test sends this request
 * through the HTTP helper n8n gives it, and reads the answer as every other.
 */

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_LIFETIME_SECONDS = 300;

/** PEM pasted into one line (spaces for line breaks) is put back into lines. */
function pem(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const match = /^(-----BEGIN [^-]+-----)\s*([\s\S]*?)\s*(-----END [^-]+-----)$/.exec(text);
	return match ? `${match[1]}\n${match[2].replace(/\s+/g, '\n')}\n${match[3]}\n` : text;
}

/** RFC 7523 client assertion as Entra takes it: RS256, the certificate named by its SHA-1 thumbprint (x5t). */
export function clientAssertion(clientId: string, tokenUrl: string, certificatePem: unknown, privateKeyPem: unknown): string {
	let thumbprint: string;
	try {
		thumbprint = Buffer.from(new X509Certificate(pem(certificatePem)).fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
	} catch {
		throw new SettingsError('certificate', 'The certificate must be in PEM form, starting with -----BEGIN CERTIFICATE-----');
	}
	let key;
	try {
		key = createPrivateKey(pem(privateKeyPem));
	} catch {
		throw new SettingsError('privateKey', 'The private key must be in PEM form, starting with -----BEGIN PRIVATE KEY-----');
	}
	if (key.asymmetricKeyType !== 'rsa') throw new SettingsError('privateKey', 'Microsoft Entra takes only RSA keys for certificate credentials');
	const now = Math.floor(Date.now() / 1000);
	const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
	const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', x5t: thumbprint })}.${encode({
		aud: tokenUrl,
		iss: clientId,
		sub: clientId,
		jti: randomUUID(),
		iat: now,
		nbf: now,
		exp: now + ASSERTION_LIFETIME_SECONDS,
	})}`;
	return `${signingInput}.${createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url')}`;
}

/** Asks the credential's token endpoint for an app-only token, with the client secret or the certificate. */
export async function requestAppOnlyToken(credentials: ICredentialDataDecryptedObject, timeoutMs: number, send: HelperRequest): Promise<string> {
	const tokenUrl = String(credentials.accessTokenUrl ?? '');
	const clientId = String(credentials.clientId ?? '').trim();
	if (!clientId) throw new SettingsError('clientId', 'The Client ID is empty: enter the Application (client) ID of the app registration');
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope: String(credentials.scope ?? '') });
	if (credentials.clientCredentialType === 'certificate') {
		form.set('client_assertion_type', CLIENT_ASSERTION_TYPE);
		form.set('client_assertion', clientAssertion(clientId, tokenUrl, credentials.certificate, credentials.privateKey));
	} else {
		form.set('client_secret', String(credentials.clientSecret ?? ''));
	}
	let url: URL;
	try {
		url = new URL(tokenUrl);
	} catch {
		throw new SettingsError('loginHost', `The token URL "${tokenUrl}" is not valid: check the Login Host and the Tenant ID`);
	}
	let answer;
	try {
		answer = await readN8nResponse(
			await send({
				method: 'POST',
				url: url.href,
				body: form.toString(),
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				returnFullResponse: true,
				json: false,
				encoding: 'stream',
				disableFollowRedirect: true,
				timeout: timeoutMs,
			}),
		);
	} catch (error) {
		if (error instanceof EwsError) throw error;
		throw n8nNetworkError(error, url, timeoutMs);
	}
	let body: Partial<TokenEndpointError> & { access_token?: string } = {};
	try {
		body = JSON.parse(answer.body) as typeof body;
	} catch {
		// Not JSON: not an Entra token endpoint; reported below by status.
	}
	if (answer.status === 200 && typeof body.access_token === 'string') return body.access_token;
	if (typeof body.error === 'string') throw tokenRefused(body as TokenEndpointError, true);
	throw new EwsError({
		code: `Http${answer.status}`,
		message: `The token URL ${url.origin}${url.pathname} answered HTTP ${answer.status} without a token`,
		hint: 'Check the Login Host and the Tenant ID.',
		httpStatus: answer.status,
		processing: 'notProcessed',
	});
}
