import type { NodeEgressFilter } from 'n8n-workflow';
import { AccessTokenTransport } from './auth/accessToken';
import { n8nOAuth2Request, OAuth2Transport, type HelperRequest } from './auth/oauth2';
import { OnPremisesTransport } from './auth/onPremises';
import { ONLINE_VERSION, readAccessTokenSettings, readApi, readOAuth2Settings, type AccessTokenSettings, type OAuth2Settings, type OnlineApi } from './auth/onlineSettings';
import { nodeParameter, type EwsContext } from './context';
import { CREDENTIAL_TYPE, type Authentication } from './credentialTypes';
import { EwsClient } from './ewsClient';
import { GraphClient } from './graph/graphClient';
import { AccessTokenGraphTransport, OAuth2GraphTransport } from './graph/transports';
import { ConnectionPool, sharedPool } from './http/connectionPool';
import { egressFilterOf } from './http/egress';
import { readOnPremisesSettings, smtpAddressOf, type OnPremisesSettings } from './settings';

export { EwsClient } from './ewsClient';
export { GraphClient } from './graph/graphClient';
export type { OnlineApi } from './auth/onlineSettings';
export type { CallOptions, MailboxAccess } from './ewsClient';
export type { EwsContext } from './context';
export { CREDENTIAL_TYPE, type Authentication } from './credentialTypes';
export { EwsError } from './errors';
export type { EwsAnswer, EwsResponseMessage } from './responses';

/** Requests in flight per run; well under Exchange's default limit of 10 (2010) or 27 (2013+) per user. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Where the client sends its requests: the shared pool for this credential, or a given one (credential test).
 * `egress` is n8n's outbound-request policy, when the running n8n offers it.
 */
export function onPremisesClient(
	settings: OnPremisesSettings,
	concurrency = DEFAULT_CONCURRENCY,
	pool?: ConnectionPool,
	egress?: NodeEgressFilter,
): EwsClient {
	const connections =
		pool ??
		sharedPool(
			{ url: settings.url, tls: settings.tls, timeoutMs: settings.timeoutMs, egress },
			`${settings.scheme}:${settings.domain}\\${settings.username}`,
			settings.password,
			concurrency,
		);
	return new EwsClient(new OnPremisesTransport(settings, connections), {
		version: settings.version,
		impersonation: settings.impersonation,
		ownAddress: smtpAddressOf(settings.username),
		maxConcurrency: connections.maxConnections,
	});
}

/**
 * Exchange Online through n8n's OAuth2 helper. App-only access has no mailbox of its own: every request
 * impersonates the mailbox it names, and naming none is an error.
 */
export function oAuth2Client(context: EwsContext, settings: OAuth2Settings, concurrency = DEFAULT_CONCURRENCY): EwsClient {
	return new EwsClient(new OAuth2Transport(n8nOAuth2Request(context), settings), {
		version: ONLINE_VERSION,
		impersonation: settings.appOnly,
		mailboxRequired: settings.appOnly,
		maxConcurrency: concurrency,
	});
}

/**
 * A Bearer token given by the user; an app-only one impersonates the mailbox each request names. The
 * connections carry no authentication of their own, so any token may share them.
 */
export function accessTokenClient(settings: AccessTokenSettings, concurrency = DEFAULT_CONCURRENCY, egress?: NodeEgressFilter): EwsClient {
	const connections = sharedPool({ url: settings.url, tls: settings.tls, timeoutMs: settings.timeoutMs, egress }, 'bearer', '', concurrency);
	return new EwsClient(new AccessTokenTransport(settings, connections), {
		version: ONLINE_VERSION,
		impersonation: settings.appOnly,
		mailboxRequired: settings.appOnly,
		maxConcurrency: connections.maxConnections,
	});
}

/** The client for the node's credential, in a run, a picker of the editor (load options, list search) or a trigger's poll. */
export async function getEwsClient(context: EwsContext, concurrency = DEFAULT_CONCURRENCY): Promise<EwsClient> {
	const authentication = nodeParameter(context, 'authentication', 'onPremises') as Authentication;
	const credentials = await context.getCredentials(CREDENTIAL_TYPE[authentication]);
	// OAuth2 requests go through n8n's own HTTP helper, which applies the policy itself.
	const egress = egressFilterOf(context.helpers);
	if (authentication === 'oAuth2') return oAuth2Client(context, readOAuth2Settings(credentials), concurrency);
	if (authentication === 'accessToken') {
		const nodeToken = nodeParameter(context, 'accessToken', '') as string;
		return accessTokenClient(readAccessTokenSettings(credentials, nodeToken), concurrency, egress);
	}
	return onPremisesClient(readOnPremisesSettings(credentials), concurrency, undefined, egress);
}

/**
 * Which API the node's credential speaks: on-premises credentials always EWS; Exchange Online ones EWS or
 * Microsoft Graph, as their API field says. The node never routes by itself: the credential decides.
 */
export async function credentialApi(context: EwsContext): Promise<OnlineApi> {
	const authentication = nodeParameter(context, 'authentication', 'onPremises') as Authentication;
	if (authentication === 'onPremises') return 'ews';
	return readApi(await context.getCredentials(CREDENTIAL_TYPE[authentication]));
}

/** Graph through n8n's OAuth2 helper. App-only access names the mailbox in every request's path. */
export function oAuth2GraphClient(context: EwsContext, settings: OAuth2Settings, concurrency = DEFAULT_CONCURRENCY): GraphClient {
	const plain: HelperRequest = async (request) => await context.helpers.httpRequest(request);
	return new GraphClient(new OAuth2GraphTransport(new OAuth2Transport(n8nOAuth2Request(context), settings), { request: plain, timeoutMs: settings.timeoutMs }), {
		baseUrl: settings.graphUrl,
		appOnly: settings.appOnly,
		maxConcurrency: concurrency,
	});
}

/** Graph with a given Bearer token, on connections to Graph's host that carry no authentication of their own. */
export function accessTokenGraphClient(settings: AccessTokenSettings, concurrency = DEFAULT_CONCURRENCY, egress?: NodeEgressFilter): GraphClient {
	const connections = sharedPool({ url: settings.graphUrl, tls: settings.tls, timeoutMs: settings.timeoutMs, egress }, 'bearer', '', concurrency);
	const uploads = { tls: settings.tls, timeoutMs: settings.timeoutMs, egress };
	return new GraphClient(new AccessTokenGraphTransport(settings.token, connections, uploads), {
		baseUrl: settings.graphUrl,
		appOnly: settings.appOnly,
		maxConcurrency: connections.maxConnections,
	});
}

/** The Graph client for the node's credential, whose API is Microsoft Graph (credentialApi). */
export async function getGraphClient(context: EwsContext, concurrency = DEFAULT_CONCURRENCY): Promise<GraphClient> {
	const authentication = nodeParameter(context, 'authentication', 'onPremises') as Authentication;
	const credentials = await context.getCredentials(CREDENTIAL_TYPE[authentication]);
	if (authentication === 'oAuth2') return oAuth2GraphClient(context, readOAuth2Settings(credentials), concurrency);
	const nodeToken = nodeParameter(context, 'accessToken', '') as string;
	return accessTokenGraphClient(readAccessTokenSettings(credentials, nodeToken), concurrency, egressFilterOf(context.helpers));
}
