import { AccountDirectory, SandboxAccount } from './accounts';
import { NtlmAcceptor, NtlmServerState } from './ntlm/acceptor';

/**
 * Authentication the way IIS does it in front of Exchange: NTLM authenticates the TCP connection (a
 * handshake spans two requests on one socket, and later requests on it need no header), Basic and Bearer
 * authenticate each request. Every refusal is the same 401, whatever the reason; the reason only goes to
 * the sandbox's request log.
 */

export type AuthScheme = 'ntlm' | 'basic' | 'bearer';

/** Who a request runs as. */
export interface Principal {
	/** `DOMAIN\user` for directory accounts, the token's subject for Bearer. */
	name: string;
	primarySmtpAddress?: string;
	canImpersonate: boolean;
	/** Mailboxes it may open and send as without impersonation (delegate access). */
	fullAccessTo: string[];
	scheme: AuthScheme;
}

export type BearerIdentity = Omit<Principal, 'scheme'>;

/** Decides what a Bearer token stands for; undefined refuses it. */
export type BearerTokenResolver = (token: string) => BearerIdentity | undefined;

/** Per TCP connection: where its NTLM handshake stands, and whom it authenticated. */
export interface ConnectionAuth {
	ntlmState?: NtlmServerState;
	ntlmScheme?: string;
	principal?: Principal;
}

export interface AuthSettings {
	schemes: AuthScheme[];
	extendedProtection: boolean;
	bearerTokens?: BearerTokenResolver;
}

export interface AuthRequest {
	authorization?: string;
	host: string;
	connection: ConnectionAuth;
	/** The DER of the certificate this connection was served with; undefined on plain HTTP. */
	serverCertificateDer?: Buffer;
}

/** What a completed NTLM handshake proved, so tests can check a client sends a MIC and channel binding. */
export interface NtlmHandshakeFacts {
	usedMic: boolean;
	usedChannelBinding: boolean;
}

export type AuthOutcome =
	| { kind: 'authenticated'; principal: Principal; completedNtlmHandshake: boolean; ntlm?: NtlmHandshakeFacts }
	| { kind: 'challenge'; wwwAuthenticate: string[]; reason: string };

