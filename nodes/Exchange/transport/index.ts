import type { IExecuteFunctions } from 'n8n-workflow';
import { OnPremisesTransport } from './auth/onPremises';
import { EwsClient } from './ewsClient';
import { ConnectionPool, sharedPool } from './http/connectionPool';
import { readOnPremisesSettings, smtpAddressOf, type OnPremisesSettings } from './settings';

export { EwsClient } from './ewsClient';
export type { CallOptions, MailboxAccess } from './ewsClient';
export { EwsError } from './errors';
export type { EwsAnswer, EwsResponseMessage } from './responses';

/** The node's `authentication` parameter: it alone decides which credential, and so which transport, is used. */
export type Authentication = 'onPremises';

export const CREDENTIAL_TYPE: Record<Authentication, string> = {
	onPremises: 'exchangeEwsApi',
};

/** Connections per credential; well under Exchange's default of 10 (2010) or 27 (2013+) per user. */
export const DEFAULT_MAX_CONNECTIONS = 4;

export function onPremisesClient(settings: OnPremisesSettings, pool?: ConnectionPool): EwsClient {
	const connections =
		pool ??
		sharedPool(
			{ url: settings.url, tls: settings.tls, timeoutMs: settings.timeoutMs },
			`${settings.scheme}:${settings.domain}\\${settings.username}`,
			settings.password,
			DEFAULT_MAX_CONNECTIONS,
		);
	return new EwsClient(new OnPremisesTransport(settings, connections), {
		version: settings.version,
		impersonation: settings.impersonation,
		ownAddress: smtpAddressOf(settings.username),
	});
}

export async function getEwsClient(context: IExecuteFunctions): Promise<EwsClient> {
	const authentication = context.getNodeParameter('authentication', 0, 'onPremises') as Authentication;
	const credentials = await context.getCredentials(CREDENTIAL_TYPE[authentication]);
	return onPremisesClient(readOnPremisesSettings(credentials));
}
