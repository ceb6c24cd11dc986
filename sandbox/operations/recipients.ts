import { sameAddress } from '../accounts';
import { Address } from '../store';
import { ItemError, OperationContext } from './context';

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Addresses must be well-formed; inside the organisation's domain they must name an existing mailbox
 * (the sandbox refuses them up front where Exchange would accept and bounce them later), and addresses
 * outside are relayed to the external outbox.
 */
export function checkRecipients(context: OperationContext, recipients: Address[]): void {
	if (recipients.length === 0) throw new ItemError('ErrorInvalidRecipients', 'At least one recipient is required but none were found.');
	const invalid = recipients.find(
		(r) => !ADDRESS.test(r.address) || (context.directory.isInternalAddress(r.address) && !context.store.hasMailbox(r.address)),
	);
	if (invalid) throw new ItemError('ErrorInvalidRecipients', 'One or more recipients are invalid.');
}

/** A mailbox of the directory with its display name, or the bare address. */
export function mailboxAddress(context: OperationContext, address: string): Address {
	const mailbox = context.directory.findMailbox(address);
	return mailbox ? { address: mailbox.smtpAddress, name: mailbox.displayName } : { address };
}

/** Each address once (letter case ignored), the first spelling kept. */
export function uniqueAddresses(addresses: Address[]): Address[] {
	return addresses.filter((a, i) => addresses.findIndex((b) => sameAddress(a.address, b.address)) === i);
}
