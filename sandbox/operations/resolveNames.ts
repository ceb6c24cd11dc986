import { SandboxMailbox } from '../accounts';
import { errorMessage, operationResponse, successMessage } from '../soap';
import { BuiltElement, el, textEl } from '../xml';
import { OperationHandler } from './context';

/**
 * ResolveNames against the directory: an exact SMTP address (with or without the `smtp:` prefix), or a
 * prefix of a display name, of one of its words, or of an address's local part.
 */
export const resolveNames: OperationHandler = (request, context) => {
	const entry = (request.childText('m:UnresolvedEntry') ?? '').trim();
	const wanted = entry.replace(/^smtp:/i, '').toLowerCase();
	const mailboxes = context.directory.directory.mailboxes;
	const exact = mailboxes.filter((m) => m.smtpAddress.toLowerCase() === wanted);
	const found =
		exact.length > 0 || wanted === ''
			? exact
			: mailboxes.filter(
					(m) =>
						m.smtpAddress.toLowerCase().startsWith(wanted) ||
						m.displayName
							.toLowerCase()
							.split(/\s+/)
							.some((word) => word.startsWith(wanted)) ||
						m.displayName.toLowerCase().startsWith(wanted),
				);
	let message: BuiltElement;
	if (found.length === 0) {
		message = errorMessage('ResolveNames', 'ErrorNameResolutionNoResults', 'No results were found.');
	} else if (found.length === 1) {
		message = successMessage('ResolveNames', resolutionSet(found));
	} else {
		message = errorMessage(
			'ResolveNames',
			'ErrorNameResolutionMultipleResults',
			'Multiple results were found.',
			[resolutionSet(found)],
			'Warning',
		);
	}
	return operationResponse('ResolveNames', [message]);
};

function resolutionSet(mailboxes: SandboxMailbox[]): BuiltElement {
	return el(
		'm:ResolutionSet',
		{ TotalItemsInView: mailboxes.length, IncludesLastItemInRange: true },
		mailboxes.map((m) =>
			el(
				't:Resolution',
				{},
				el(
					't:Mailbox',
					{},
					textEl('t:Name', m.displayName),
					textEl('t:EmailAddress', m.smtpAddress),
					textEl('t:RoutingType', 'SMTP'),
					textEl('t:MailboxType', 'Mailbox'),
				),
				el(
					't:Contact',
					{},
					textEl('t:DisplayName', m.displayName),
					el('t:EmailAddresses', {}, el('t:Entry', { Key: 'EmailAddress1' }, `SMTP:${m.smtpAddress}`)),
					textEl('t:ContactSource', 'ActiveDirectory'),
				),
			),
		),
	);
}
