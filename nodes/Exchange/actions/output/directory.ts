import type { IDataObject } from 'n8n-workflow';
import type { DirectoryMailbox } from '../../ews/fieldTypes';

/** A directory entry (a resolved name, a group's member) as Directory → Resolve Name and Expand Group output it. */
export function directoryMailboxJson(mailbox: DirectoryMailbox): IDataObject {
	return {
		name: mailbox.name,
		address: mailbox.address,
		mailboxType: mailbox.mailboxType ?? null,
		routingType: mailbox.routingType ?? null,
	};
}
