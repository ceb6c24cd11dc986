import { Client, GraphError as SdkGraphError } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { IdentityPlatform, type IssuedToken } from '../../../sandbox/oauthIdentity';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';

/**
 * Microsoft's own Graph SDK (@microsoft/microsoft-graph-client) against the sandbox's Graph endpoint, unchanged:
 * the referee for every Graph call the node makes. Use it in `test/referee/graph.<area>.referee.ts`:
 *
 *   const graph = await startGraphReferee();            // a sandbox with Graph on, and its identity platform
 *   afterAll(() => graph.close());
 *   const client = graph.client();                      // app-only, every Graph permission the node needs
 *   const me = graph.client({ kind: 'delegated', user: 'alice@contoso.com', permissions: ['Mail.Read'] });
 *   await client.api('/users/alice@contoso.com/messages').top(5).get();
 *
 * The SDK only sends its token to https hosts it knows, so the client talks to the HTTPS listener (named in
 * `customHosts`) and trusts the sandbox's CA through its own undici Agent; nothing global is changed.
 */

/** The permissions a client gets when the test names none: what the node's operations need. */
export const ALL_GRAPH_PERMISSIONS = [
	'Mail.ReadWrite',
	'Mail.Send',
	'Calendars.ReadWrite',
	'MailboxSettings.Read',
	'Place.Read.All',
	'User.Read.All',
];

export const REFEREE_APP_ID = '5a4d0000-0000-4000-8000-00000000a11a';

export interface ClientIdentity {
	/** 'app' (default): application permissions; 'delegated': a signed-in `user`. */
	kind?: IssuedToken['kind'];
	/** Default ALL_GRAPH_PERMISSIONS. */
	permissions?: string[];
	/** The signed-in user's address, for delegated clients. */
	user?: string;
	clientId?: string;
	/** A token of your own (e.g. for another audience); the others are then ignored. */
	token?: string;
}

export interface GraphReferee {
	sandbox: Sandbox;
	identity: IdentityPlatform;
	/** A Graph SDK client for this sandbox with a token the identity platform issued. */
	client(who?: ClientIdentity): Client;
	/** A token for the Graph endpoint, as `client` uses. */
	token(who?: ClientIdentity): string;
	close(): Promise<void>;
}

/** Starts a sandbox with its Graph endpoint; `options` go to startSandbox (e.g. graphRoutes). */
export async function startGraphReferee(options: SandboxOptions = {}): Promise<GraphReferee> {
	const identity = options.identity ?? new IdentityPlatform({ apps: [] });
	const sandbox = await startSandbox({ validateSchema: false, log: () => undefined, ...options, graph: true, identity });
	const dispatcher = new Agent({ connect: { ca: sandbox.caCertificatePem } });
	const token = (who: ClientIdentity = {}) =>
		who.token ??
		identity.issueAccessToken({
			kind: who.kind ?? 'app',
			clientId: who.clientId ?? REFEREE_APP_ID,
			audience: sandbox.graphHttpsUrl,
			permissions: who.permissions ?? ALL_GRAPH_PERMISSIONS,
			user: who.user,
		});
	return {
		sandbox,
		identity,
		token,
		client: (who = {}) =>
			Client.init({
				baseUrl: sandbox.graphHttpsUrl,
				customHosts: new Set([new URL(sandbox.graphHttpsUrl).hostname]),
				authProvider: (done) => done(null, token(who)),
				// Node's fetch takes its TLS settings from a dispatcher; the SDK hands fetchOptions to fetch as they are.
				fetchOptions: { dispatcher } as Record<string, unknown>,
			}),
		close: async () => {
			await sandbox.close();
			await dispatcher.close();
		},
	};
}

/**
 * One referee per test file: started before its tests, closed after them, its store and request log emptied
 * before each test. `graph` and `client` (an SDK client with `who`'s token) stand for the running referee, so
 * a file declares them once at the top instead of repeating the hooks.
 */
export function useGraphReferee(options: SandboxOptions = {}, who: ClientIdentity = {}): { graph: GraphReferee; client: Client } {
	let referee: GraphReferee | undefined;
	let client: Client | undefined;
	beforeAll(async () => {
		referee = await startGraphReferee(options);
		client = referee.client(who);
	});
	afterAll(async () => {
		await referee?.close();
	});
	beforeEach(() => {
		referee?.sandbox.store.reset();
		if (referee) referee.sandbox.requests.length = 0;
	});
	const live = <T extends object>(current: () => T | undefined): T =>
		new Proxy({} as T, {
			get(_, name) {
				const target = current();
				if (!target) throw new Error('The referee runs only inside a test file\'s tests');
				const value: unknown = Reflect.get(target, name);
				return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
			},
		});
	return { graph: live(() => referee), client: live(() => client) };
}

/** The SDK's error for a request expected to fail; a request that succeeds fails the test. */
export async function sdkError(request: Promise<unknown>): Promise<SdkGraphError> {
	try {
		await request;
	} catch (error) {
		return error as SdkGraphError;
	}
	throw new Error('the request succeeded');
}
