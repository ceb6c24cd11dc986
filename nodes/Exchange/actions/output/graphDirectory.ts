import type { DirectoryMailbox } from '../../ews/fieldTypes';
import type { ResolvedContact } from '../../ews/resolveNames';
import type { GraphJson } from '../../transport/graph/types';

/**
 * Microsoft Graph's directory objects (user, group, orgContact) as the directory entries EWS gives
 * (ResolveNames' and ExpandDL's Mailbox), so that Directory → Resolve Name and Expand Group output the same
 * fields over either API.
 */

/** The properties read: basic ones (User.ReadBasic.All) and, for contact details, what User.Read.All adds. */
export const DIRECTORY_SELECT = 'id,displayName,mail';
export const CONTACT_SELECT = `${DIRECTORY_SELECT},givenName,surname,companyName,department,jobTitle,officeLocation,businessPhones,mobilePhone,proxyAddresses`;

/** EWS's MailboxType for a directory object's @odata.type: a person or room, a group, a mail contact. */
const MAILBOX_TYPES: Record<string, string> = {
	'#microsoft.graph.user': 'Mailbox',
	'#microsoft.graph.group': 'PublicDL',
	'#microsoft.graph.orgContact': 'Contact',
};

export function isGraphGroup(entry: GraphJson): boolean {
	return entry['@odata.type'] === '#microsoft.graph.group';
}

/** A directory object as a DirectoryMailbox; `type` when the collection says what it holds (/users, /groups). */
export function graphDirectoryMailbox(entry: GraphJson, type = String(entry['@odata.type'] ?? '')): DirectoryMailbox {
	return {
		name: String(entry.displayName ?? ''),
		address: String(entry.mail ?? ''),
		routingType: 'SMTP',
		mailboxType: MAILBOX_TYPES[type],
	};
}

/** A directory object's details as EWS's Contact of a resolved name gives them; Graph has no initials. */
export function graphContact(entry: GraphJson): ResolvedContact {
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
	const mail = text(entry.mail);
	const proxies = (Array.isArray(entry.proxyAddresses) ? (entry.proxyAddresses as unknown[]) : [])
		.map(String)
		.filter((proxy) => /^smtp:/i.test(proxy))
		.map((proxy) => proxy.slice(5))
		.filter((address) => address.toLowerCase() !== mail?.toLowerCase());
	const businessPhones = Array.isArray(entry.businessPhones) ? (entry.businessPhones as unknown[]).map(String).filter(Boolean) : [];
	const phoneNumbers: Record<string, string> = {};
	if (businessPhones[0]) phoneNumbers.BusinessPhone = businessPhones[0];
	if (businessPhones[1]) phoneNumbers.BusinessPhone2 = businessPhones[1];
	if (text(entry.mobilePhone)) phoneNumbers.MobilePhone = entry.mobilePhone;
	return {
		displayName: text(entry.displayName),
		givenName: text(entry.givenName),
		surname: text(entry.surname),
		companyName: text(entry.companyName),
		department: text(entry.department),
		jobTitle: text(entry.jobTitle),
		officeLocation: text(entry.officeLocation),
		// EWS gives up to three addresses (EmailAddress1 to 3), the primary first.
		emailAddresses: [...(mail ? [mail] : []), ...proxies].slice(0, 3),
		phoneNumbers,
		contactSource: 'ActiveDirectory',
	};
}
