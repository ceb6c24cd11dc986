import { boundedText } from './boundedText';

/**
 * Everything that can go wrong on the way to Exchange and back, as one error type that says what happened,
 * what the admin or user can do about it, and whether Exchange may have processed the request: only a
 * request Exchange says it did not process may ever be sent again.
 */

export type Processing = 'notProcessed' | 'processed' | 'unknown';

export interface EwsErrorDetails {
	/** EWS ResponseCode (ErrorServerBusy, ...) or our own code for HTTP, TLS and network failures. */
	code: string;
	message: string;
	hint?: string;
	httpStatus?: number;
	processing: Processing;
	/** ErrorServerBusy: how long Exchange asks us to wait. */
	backOffMs?: number;
	/** 503 / 429: the Retry-After header, in milliseconds. */
	retryAfterMs?: number;
}

export class EwsError extends Error {
	readonly code: string;
	readonly hint?: string;
	readonly httpStatus?: number;
	readonly processing: Processing;
	readonly backOffMs?: number;
	readonly retryAfterMs?: number;

	constructor(details: EwsErrorDetails) {
		// Messages and hints may quote the server (a fault's text, a proxy's page, diagnostics): bounded here, once.
		super(boundedText(details.message));
		this.name = 'EwsError';
		this.code = boundedText(details.code, 256);
		const hint = details.hint ?? RESPONSE_CODE_HINTS[details.code];
		this.hint = hint === undefined ? undefined : boundedText(hint);
		this.httpStatus = details.httpStatus;
		this.processing = details.processing;
		this.backOffMs = details.backOffMs;
		this.retryAfterMs = details.retryAfterMs;
	}
}

/** What an admin or user can do about an EWS ResponseCode, in their words. */
export const RESPONSE_CODE_HINTS: Record<string, string> = {
	ErrorImpersonateUserDenied:
		'The service account may not impersonate this mailbox. An Exchange admin grants the right with: New-ManagementRoleAssignment -Role ApplicationImpersonation -User <service account> (optionally scoped to the mailboxes it may act as).',
	ErrorNonExistentMailbox: 'Exchange knows no mailbox with this address. Check the spelling, or use the mailbox\'s primary SMTP address.',
	ErrorAccessDenied:
		'The account has no access to this mailbox or folder. Grant Full Access / folder permissions, or turn on impersonation in the credential.',
	ErrorSendAsDenied:
		'The account may not send as this mailbox. Grant it "Send As" on the mailbox (Add-ADPermission -ExtendedRights "Send As"), or turn on impersonation in the credential.',
	ErrorMessageSizeExceeded:
		'The message is larger than Exchange allows (on-premises default MaxSendSize: 10 MB). Send smaller attachments, or have an admin raise the limits: Set-Mailbox -MaxSendSize, Set-TransportConfig -MaxSendSize, and the EWS maxAllowedContentLength / maxReceivedMessageSize in web.config.',
	ErrorInvalidRecipients: 'Exchange did not accept one or more recipients. Check the addresses.',
	ErrorInvalidReferenceItem:
		'Reply, Reply All and Forward answer e-mail messages; the Message ID names another kind of item (a calendar item, a contact, ...). Pass the ID of a message.',
	ErrorQuotaExceeded: 'The mailbox is over its storage quota. Free space or raise the quota.',
	ErrorServerBusy: 'Exchange is throttling this account (EWS throttling policy). Wait and try again, or ask an admin to review the throttling policy for the service account.',
	ErrorInvalidServerVersion:
		'The server does not support the Exchange version chosen in the credential. Choose an older version (Exchange2013_SP1 or Exchange2010_SP2).',
	ErrorSchemaValidation: 'Exchange refused the request as malformed. This is a bug in the node: please report it with the node settings (not the password).',
	ErrorMessageDispositionRequired: 'This is a bug in the node: please report it.',
	ErrorSendMeetingInvitationsRequired: 'This is a bug in the node: please report it.',
	ErrorMailboxStoreUnavailable: 'The mailbox database is not available right now. Try again later.',
	ErrorMailboxMoveInProgress: 'The mailbox is being moved. Try again later.',
	ErrorConnectionFailed: 'Exchange could not reach the mailbox server. Try again later.',
	ErrorTimeoutExpired: 'Exchange took too long to process the request. Try again with fewer items.',
	ErrorProxyRequestNotAllowed:
		'Exchange could not route the request to the mailbox\'s server. Check that the mailbox address is right.',
	ErrorInvalidSmtpAddress: 'The mailbox address is not a valid SMTP address.',
	ErrorFolderNotFound: 'The folder does not exist in this mailbox, or the account cannot see it.',
	ErrorItemNotFound: 'The item does not exist, or the account cannot see it.',
	ErrorInvalidRequest: 'Exchange refused the request as invalid.',
	ErrorMailRecipientNotFound: 'Exchange found no mailbox, room or group with this address in the directory. Check the spelling.',
};

