import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildResolveNames, readResolveNames, type ResolvedContact } from '../../ews/resolveNames';
import { optionsCollection } from '../commonProperties';
import { inputError, readText } from '../fields';
import { readMailbox } from '../mailbox';
import { directoryMailboxJson } from '../output/directory';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['directory'], operation: ['resolveName'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Name or Address',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'alice@contoso.com',
		description: 'An e-mail address, a name or the start of one, as you would type it into Outlook\'s To box',
		displayOptions: { show },
	},
	optionsCollection(show, [
		{
			displayName: 'Include Contact Details',
			name: 'contactDetails',
			type: 'boolean',
			default: false,
			description: 'Whether to add what the directory knows of each match (names, job title, department, phone numbers, addresses)',
		},
	]),
];

function contactJson(contact: ResolvedContact): IDataObject {
	return {
		displayName: contact.displayName ?? null,
		givenName: contact.givenName ?? null,
		initials: contact.initials ?? null,
		surname: contact.surname ?? null,
		companyName: contact.companyName ?? null,
		department: contact.department ?? null,
		jobTitle: contact.jobTitle ?? null,
		officeLocation: contact.officeLocation ?? null,
		emailAddresses: contact.emailAddresses,
		phoneNumbers: contact.phoneNumbers,
		source: contact.contactSource ?? null,
	};
}

/**
 * One ResolveNames: one output item per match (Exchange gives up to 100 when the name is ambiguous), none
 * when nothing matches, as a search that finds nothing; n8n's "Always Output Data" turns that into an empty item.
 */
export async function* read(this: IExecuteFunctions, { itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	const entry = readText(this, itemIndex, 'Name or Address', this.getNodeParameter('name', itemIndex, '')).trim();
	if (!entry) throw inputError(this, itemIndex, '"Name or Address" is empty: give an e-mail address or a name to look up');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const contactDetails = options.contactDetails === true;
	const mailbox = readMailbox(this, itemIndex);

	const resolutions = readResolveNames(await send(buildResolveNames({ entry, fullContactData: contactDetails }), mailbox));
	for (const resolution of resolutions) {
		yield {
			json: {
				...directoryMailboxJson(resolution.mailbox),
				...(resolution.mailbox.itemId ? { contactId: resolution.mailbox.itemId } : {}),
				...(contactDetails ? { contact: resolution.contact ? contactJson(resolution.contact) : null } : {}),
			},
		};
	}
}
