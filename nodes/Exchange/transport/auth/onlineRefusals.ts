import { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';
import { userAgentRefusal } from './userAgentPolicy';

/**
 * Exchange Online's refusals of a Bearer token, in words an admin can act on. A 401 names its cause in
 * `x-ms-diagnostics` (code;reason="...";error_category="..."); a 403 means EWS itself is closed to the app.
 */

export type TokenSource = 'oAuth2' | 'accessToken';

const EWS_RETIREMENT =
	'Microsoft blocks EWS in Exchange Online since 2026-10-01 unless the tenant allows it, and shuts it down for good on 2027-04-01: set the credential\'s API to Microsoft Graph (the same operations, parameters and output) and give its app registration the Graph permissions the README lists. Exchange Server on-premises keeps EWS.';

/** When Microsoft switches EWS off in Exchange Online. */
export const EWS_SHUTDOWN = Date.UTC(2027, 3, 1);

/** What every Exchange Online EWS error says once EWS is off there, whatever the error itself was. */
export const EWS_SHUT_DOWN_NOTE =
	'Microsoft switched EWS off in Exchange Online on 2027-04-01. For an Exchange Online mailbox, set the credential\'s API to Microsoft Graph: the workflow keeps its parameters and output.';

interface Diagnostics {
	reason?: string;
	category?: string;
}

function readDiagnostics(answer: HttpAnswer): Diagnostics {
	const header = answer.headers['x-ms-diagnostics'] ?? '';
	const reason = /reason="([^"]*)"/.exec(header)?.[1];
	const category = /error_category="([^"]*)"/.exec(header)?.[1];
	const bearerError = answer.wwwAuthenticate.map((value) => /error="([^"]*)"/.exec(value)?.[1]).find(Boolean);
	return { reason, category: category ?? bearerError };
}

function hintFor(diagnostics: Diagnostics, source: TokenSource): string {
	const { reason = '', category = '' } = diagnostics;
	if (category === 'invalid_resource' || /audience/i.test(reason)) {
		return 'The token was issued for another resource. Exchange needs a token whose scope names the EWS host, e.g. https://outlook.office365.com/EWS.AccessAsUser.All (delegated) or https://outlook.office365.com/.default (app-only), and an app registration with Office 365 Exchange Online permissions, not Microsoft Graph ones.';
	}
	if (/expired/i.test(reason)) {
		return source === 'accessToken'
			? 'The access token has expired (Entra tokens live about an hour). Get a fresh token from where this one came from and run again.'
			: 'n8n renewed the token and Exchange still refused it: open the credential and reconnect it.';
	}
	if (category === 'invalid_grant' || /permission/i.test(reason)) {
		return 'The token carries no EWS permission. In the app registration add, under API permissions → APIs my organization uses → Office 365 Exchange Online, EWS.AccessAsUser.All (delegated) or full_access_as_app (application), and grant admin consent.';
	}
	return source === 'accessToken'
		? 'Check that the token is a current Microsoft Entra access token for Exchange (not an ID token, and not for Microsoft Graph).'
		: 'Reconnect the credential; if that does not help, check the app registration\'s Exchange permissions and admin consent.';
}

/** A 401 that outlived n8n's token refresh, or a refused token given by the user. */
export function onlineUnauthorized(answer: HttpAnswer, source: TokenSource): EwsError {
	const diagnostics = readDiagnostics(answer);
	const what = source === 'accessToken' ? 'the access token' : 'the credential\'s access token';
	return new EwsError({
		code: 'InvalidToken',
		message: `Exchange refused ${what} (HTTP 401${diagnostics.reason ? `: ${diagnostics.reason}` : ''})`,
		hint: hintFor(diagnostics, source),
		httpStatus: 401,
		processing: 'notProcessed',
	});
}

/** Exchange Online answers a bare 403 when EWS is closed to the tenant, the app or the mailbox. */
export function ewsBlocked(answer: HttpAnswer, clientId?: string): EwsError {
	const byUserAgent = userAgentRefusal(answer);
	if (byUserAgent) return byUserAgent;
	const app = clientId ?? '<Application (client) ID>';
	const diagnostics = answer.headers['x-ms-diagnostics'];
	return new EwsError({
		code: 'EwsBlocked',
		message: `Exchange Online refused EWS access (HTTP 403): EWS is disabled for this tenant or mailbox, or the app is not on the tenant's EWS allow-list${diagnostics ? ` (${diagnostics})` : ''}`,
		hint: `An Exchange admin must turn EWS on and allow-list this app: Set-OrganizationConfig -EWSEnabled $true; Set-OrganizationConfig -EWSAllowedAppIDs @{Add="${app}"}; and check that EWS is not off for the mailbox (Set-CASMailbox -EwsEnabled $true). ${EWS_RETIREMENT}`,
		httpStatus: 403,
		processing: 'notProcessed',
	});
}
