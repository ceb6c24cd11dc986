import { createVerify, randomBytes, randomUUID, X509Certificate } from 'crypto';
import * as http from 'http';
import { DEFAULT_DIRECTORY, Directory, SandboxAccount, sameAddress } from './accounts';
import { BearerIdentity } from './auth';

/**
 * A Microsoft identity platform look-alike for the sandbox: a tenant with app registrations, the v2.0
 * authorize and token endpoints (authorization_code, refresh_token, client_credentials, with a client
 * secret or a certificate's client assertion), expiring opaque tokens, and the verdict Exchange Online's
 * front door gives a Bearer token before EWS sees the request. Errors carry Entra's JSON shape
 * (error, error_description starting with the AADSTS code, error_codes, trace and correlation ids).
 */

export const EWS_DELEGATED_PERMISSION = 'EWS.AccessAsUser.All';
export const EWS_APPLICATION_PERMISSION = 'full_access_as_app';
const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email'];
/** Microsoft Graph's resource: the audience of tokens for it, and the resource of scopes that name none. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// Exchange Online's own application id, which its 401 names as the resource to get a token for.
const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export interface SandboxApp {
	clientId: string;
	/** Absent: the app has no secret (certificate only). */
	clientSecret?: string;
	/** PEM of the certificate uploaded under "Certificates & secrets". */
	certificatePem?: string;
	redirectUris: string[];
	/** Delegated permissions the tenant consented to, e.g. EWS.AccessAsUser.All. */
	delegatedPermissions: string[];
	/** Application permissions granted with admin consent, e.g. full_access_as_app. */
	applicationPermissions: string[];
}

export interface IssuedToken {
	kind: 'delegated' | 'app';
	clientId: string;
	/** The resource the token is for: the origin its scope named (aud). */
	audience: string;
	/** Delegated permissions (scp) or application roles (roles). */
	permissions: string[];
	/** The signed-in user's mailbox, for delegated tokens. */
	user?: string;
	expiresAt: number;
}

interface RefreshGrant {
	clientId: string;
	user: string;
	scope: string;
	revoked: boolean;
}

interface AuthorizationCode {
	clientId: string;
	redirectUri: string;
	user: string;
	scope: string;
	expiresAt: number;
}

export interface EwsAccess {
	/** Set-OrganizationConfig -EWSEnabled; false blocks every app. */
	enabled: boolean;
	/** Set-OrganizationConfig -EWSAllowedAppIDs; when set, only these apps may use EWS. */
	allowedAppIds?: string[];
}

export interface IdentityOptions {
	tenantId?: string;
	apps: SandboxApp[];
	directory?: Directory;
	/** Who "signs in" at the authorize endpoint when the request has no login_hint. */
	signedInUser?: string;
	accessTokenLifetimeSeconds?: number;
}

/** What the token endpoint was asked, for tests to count and inspect (never secrets). */
export interface TokenRequestLogEntry {
	tenant: string;
	grantType: string;
	clientId?: string;
	scope?: string;
	clientAuthentication: 'secret' | 'assertion' | 'none';
	status: number;
	error?: string;
}

/**
 * New-ApplicationAccessPolicy for Graph: which mailboxes an app's application permissions reach. `mailboxes`
 * holds mailbox or (mail-enabled security) group addresses; RestrictAccess lets the app reach only those,
 * DenyAccess all but those. Delegated access is not affected, as in Exchange Online.
 */
export interface GraphAccessPolicy {
	appId: string;
	mailboxes: string[];
	accessRight: 'RestrictAccess' | 'DenyAccess';
}

/** A Bearer request Exchange Online refused before EWS saw it. */
export interface EwsRefusal {
	status: 401 | 403;
	reason: string;
}

class TokenError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly code: number,
		description: string,
	) {
		super(description);
	}
}

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/(token|authorize)$/i;

function opaqueToken(): string {
	return randomBytes(32).toString('base64url');
}

function scopeList(scope: string | null | undefined): string[] {
	return (scope ?? '').split(' ').filter(Boolean);
}

/**
 * Splits `https://host/Permission` scopes into their resource (origin) and permission names. A permission
 * named without a resource (`Mail.Send`) is Microsoft Graph's, as Entra ID reads it.
 */
