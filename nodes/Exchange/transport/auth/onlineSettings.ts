import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { DEFAULT_EXCHANGE_VERSION, DEFAULT_TIMEOUT_SECONDS } from '../defaults';
import { parseEwsUrl, SettingsError, type ExchangeVersion, type TlsSettings } from '../settings';

/** Exchange Online takes any request version; hybrid servers with modern authentication take the default. */
export const ONLINE_VERSION: ExchangeVersion = DEFAULT_EXCHANGE_VERSION;

const ONLINE_TIMEOUT_MS = DEFAULT_TIMEOUT_SECONDS * 1000;

// Entra's multi-tenant aliases: they name no tenant, so no app-only token can come from them.
const TENANT_ALIASES = ['common', 'organizations', 'consumers'];

/** Which API an Exchange Online credential speaks: EWS (the default, for credentials saved before the field) or Microsoft Graph. */
export type OnlineApi = 'ews' | 'graph';

export interface OAuth2Settings {
	api: OnlineApi;
	/** The EWS endpoint (API EWS). */
	url: URL;
	/** Graph's base, e.g. https://graph.microsoft.com (API Microsoft Graph). */
	graphUrl: URL;
	/** Client credentials: no user, every request names its mailbox through impersonation. */
	appOnly: boolean;
	/** The app's Application (client) ID: not a secret, and what an admin allow-lists for EWS. */
	clientId?: string;
	/** Whether a user signed in (Connect); app-only credentials need no sign-in. */
	connected: boolean;
	timeoutMs: number;
}

export interface AccessTokenSettings {
	api: OnlineApi;
	url: URL;
	graphUrl: URL;
	token: string;
	/** An app-only token: every request must name and impersonate its mailbox. */
	appOnly: boolean;
	tls: TlsSettings;
	timeoutMs: number;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function readApi(credentials: ICredentialDataDecryptedObject): OnlineApi {
	return credentials.api === 'graph' ? 'graph' : 'ews';
}

/** Graph's base URL: its origin only, since every request names its own path under /v1.0. */
export function parseGraphUrl(value: unknown): URL {
	const text = typeof value === 'string' && value.trim() ? value.trim() : 'https://graph.microsoft.com';
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new SettingsError('graphUrl', `The Graph URL "${text}" is not a valid URL: enter e.g. https://graph.microsoft.com`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new SettingsError('graphUrl', `The Graph URL must start with https:// (or http:// for a lab server), not ${url.protocol}//`);
	}
	if (url.username || url.password) throw new SettingsError('graphUrl', 'The Graph URL must not contain a user name or password');
	return new URL(url.origin);
}

/** The endpoints of the credential's API; the other API's field is hidden in the editor and not read. */
function endpoints(credentials: ICredentialDataDecryptedObject): { api: OnlineApi; url: URL; graphUrl: URL } {
	const api = readApi(credentials);
	if (api === 'ews') return { api, url: parseEwsUrl(credentials.url), graphUrl: parseGraphUrl(undefined) };
	const graphUrl = parseGraphUrl(credentials.graphUrl);
	return { api, url: graphUrl, graphUrl };
}

/** Reads the OAuth2 credential (exchangeEwsOAuth2Api), refusing what cannot work before a token is asked for. */
export function readOAuth2Settings(credentials: ICredentialDataDecryptedObject): OAuth2Settings {
	const appOnly = credentials.grantType === 'clientCredentials';
	const tenantId = text(credentials.tenantId);
	if (appOnly && (!tenantId || TENANT_ALIASES.includes(tenantId.toLowerCase()))) {
		throw new SettingsError(
			'tenantId',
			`App-only access (client credentials) needs the tenant's own ID or domain, not "${tenantId || '(empty)'}": enter the Directory (tenant) ID from the app registration's overview`,
		);
	}
	const tokenData = credentials.oauthTokenData as { access_token?: unknown } | undefined;
	return {
		...endpoints(credentials),
		appOnly,
		clientId: text(credentials.clientId) || undefined,
		connected: appOnly || typeof tokenData?.access_token === 'string',
		timeoutMs: ONLINE_TIMEOUT_MS,
	};
}

/** A token pasted with its scheme ("Bearer eyJ...") is taken without it. */
function bareToken(value: unknown): string {
	return text(value).replace(/^bearer\s+/i, '');
}

/**
 * Whether Entra issued the token to an app (a `roles` claim, no `scp`) rather than for a user. Read without
 * verifying: Exchange verifies the token; the node only needs to know whether requests must name a mailbox.
 * A token that is no JWT is taken as delegated.
 */
function isAppOnlyToken(token: string): boolean {
	try {
		const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles?: unknown; scp?: unknown };
		return Array.isArray(claims.roles) && claims.scp === undefined;
	} catch {
		return false;
	}
}

/**
 * Reads the access token credential (exchangeEwsAccessTokenApi). A token given in the node's parameter
 * replaces the credential's.
 */
export function readAccessTokenSettings(credentials: ICredentialDataDecryptedObject, nodeToken?: string): AccessTokenSettings {
	const token = bareToken(nodeToken) || bareToken(credentials.accessToken);
	if (!token) {
		throw new SettingsError('accessToken', 'The access token is empty: enter it in the credential, or pass it in the node\'s Access Token parameter (e.g. {{ $json.access_token }})');
	}
	return { ...endpoints(credentials), token, appOnly: isAppOnlyToken(token), tls: { rejectUnauthorized: true }, timeoutMs: ONLINE_TIMEOUT_MS };
}
