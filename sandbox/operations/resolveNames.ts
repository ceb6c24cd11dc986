import { DistributionGroup, SandboxMailbox } from '../accounts';
import { errorMessage, operationResponse, successMessage } from '../soap';
import { BuiltElement, el, textEl } from '../xml';
import { OperationHandler } from './context';

/** A directory entry ResolveNames can find: a mailbox, or a distribution group (MailboxType PublicDL). */
type Entry = { mailbox: SandboxMailbox; group?: undefined } | { group: DistributionGroup; mailbox?: undefined };

function nameOf(entry: Entry): { displayName: string; smtpAddress: string } {
	return entry.mailbox ?? entry.group;
}

/**
 * ResolveNames against the directory's mailboxes and groups: an exact SMTP address (with or without the
 * `smtp:` prefix), or a prefix of a display name, of one of its words, or of an address's local part. More
 * than one match is a Warning (ErrorNameResolutionMultipleResults) that still carries every candidate. The
 * Contact with the directory's details comes only with ReturnFullContactData="true".
 */
export const resolveNames: OperationHandler = (request, context) => {
	const entry = (request.childText('m:UnresolvedEntry') ?? '').trim();
	const fullContact = ['true', '1'].includes(request.attr('ReturnFullContactData') ?? '');
	const wanted = entry.replace(/^smtp:/i, '').toLowerCase();
	const { mailboxes, groups } = context.directory.directory;
	const entries: Entry[] = [...mailboxes.map((mailbox) => ({ mailbox })), ...groups.map((group) => ({ group }))];
	const exact = entries.filter((e) => nameOf(e).smtpAddress.toLowerCase() === wanted);
	const found =
		exact.length > 0 || wanted === ''
			? exact
			: entries.filter((e) => {
					const { smtpAddress, displayName } = nameOf(e);
					const name = displayName.toLowerCase();
					return smtpAddress.toLowerCase().startsWith(wanted) || name.startsWith(wanted) || name.split(/\s+/).some((word) => word.startsWith(wanted));
				});
	let message: BuiltElement;
	if (found.length === 0) {
		message = errorMessage('ResolveNames', 'ErrorNameResolutionNoResults', 'No results were found.');
	} else if (found.length === 1) {
		message = successMessage('ResolveNames', resolutionSet(found, fullContact));
	} else {
		message = errorMessage(
			'ResolveNames',
			'ErrorNameResolutionMultipleResults',
			'Multiple results were found.',
			[resolutionSet(found, fullContact)],
			'Warning',
		);
	}
	return operationResponse('ResolveNames', [message]);
};

function resolutionSet(entries: Entry[], fullContact: boolean): BuiltElement {
	// A ResolutionSet holds at most 100 resolutions.
	const shown = entries.slice(0, 100);
	return el(
		'm:ResolutionSet',
		{ TotalItemsInView: shown.length, IncludesLastItemInRange: true },
		shown.map((e) => {
			const { displayName, smtpAddress } = nameOf(e);
			const details = e.mailbox?.contact;
			return el(
				't:Resolution',
				{},
				el(
					't:Mailbox',
					{},
					textEl('t:Name', displayName),
					textEl('t:EmailAddress', smtpAddress),
					textEl('t:RoutingType', 'SMTP'),
					textEl('t:MailboxType', e.group ? 'PublicDL' : 'Mailbox'),
				),
				fullContact &&
					el(
						't:Contact',
						{},
						textEl('t:DisplayName', displayName),
						textEl('t:GivenName', details?.givenName),
						el('t:EmailAddresses', {}, el('t:Entry', { Key: 'EmailAddress1' }, `SMTP:${smtpAddress}`)),
						details?.businessPhone && el('t:PhoneNumbers', {}, el('t:Entry', { Key: 'BusinessPhone' }, details.businessPhone)),
						textEl('t:ContactSource', 'ActiveDirectory'),
						textEl('t:Department', details?.department),
						textEl('t:JobTitle', details?.jobTitle),
						textEl('t:Surname', details?.surname),
					),
			);
		}),
	);
}