function resourceScopes(scope: string): { resource?: string; permissions: string[] } {
	const resources = new Set<string>();
	const permissions: string[] = [];
	for (const item of scopeList(scope)) {
		if (OIDC_SCOPES.includes(item.toLowerCase())) continue;
		const match = /^(https?:\/\/[^/]+)\/(.+)$/i.exec(item) ?? (/^\.?[A-Za-z][\w.-]*$/.test(item) ? [item, GRAPH_RESOURCE, item] : null);
		if (!match) throw new TokenError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${item} is not valid.`);
		resources.add(match[1].toLowerCase());
		permissions.push(match[2]);
	}
	if (resources.size > 1) {
		throw new TokenError(400, 'invalid_request', 28000, 'Provided value for the input parameter scope is not valid because it contains more than one resource.');
	}
	return { resource: [...resources][0], permissions };
}

export class IdentityPlatform {
	readonly tenantId: string;
	readonly tokenRequests: TokenRequestLogEntry[] = [];
	readonly ewsRefusals: EwsRefusal[] = [];
	ewsAccess: EwsAccess = { enabled: true };
	/** Application access policies the sandbox's Graph endpoint enforces; change at any time. */
	graphAccessPolicies: GraphAccessPolicy[] = [];
	/** Users of the tenant whose mailbox is still on-premises (hybrid, not yet moved): Graph does not serve them. */
	onPremisesMailboxes: string[] = [];
	signedInUser: string;
	private readonly apps: SandboxApp[];
	private readonly directory: Directory;
	private readonly lifetimeMs: number;
	private readonly accessTokens = new Map<string, IssuedToken>();
	private readonly refreshTokens = new Map<string, RefreshGrant>();
	private readonly codes = new Map<string, AuthorizationCode>();

	constructor(options: IdentityOptions) {
		this.tenantId = options.tenantId ?? randomUUID();
		this.apps = options.apps;
		this.directory = options.directory ?? DEFAULT_DIRECTORY;
		this.signedInUser = options.signedInUser ?? this.directory.accounts[0].primarySmtpAddress;
		this.lifetimeMs = (options.accessTokenLifetimeSeconds ?? 3599) * 1000;
	}

	/** The resolver for startSandbox's `bearerTokens`: who a token that passed the front door acts as. */
	readonly bearerTokens = (token: string): BearerIdentity | undefined => {
		const issued = this.accessTokens.get(token);
		if (!issued || issued.expiresAt <= Date.now()) return undefined;
		if (issued.kind === 'app') {
			return { name: issued.clientId, canImpersonate: true, fullAccessTo: [] };
		}
		const account = this.account(issued.user ?? '');
		if (!account) return undefined;
		return {
			name: `${this.directory.netbiosDomain}\\${account.username}`,
			primarySmtpAddress: account.primarySmtpAddress,
			canImpersonate: false,
			fullAccessTo: account.fullAccessTo,
		};
	};

	/**
	 * Issues an access token directly, as another identity service would (bring-your-own-token tests). Shaped
	 * like Entra's, a JWT whose claims (aud, tid, appid, scp or roles, upn, exp) clients may read; the
	 * signature is random, and only tokens this registry issued are accepted.
	 */
	issueAccessToken(token: Omit<IssuedToken, 'expiresAt'> & { expiresInSeconds?: number }): string {
		const { expiresInSeconds, ...claims } = token;
		const expiresAt = Date.now() + (expiresInSeconds ?? this.lifetimeMs / 1000) * 1000;
		const now = Math.floor(Date.now() / 1000);
		const payload = {
			aud: claims.audience,
			iss: `https://sts.windows.net/${this.tenantId}/`,
			iat: now,
			nbf: now,
			exp: Math.floor(expiresAt / 1000),
			tid: this.tenantId,
			appid: claims.clientId,
			...(claims.kind === 'app' ? { roles: claims.permissions } : { scp: claims.permissions.join(' '), upn: claims.user }),
		};
		const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
		const value = `${encode({ typ: 'JWT', alg: 'RS256' })}.${encode(payload)}.${opaqueToken()}`;
		this.accessTokens.set(value, { ...claims, expiresAt });
		return value;
	}

	/** What this platform issued as `token` (expired ones included), for resources checking a Bearer token; undefined for a token it never issued. */
	accessToken(token: string): Readonly<IssuedToken> | undefined {
		return this.accessTokens.get(token);
	}

	/** As if every access token's lifetime had passed; refresh tokens stay valid. */
	expireAccessTokens(): void {
		for (const token of this.accessTokens.values()) token.expiresAt = Date.now() - 1000;
	}

	/** As when a user's sessions are revoked (Revoke-MgUserSignInSession) or the password changes. */
	revokeRefreshTokens(): void {
		for (const grant of this.refreshTokens.values()) grant.revoked = true;
	}

	/**
	 * Answers requests for the identity endpoints, and refuses Bearer requests to EWS that Exchange Online
	 * would refuse. Returns false for everything else, which the sandbox then serves.
	 */
	async serve(req: http.IncomingMessage, res: http.ServerResponse, ewsPath: string): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const match = TOKEN_PATH.exec(url.pathname);
		if (match) {
			if (match[2].toLowerCase() === 'authorize') this.authorize(match[1], url, res);
			else await this.token(match[1], req, res);
			return true;
		}
		const authorization = req.headers.authorization ?? '';
		if (url.pathname.toLowerCase() !== ewsPath.toLowerCase() || !/^bearer /i.test(authorization)) return false;
		return this.frontDoor(authorization.slice(7).trim(), req, res);
	}

	private account(address: string): SandboxAccount | undefined {
		return this.directory.accounts.find((account) => sameAddress(account.primarySmtpAddress, address));
	}

	private knowsTenant(tenant: string): boolean {
		const name = tenant.toLowerCase();
		return name === this.tenantId.toLowerCase() || name === this.directory.dnsDomain.toLowerCase();
	}

	/** Exchange Online's checks of a Bearer token: valid, unexpired, for this resource, with an EWS permission, app allowed. */
	private frontDoor(token: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
		const resource = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${req.headers.host ?? ''}`.toLowerCase();
		const issued = this.accessTokens.get(token);
		if (!issued) return this.refuseToken(res, '2000000;reason="The token could not be validated.";error_category="invalid_token"');
		const problem = tokenProblem(issued, resource);
		if (problem) return this.refuseToken(res, problem);
		const { enabled, allowedAppIds } = this.ewsAccess;
		if (!enabled || (allowedAppIds && !allowedAppIds.includes(issued.clientId))) {
			// Public material documents only the status for a tenant or app blocked from EWS: a bare 403.
			this.ewsRefusals.push({ status: 403, reason: enabled ? 'app not in EWSAllowedAppIDs' : 'EWSEnabled is False' });
			respond(res, 403, {}, '');
			return true;
		}
		return false;
	}

	/** Exchange Online's 401 for a Bearer token: the resource to get a token for, and the reason in x-ms-diagnostics. */
	private refuseToken(res: http.ServerResponse, diagnostics: string): true {
		this.ewsRefusals.push({ status: 401, reason: diagnostics });
		const challenge =
			`Bearer client_id="${EXCHANGE_APP_ID}", trusted_issuers="00000001-0000-0000-c000-000000000000@*", ` +
			'token_types="app_asserted_user_v1 service_asserted_app_v1", error="invalid_token"';
		respond(res, 401, { 'WWW-Authenticate': challenge, 'x-ms-diagnostics': diagnostics }, '');
		return true;
	}

	private authorize(tenant: string, url: URL, res: http.ServerResponse): void {
		const clientId = url.searchParams.get('client_id') ?? '';
		const redirectUri = url.searchParams.get('redirect_uri') ?? '';
		const app = this.apps.find((candidate) => candidate.clientId === clientId);
		// Errors about the app or redirect URI are shown on Entra's own page: the redirect URI cannot be trusted.
		if (!this.knowsTenant(tenant) && !['common', 'organizations'].includes(tenant.toLowerCase())) {
			return respond(res, 400, { 'Content-Type': 'text/html' }, `AADSTS90002: Tenant '${escapeHtml(tenant)}' not found.`);
		}
		if (!app) {
			return respond(res, 400, { 'Content-Type': 'text/html' }, `AADSTS700016: Application with identifier '${escapeHtml(clientId)}' was not found in the directory.`);
		}
		if (!app.redirectUris.includes(redirectUri)) {
			return respond(res, 400, { 'Content-Type': 'text/html' }, `AADSTS50011: The redirect URI '${escapeHtml(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${escapeHtml(clientId)}'.`);
		}
		const back = new URL(redirectUri);
		const state = url.searchParams.get('state');
		if (state !== null) back.searchParams.set('state', state);
		const scope = url.searchParams.get('scope') ?? '';
		const user = url.searchParams.get('login_hint') ?? this.signedInUser;
		let failure: string | undefined;
		if (url.searchParams.get('response_type') !== 'code') failure = 'unsupported_response_type';
		else if (!this.account(user)) failure = 'access_denied';
		else {
			try {
				this.consentedPermissions(app, scope);
			} catch (error) {
				if (!(error instanceof TokenError)) throw error;
				failure = error.code === 65001 ? 'consent_required' : error.error;
			}
		}
		if (failure) {
			back.searchParams.set('error', failure);
		} else {
			const code = opaqueToken();
			this.codes.set(code, { clientId, redirectUri, user, scope, expiresAt: Date.now() + 10 * 60_000 });
			back.searchParams.set('code', code);
		}
		respond(res, 302, { Location: back.href }, '');
	}

	private async token(tenant: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const form = new URLSearchParams(await readText(req));
		const grantType = form.get('grant_type') ?? '';
		const entry: TokenRequestLogEntry = {
			tenant,
			grantType,
			clientId: form.get('client_id') ?? undefined,
			scope: form.get('scope') ?? undefined,
			clientAuthentication: form.has('client_assertion') ? 'assertion' : form.has('client_secret') ? 'secret' : 'none',
			status: 200,
		};
		this.tokenRequests.push(entry);
		try {
			if (req.method !== 'POST') throw new TokenError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
			const tokenUrl = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${req.headers.host}${req.url}`;
			const body =
				grantType === 'client_credentials'
					? this.clientCredentials(tenant, form, tokenUrl)
					: grantType === 'authorization_code'
						? this.authorizationCode(tenant, form, tokenUrl)
						: grantType === 'refresh_token'
							? this.refresh(tenant, form, tokenUrl)
							: undefined;
			if (!body) throw new TokenError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
			respond(res, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' }, JSON.stringify(body));
		} catch (error) {
			if (!(error instanceof TokenError)) throw error;
			entry.status = error.status;
			entry.error = error.error;
			const traceId = randomUUID();
			const correlationId = randomUUID();
			const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
			respond(res, error.status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify({
				error: error.error,
				error_description: `AADSTS${error.code}: ${error.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
				error_codes: [error.code],
				timestamp,
				trace_id: traceId,
				correlation_id: correlationId,
				error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
			}));
		}
	}

	/** The app, after checking how it authenticated: its secret, or a client assertion signed with its certificate's key. */
	private authenticatedApp(form: URLSearchParams, tokenUrl: string): SandboxApp {
		const clientId = form.get('client_id') ?? '';
		const app = this.apps.find((candidate) => candidate.clientId === clientId);
		if (!app) {
			throw new TokenError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.directory.dnsDomain}'.`);
		}
		const assertion = form.get('client_assertion');
		if (assertion !== null) {
			if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE || !app.certificatePem || !verifyAssertion(assertion, app, tokenUrl)) {
				throw new TokenError(401, 'invalid_client', 700027, 'The certificate with identifier used to sign the client assertion is not registered on application, or the assertion is invalid.');
			}
			return app;
		}
		const secret = form.get('client_secret');
		if (secret === null) {
			throw new TokenError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
		}
		if (!app.clientSecret || secret !== app.clientSecret) {
			throw new TokenError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
		}
		return app;
	}

	private checkTenant(tenant: string, appOnly: boolean): void {
		const name = tenant.toLowerCase();
		if (appOnly && ['common', 'organizations', 'consumers'].includes(name)) {
			throw new TokenError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. The client credentials flow needs a tenant-specific endpoint (the tenant id or a verified domain).`);
		}
		if (!this.knowsTenant(tenant) && !['common', 'organizations'].includes(name)) {
			throw new TokenError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
		}
	}

	private clientCredentials(tenant: string, form: URLSearchParams, tokenUrl: string): object {
		this.checkTenant(tenant, true);
		const app = this.authenticatedApp(form, tokenUrl);
		const scope = form.get('scope') ?? '';
		const { resource, permissions } = resourceScopes(scope);
		if (!resource || permissions.length !== 1 || permissions[0] !== '.default') {
			throw new TokenError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
		}
		const expiresIn = this.lifetimeMs / 1000;
		const accessToken = this.issueAccessToken({ kind: 'app', clientId: app.clientId, audience: resource, permissions: app.applicationPermissions, expiresInSeconds: expiresIn });
		return { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken };
	}

	/** The delegated permissions a scope asks for, all of which the tenant must have consented to. */
	private consentedPermissions(app: SandboxApp, scope: string): { resource?: string; permissions: string[] } {
		const { resource, permissions } = resourceScopes(scope);
		const granted = permissions.flatMap((permission) => (permission === '.default' ? app.delegatedPermissions : [permission]));
		const missing = granted.filter((permission) => !app.delegatedPermissions.includes(permission));
		if (missing.length > 0) {
			throw new TokenError(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${app.clientId}'. Send an interactive authorization request for this user and resource (${missing.join(', ')}).`);
		}
		return { resource, permissions: granted };
	}

	private delegatedTokens(app: SandboxApp, user: string, scope: string): object {
		const { resource, permissions } = this.consentedPermissions(app, scope);
		const expiresIn = this.lifetimeMs / 1000;
		const body: Record<string, unknown> = { token_type: 'Bearer', scope, expires_in: expiresIn, ext_expires_in: expiresIn };
		if (resource) {
			body.access_token = this.issueAccessToken({ kind: 'delegated', clientId: app.clientId, audience: resource, permissions, user, expiresInSeconds: expiresIn });
		}
		if (scopeList(scope).includes('offline_access')) {
			const refreshToken = opaqueToken();
			this.refreshTokens.set(refreshToken, { clientId: app.clientId, user, scope, revoked: false });
			body.refresh_token = refreshToken;
		}
		return body;
	}

	private authorizationCode(tenant: string, form: URLSearchParams, tokenUrl: string): object {
		this.checkTenant(tenant, false);
		const app = this.authenticatedApp(form, tokenUrl);
		const code = this.codes.get(form.get('code') ?? '');
		// A code is redeemed once; a second attempt fails like an expired one.
		this.codes.delete(form.get('code') ?? '');
		if (!code || code.expiresAt <= Date.now() || code.clientId !== app.clientId) {
			throw new TokenError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
		}
		if (form.get('redirect_uri') !== code.redirectUri) {
			throw new TokenError(400, 'invalid_grant', 50148, 'The redirect_uri specified in the token request does not match the one used in the authorization request.');
		}
		return this.delegatedTokens(app, code.user, form.get('scope') ?? code.scope);
	}

	private refresh(tenant: string, form: URLSearchParams, tokenUrl: string): object {
		this.checkTenant(tenant, false);
		const app = this.authenticatedApp(form, tokenUrl);
		const presented = form.get('refresh_token') ?? '';
		const grant = this.refreshTokens.get(presented);
		if (!grant || grant.clientId !== app.clientId) {
			throw new TokenError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
		}
		if (grant.revoked) {
			throw new TokenError(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.');
		}
		// Entra rotates refresh tokens: the old one stops working once a new one is issued.
		this.refreshTokens.delete(presented);
		return this.delegatedTokens(app, grant.user, form.get('scope') ?? grant.scope);
	}
}

