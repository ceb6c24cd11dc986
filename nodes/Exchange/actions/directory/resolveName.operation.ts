import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildResolveNames, readResolveNames, type Resolution, type ResolvedContact } from '../../ews/resolveNames';
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
		description:
			'An e-mail address, a name or the start of one, as you would type it into Outlook\'s To box. Over Microsoft Graph the directory\'s people, rooms and groups are searched (a name by the start of any of its words, an address by its start); the mailbox\'s personal contacts are not.',
		displayOptions: { show },
	},
	optionsCollection(show, [
		{
			displayName: 'Include Contact Details',
			name: 'contactDetails',
			type: 'boolean',
			default: false,
			description:
				'Whether to add what the directory knows of each match (names, job title, department, phone numbers, addresses). Over Microsoft Graph, more than names and addresses needs the User.Read.All permission.',
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

/** The entry to look up and whether to add contact details, as both APIs read them. */
export function readResolveNameParameters(context: IExecuteFunctions, itemIndex: number): { entry: string; contactDetails: boolean } {
	const entry = readText(context, itemIndex, 'Name or Address', context.getNodeParameter('name', itemIndex, '')).trim();
	if (!entry) throw inputError(context, itemIndex, '"Name or Address" is empty: give an e-mail address or a name to look up');
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { entry, contactDetails: options.contactDetails === true };
}

/** One match as an output item. */
export function resolutionJson(resolution: Resolution, contactDetails: boolean): IDataObject {
	return {
		...directoryMailboxJson(resolution.mailbox),
		...(resolution.mailbox.itemId ? { contactId: resolution.mailbox.itemId } : {}),
		...(contactDetails ? { contact: resolution.contact ? contactJson(resolution.contact) : null } : {}),
	};
}

/**
 * One ResolveNames: one output item per match (Exchange gives up to 100 when the name is ambiguous), none
 * when nothing matches, as a search that finds nothing; n8n's "Always Output Data" turns that into an empty item.
 */
export async function* read(this: IExecuteFunctions, { itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	const { entry, contactDetails } = readResolveNameParameters(this, itemIndex);
	const mailbox = readMailbox(this, itemIndex);
	const resolutions = readResolveNames(await send(buildResolveNames({ entry, fullContactData: contactDetails }), mailbox));
	for (const resolution of resolutions) yield { json: resolutionJson(resolution, contactDetails) };
}
