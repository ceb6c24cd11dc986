import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildExpandDL, readExpandDL } from '../../ews/expandDL';
import type { DirectoryMailbox } from '../../ews/fieldTypes';
import { parseRecipients, RecipientError } from '../../helpers/recipients';
import { EwsError } from '../../transport/errors';
import { optionsCollection } from '../commonProperties';
import { inputError, readText } from '../fields';
import { readMailbox } from '../mailbox';
import { directoryMailboxJson } from '../output/directory';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['directory'], operation: ['expandGroup'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Group Address',
		name: 'groupAddress',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'team@contoso.com',
		description:
			'The e-mail address of the distribution group. Over Microsoft Graph, members without an e-mail address (devices, apps) are left out, as EWS lists only recipients.',
		displayOptions: { show },
	},
	optionsCollection(show, [
		{
			displayName: 'Expand Nested Groups',
			name: 'expandNested',
			type: 'boolean',
			default: false,
			description:
				'Whether to replace groups inside the group by their members, at any depth, each person once. Off: a nested group is one member with mailbox type PublicDL.',
		},
	]),
];

/** Distribution groups of the directory; only these does ExpandDL take by address. */
const GROUP = 'PublicDL';

export function readGroupAddress(context: IExecuteFunctions, itemIndex: number): string {
	const value = readText(context, itemIndex, 'Group Address', context.getNodeParameter('groupAddress', itemIndex, '')).trim();
	if (!value) throw inputError(context, itemIndex, '"Group Address" is empty: give the e-mail address of a distribution group');
	try {
		const parsed = parseRecipients(value, 'Group Address');
		if (parsed.length !== 1) throw inputError(context, itemIndex, `"Group Address" must be one e-mail address, not ${parsed.length}`);
		return parsed[0].address;
	} catch (error) {
		if (error instanceof RecipientError) throw inputError(context, itemIndex, error.message);
		throw error;
	}
}

export const GROUP_ADDRESS_HINT = 'Check the address: it must be the primary or a proxy SMTP address of a distribution group, not of a person or a room.';

/** ExpandDL's "no such group", naming the field and the address (a nested group's as well). */
function namingTheGroup(error: unknown, address: string, nestedIn?: string): unknown {
	if (!(error instanceof EwsError) || error.code !== 'ErrorNameResolutionNoResults') return error;
	const where = nestedIn ? `the group ${address}, a member of ${nestedIn},` : `"Group Address" ${address}`;
	return new EwsError({
		code: error.code,
		message: `${error.message} (${where} is not a distribution group Exchange knows)`,
		hint: GROUP_ADDRESS_HINT,
		processing: error.processing,
	});
}

/**
 * ExpandDL of the group. With Expand Nested Groups, each nested group is expanded in turn (breadth first):
 * a group already expanded is not expanded again, so groups that contain each other end, and a person in
 * several groups comes out once, under the first group found to hold them.
 */
export async function* read(this: IExecuteFunctions, { itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	const address = readGroupAddress(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const nested = options.expandNested === true;
	const mailbox = readMailbox(this, itemIndex);

	const expand = async (group: string, nestedIn?: string): Promise<DirectoryMailbox[]> => {
		try {
			return readExpandDL(await send(buildExpandDL(group), mailbox));
		} catch (error) {
			throw namingTheGroup(error, group, nestedIn);
		}
	};
	if (!nested) {
		for (const member of await expand(address)) yield { json: { ...directoryMailboxJson(member), group: address } };
		return;
	}
	const expanded = new Set([address.toLowerCase()]);
	const seen = new Set<string>();
	const queue: Array<{ group: string; nestedIn?: string }> = [{ group: address }];
	for (let next = queue.shift(); next; next = queue.shift()) {
		for (const member of await expand(next.group, next.nestedIn)) {
			const key = member.address.toLowerCase();
			if (member.mailboxType === GROUP) {
				if (!expanded.has(key)) queue.push({ group: member.address, nestedIn: next.group });
				expanded.add(key);
			} else if (!seen.has(key)) {
				seen.add(key);
				yield { json: { ...directoryMailboxJson(member), group: next.group } };
			}
		}
	}
}
