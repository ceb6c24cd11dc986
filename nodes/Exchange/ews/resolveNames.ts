import type { EwsAnswer } from '../transport/responses';
import { childNode, childNodes, childText, el, textEl, type XmlElement, type XmlNode } from '../transport/xml';
import { directoryMailbox, type DirectoryMailbox } from './fieldTypes';
import { onlyValue, perMessage, type EwsOperation } from './operation';

export const RESOLVE_NAMES: EwsOperation = { name: 'ResolveNames', since: 'Exchange2007' };

export interface ResolveNamesRequest {
	/** A name, part of one, or an address (`smtp:` prefix allowed), as a user would type it in Outlook's To box. */
	entry: string;
	/** Whether directory entries come with their contact details (ReturnFullContactData, required by the schema). */
	fullContactData: boolean;
}

/** The contact details of a directory entry or a personal contact, as far as Exchange gives them. */
export interface ResolvedContact {
	displayName?: string;
	givenName?: string;
	initials?: string;
	surname?: string;
	companyName?: string;
	department?: string;
	jobTitle?: string;
	officeLocation?: string;
	emailAddresses: string[];
	phoneNumbers: Record<string, string>;
	contactSource?: string;
}

export interface Resolution {
	mailbox: DirectoryMailbox;
	contact?: ResolvedContact;
}

/** `m:ResolveNames`: the entry, searched in the directory and then the mailbox's Contacts folder (the default scope). */
export function buildResolveNames(request: ResolveNamesRequest): XmlElement {
	return el(
		'm:ResolveNames',
		{ ReturnFullContactData: request.fullContactData ? 'true' : 'false' },
		textEl('m:UnresolvedEntry', request.entry),
	);
}

/** Dictionary entries (`<t:Entry Key="...">`) of a contact's EmailAddresses or PhoneNumbers. */
function entries(node: XmlNode | undefined): Array<[string, string]> {
	return childNodes(node, 'Entry')
		.filter((entry) => entry.text.trim() !== '')
		.map((entry) => [entry.attrs.Key ?? '', entry.text.trim()]);
}

function readContact(node: XmlNode): ResolvedContact {
	return {
		displayName: childText(node, 'DisplayName'),
		givenName: childText(node, 'GivenName'),
		initials: childText(node, 'Initials'),
		surname: childText(node, 'Surname'),
		companyName: childText(node, 'CompanyName'),
		department: childText(node, 'Department'),
		jobTitle: childText(node, 'JobTitle'),
		officeLocation: childText(node, 'OfficeLocation'),
		// Directory entries carry the routing type ("SMTP:alice@contoso.com"); contacts the bare address.
		emailAddresses: entries(childNode(node, 'EmailAddresses')).map(([, address]) => address.replace(/^smtp:/i, '')),
		phoneNumbers: Object.fromEntries(entries(childNode(node, 'PhoneNumbers'))),
		contactSource: childText(node, 'ContactSource'),
	};
}

/**
 * Every candidate: one when the entry is unambiguous (Success); all of them, up to 100, when Exchange
 * answers the Warning ErrorNameResolutionMultipleResults; none for ErrorNameResolutionNoResults, which
 * answers the question rather than failing it. Other errors are thrown.
 */
export function readResolveNames(answer: EwsAnswer): Resolution[] {
	const [message] = answer.messages;
	if (message?.responseCode === 'ErrorNameResolutionNoResults') return [];
	return onlyValue(
		perMessage(answer, (response) =>
			childNodes(childNode(response.node, 'ResolutionSet'), 'Resolution').map((resolution) => {
				const mailbox = childNode(resolution, 'Mailbox');
				const contact = childNode(resolution, 'Contact');
				return {
					mailbox: mailbox ? directoryMailbox.read(mailbox) : { name: '', address: '' },
					...(contact ? { contact: readContact(contact) } : {}),
				};
			}),
		),
	);
}
