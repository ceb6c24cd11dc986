import { errorMessage, operationResponse, successMessage } from '../soap';
import { el, textEl } from '../xml';
import { OperationHandler } from './context';

/**
 * ExpandDL for the directory's distribution groups by SMTP address: one level, as Exchange expands it, so a
 * nested group is listed as a member with MailboxType PublicDL (a client expands it with another ExpandDL).
 * An address that is not a group is ErrorNameResolutionNoResults.
 */
export const expandDL: OperationHandler = (request, context) => {
	const address = request.path('m:Mailbox', 't:EmailAddress')?.text().trim() ?? '';
	const group = context.directory.findGroup(address);
	if (!group) return operationResponse('ExpandDL', [errorMessage('ExpandDL', 'ErrorNameResolutionNoResults', 'No results were found.')]);
	const members = group.members.map((member) => {
		const mailbox = context.directory.findMailbox(member);
		const nested = context.directory.findGroup(member);
		return el(
			't:Mailbox',
			{},
			textEl('t:Name', mailbox?.displayName ?? nested?.displayName ?? member),
			textEl('t:EmailAddress', mailbox?.smtpAddress ?? nested?.smtpAddress ?? member),
			textEl('t:RoutingType', 'SMTP'),
			textEl('t:MailboxType', nested ? 'PublicDL' : 'Mailbox'),
		);
	});
	return operationResponse('ExpandDL', [
		successMessage('ExpandDL', el('m:DLExpansion', { TotalItemsInView: members.length, IncludesLastItemInRange: true }, members)),
	]);
};