/** Why Exchange Online refuses an issued token, as its x-ms-diagnostics header says it; undefined when it is fine. */
function tokenProblem(issued: IssuedToken, resource: string): string | undefined {
	if (issued.expiresAt <= Date.now()) return '2000001;reason="The token has expired.";error_category="invalid_token"';
	if (issued.audience !== resource) {
		return `2000003;reason="The audience claim value is invalid for current resource. Audience claim is '${issued.audience}', request url is '${resource}' and resource type is 'Exchange'.";error_category="invalid_resource"`;
	}
	const needed = issued.kind === 'app' ? EWS_APPLICATION_PERMISSION : EWS_DELEGATED_PERMISSION;
	if (!issued.permissions.includes(needed)) {
		return '2000008;reason="The token contains no permissions, or permissions can not be understood.";error_category="invalid_grant"';
	}
	return undefined;
}

/** RFC 7523 client assertion: RS256 over header.payload, signed by the key of the registered certificate (x5t names it). */
function verifyAssertion(assertion: string, app: SandboxApp, tokenUrl: string): boolean {
	const parts = assertion.split('.');
	if (parts.length !== 3 || !app.certificatePem) return false;
	try {
		const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
		const certificate = new X509Certificate(app.certificatePem);
		const thumbprint = Buffer.from(certificate.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
		if (header.alg !== 'RS256' || header.x5t !== thumbprint) return false;
		const now = Date.now() / 1000;
		if (payload.aud !== tokenUrl || payload.iss !== app.clientId || payload.sub !== app.clientId) return false;
		if (typeof payload.exp !== 'number' || payload.exp < now || (typeof payload.nbf === 'number' && payload.nbf > now + 300)) return false;
		return createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(certificate.publicKey, Buffer.from(parts[2], 'base64url'));
	} catch {
		return false;
	}
}

function respond(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string): void {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readText(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
