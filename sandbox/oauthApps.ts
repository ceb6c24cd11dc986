import { EWS_APPLICATION_PERMISSION, EWS_DELEGATED_PERMISSION, IdentityPlatform, type SandboxApp } from './oauthIdentity';

/**
 * The sandbox tenant's app registrations for `npm run sandbox -- --oauth`: fixtures printed by the CLI on
 * purpose; they protect nothing.
 */

// The Microsoft Graph permissions the tenant's admin consented to, for --graph: as the README's app registration lists them.
const GRAPH_DELEGATED_PERMISSIONS = [
	'Mail.ReadWrite',
	'Mail.ReadWrite.Shared',
	'Mail.Send',
	'Mail.Send.Shared',
	'Calendars.ReadWrite',
	'Calendars.ReadWrite.Shared',
	'User.ReadBasic.All',
	'User.Read.All',
	'GroupMember.Read.All',
	'Place.Read.All',
];
const GRAPH_APPLICATION_PERMISSIONS = ['Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite', 'User.Read.All', 'GroupMember.Read.All', 'Place.Read.All'];

export const SANDBOX_TENANT_ID = '6f4c3a2e-0000-4000-8000-000000005a4d';

export const SANDBOX_APPS: SandboxApp[] = [
	{
		clientId: '5a4d0000-0000-4000-8000-00000000de1e',
		clientSecret: 'sandbox-delegated-secret',
		// n8n's OAuth2 callback on a default local install, by either host name.
		redirectUris: ['http://localhost:5678/rest/oauth2-credential/callback', 'http://127.0.0.1:5678/rest/oauth2-credential/callback'],
		delegatedPermissions: [EWS_DELEGATED_PERMISSION, ...GRAPH_DELEGATED_PERMISSIONS],
		applicationPermissions: [],
	},
	{
		clientId: '5a4d0000-0000-4000-8000-0000000a990a',
		clientSecret: 'sandbox-app-only-secret',
		redirectUris: [],
		delegatedPermissions: [],
		applicationPermissions: [EWS_APPLICATION_PERMISSION, ...GRAPH_APPLICATION_PERMISSIONS],
	},
];

export function sandboxIdentity(): IdentityPlatform {
	return new IdentityPlatform({ tenantId: SANDBOX_TENANT_ID, apps: SANDBOX_APPS });
}

/** What the CLI prints: where to sign in and which apps exist. */
export function describeIdentity(identity: IdentityPlatform, httpUrl: string): string[] {
	const origin = new URL(httpUrl).origin;
	return [
		`Microsoft identity platform look-alike (tenant ${identity.tenantId}; signs in ${identity.signedInUser}):`,
		`  Login Host: ${origin}  (authorize: ${origin}/${identity.tenantId}/oauth2/v2.0/authorize, token: .../oauth2/v2.0/token)`,
		...SANDBOX_APPS.map(
			(app) =>
				`  app ${app.clientId}  secret ${app.clientSecret}  ` +
				(app.applicationPermissions.length ? `app-only (${app.applicationPermissions.join(', ')})` : `delegated (${app.delegatedPermissions.join(', ')})`),
		),
	];
}