const NTLM_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export class Authenticator {
	private readonly acceptors = new Map<boolean, NtlmAcceptor>();

	constructor(
		private readonly directory: AccountDirectory,
		private settings: AuthSettings,
	) {}

	configure(settings: AuthSettings): void {
		this.settings = settings;
	}

	authenticate(request: AuthRequest): AuthOutcome {
		const header = request.authorization?.trim();
		if (!header) {
			const principal = request.connection.principal;
			if (principal) return { kind: 'authenticated', principal, completedNtlmHandshake: false };
			return this.challenge(request, 'no Authorization header');
		}
		const space = header.indexOf(' ');
		const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
		const credentials = space < 0 ? '' : header.slice(space + 1).trim();
		if (scheme === 'ntlm' || scheme === 'negotiate') return this.ntlm(request, scheme, credentials);
		if (scheme === 'basic') return this.basic(request, credentials);
		if (scheme === 'bearer') return this.bearer(request, credentials);
		return this.challenge(request, `unsupported scheme ${scheme}`);
	}

	private ntlm(request: AuthRequest, scheme: string, credentials: string): AuthOutcome {
		if (!this.settings.schemes.includes('ntlm')) return this.challenge(request, 'NTLM is not enabled');
		const blob = Buffer.from(credentials, 'base64');
		if (blob.length < 12 || !blob.subarray(0, 8).equals(NTLM_SIGNATURE)) {
			return this.challenge(request, `${scheme} token is not a raw NTLM message (Kerberos/SPNEGO is not offered)`);
		}
		const connection = request.connection;
		const messageType = blob.readUInt32LE(8);
		if (messageType === 1) {
			// A new negotiate restarts authentication on this connection, as IIS does.
			connection.principal = undefined;
			const { challengeMessage, state } = this.acceptor(request).challenge(blob);
			connection.ntlmState = state;
			connection.ntlmScheme = scheme;
			const echoed = scheme === 'ntlm' ? 'NTLM' : 'Negotiate';
			return {
				kind: 'challenge',
				wwwAuthenticate: [`${echoed} ${challengeMessage.toString('base64')}`],
				reason: 'NTLM challenge sent',
			};
		}
		if (messageType !== 3) return this.challenge(request, `unexpected NTLM message type ${messageType}`);
		const state = connection.ntlmState;
		connection.ntlmState = undefined;
		if (!state) return this.challenge(request, 'NTLM authenticate message without a challenge on this connection');
		let verdict;
		try {
			verdict = this.acceptor(request).verify(state, blob, this.channelBindingCertificate(request));
		} catch (error) {
			return this.challenge(request, `NTLM authenticate message rejected: ${(error as Error).message}`);
		}
		if (!verdict.ok) return this.challenge(request, `NTLM: ${verdict.reason}`);
		const account = this.directory.findAccount(verdict.account.username, verdict.account.domain);
		if (!account) return this.challenge(request, 'NTLM: account vanished from the directory');
		const principal = this.principalOf(account, 'ntlm');
		connection.principal = principal;
		return {
			kind: 'authenticated',
			principal,
			completedNtlmHandshake: true,
			ntlm: { usedMic: verdict.usedMic, usedChannelBinding: verdict.usedChannelBinding },
		};
	}

	private basic(request: AuthRequest, credentials: string): AuthOutcome {
		if (!this.settings.schemes.includes('basic')) return this.challenge(request, 'Basic is not enabled');
		const decoded = Buffer.from(credentials, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return this.challenge(request, 'Basic credentials without a colon');
		const logonName = decoded.slice(0, colon);
		const account = this.directory.findByLogonName(logonName);
		if (!account || account.password !== decoded.slice(colon + 1)) {
			return this.challenge(request, `Basic: wrong user name or password for ${logonName}`);
		}
		return { kind: 'authenticated', principal: this.principalOf(account, 'basic'), completedNtlmHandshake: false };
	}

	private bearer(request: AuthRequest, token: string): AuthOutcome {
		if (!this.settings.schemes.includes('bearer')) return this.challenge(request, 'Bearer is not enabled');
		const identity = token ? this.settings.bearerTokens?.(token) : undefined;
		if (!identity) return this.challenge(request, 'Bearer: token refused', true);
		return { kind: 'authenticated', principal: { ...identity, scheme: 'bearer' }, completedNtlmHandshake: false };
	}

	private principalOf(account: SandboxAccount, scheme: AuthScheme): Principal {
		return {
			name: `${this.directory.directory.netbiosDomain}\\${account.username}`,
			primarySmtpAddress: account.primarySmtpAddress,
			canImpersonate: account.canImpersonate,
			fullAccessTo: account.fullAccessTo,
			scheme,
		};
	}

	private channelBindingCertificate(request: AuthRequest): Buffer | undefined {
		return this.settings.extendedProtection ? request.serverCertificateDer : undefined;
	}

	/** Extended Protection only binds to TLS: on plain HTTP there is no channel to bind to. */
	private acceptor(request: AuthRequest): NtlmAcceptor {
		const requireChannelBinding = this.channelBindingCertificate(request) !== undefined;
		let acceptor = this.acceptors.get(requireChannelBinding);
		if (!acceptor) {
			const { directory } = this;
			acceptor = new NtlmAcceptor({
				lookup(username, domain) {
					const account = directory.findAccount(username, domain);
					return account && { username: account.username, domain, password: account.password };
				},
				netbiosDomain: directory.directory.netbiosDomain,
				dnsDomain: directory.directory.dnsDomain,
				computerName: directory.directory.computerName,
				requireChannelBinding,
			});
			this.acceptors.set(requireChannelBinding, acceptor);
		}
		return acceptor;
	}

	private challenge(request: AuthRequest, reason: string, invalidToken = false): AuthOutcome {
		const offers: string[] = [];
		const { schemes } = this.settings;
		if (schemes.includes('ntlm')) offers.push('Negotiate', 'NTLM');
		if (schemes.includes('basic')) offers.push(`Basic realm="${request.host}"`);
		if (schemes.includes('bearer')) {
			offers.push(`Bearer realm="${request.host}"${invalidToken ? ', error="invalid_token"' : ''}`);
		}
		request.connection.principal = undefined;
		return { kind: 'challenge', wwwAuthenticate: offers, reason };
	}
}
