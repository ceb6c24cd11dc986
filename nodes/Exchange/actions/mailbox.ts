import { NodeOperationError, type INodeProperties } from 'n8n-workflow';
import { parseRecipients, RecipientError } from '../helpers/recipients';
import { itemParameter, type EwsContext } from '../transport/context';
import { asciiSmtpAddress, NON_ASCII_LOCAL_PART } from '../transport/settings';

export const mailboxProperty: INodeProperties = {
	displayName: 'Mailbox',
	name: 'mailbox',
	type: 'string',
	default: '',
	placeholder: 'shared@contoso.com',
	description:
		'SMTP address of the mailbox to act as. Leave empty for the credential\'s own mailbox. With impersonation on in the credential, the node impersonates it; otherwise it opens it as a delegate (the account needs Send As / calendar permissions).',
};

/**
 * The item's `mailbox` parameter: one SMTP address, or undefined for the credential's own mailbox. It travels
 * in an HTTP header too, so an internationalised domain is turned into its IDNA (punycode) form here.
 */
export function readMailbox(context: EwsContext, itemIndex: number): string | undefined {
	const value = itemParameter(context, 'mailbox', itemIndex, '') as string;
	if (!value || !String(value).trim()) return undefined;
	try {
		const parsed = parseRecipients(value, 'Mailbox');
		if (parsed.length !== 1) {
			throw new NodeOperationError(context.getNode(), `"Mailbox" must be one e-mail address, not ${parsed.length}`, { itemIndex });
		}
		const address = asciiSmtpAddress(parsed[0].address);
		if (!address) throw new RecipientError('Mailbox', parsed[0].address, NON_ASCII_LOCAL_PART);
		return address;
	} catch (error) {
		if (error instanceof RecipientError) throw new NodeOperationError(context.getNode(), error.message, { itemIndex });
		throw error;
	}
}
