import { AccountDirectory } from './accounts';
import { Principal } from './auth';
import { SoapFaultError } from './soap';
import { ParsedElement } from './xml';

/** What the SOAP header of a request asks for, checked the way Exchange checks it before any operation runs. */

// ExchangeVersionType without Exchange2009/2012/2015, which the schema lists but no server answers to.
export const ACCEPTED_VERSIONS = [
	'Exchange2007',
	'Exchange2007_SP1',
	'Exchange2010',
	'Exchange2010_SP1',
	'Exchange2010_SP2',
	'Exchange2013',
	'Exchange2013_SP1',
	'Exchange2016',
	'V2015_10_05',
	'V2016_01_06',
	'V2016_04_13',
	'V2016_07_13',
];

/** Exchange serves a request without RequestServerVersion as its oldest schema version. */
export const VERSION_WHEN_MISSING = 'Exchange2007';

/** The RequestServerVersion asked for, or VERSION_WHEN_MISSING; an unknown value is refused. */
export function readRequestedVersion(header: ParsedElement | undefined): string {
	const versionElement = header?.child('t:RequestServerVersion');
	if (!versionElement) return VERSION_WHEN_MISSING;
	const version = versionElement.attr('Version');
	if (version === undefined || !ACCEPTED_VERSIONS.includes(version)) {
		throw new SoapFaultError({ code: 'ErrorInvalidServerVersion', message: 'The specified server version is invalid.' });
	}
	return version;
}

/** The primary SMTP address of the mailbox an ExchangeImpersonation header asks for, if any. */
export function readImpersonation(
	header: ParsedElement | undefined,
	principal: Principal,
	directory: AccountDirectory,
): string | undefined {
	const impersonation = header?.child('t:ExchangeImpersonation');
	return impersonation && impersonatedMailbox(impersonation, principal, directory);
}

function impersonatedMailbox(impersonation: ParsedElement, principal: Principal, directory: AccountDirectory): string {
	if (!principal.canImpersonate) {
		throw new SoapFaultError({
			code: 'ErrorImpersonateUserDenied',
			message: 'The account does not have permission to impersonate the requested user.',
		});
	}
	const sid = impersonation.child('t:ConnectingSID');
	const smtp = sid?.childText('t:PrimarySmtpAddress') ?? sid?.childText('t:SmtpAddress');
	const principalName = sid?.childText('t:PrincipalName');
	let mailbox = smtp !== undefined ? directory.findMailbox(smtp.trim()) : undefined;
	if (principalName !== undefined) {
		// A user principal name names the logon account, whose own mailbox is then opened.
		const account = directory.findByLogonName(principalName.trim());
		mailbox = account && directory.findMailbox(account.primarySmtpAddress);
	}
	if (!mailbox) {
		throw new SoapFaultError({
			code: 'ErrorNonExistentMailbox',
			message: 'The SMTP address has no mailbox associated with it.',
		});
	}
	return mailbox.smtpAddress;
}
