import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildCreateFolder, readCreateFolder } from '../../ews/createFolder';
import { inputError, readSingleLine } from '../fields';
import { folderLocator, folderTree, forgetFolderTree, resolveFolder } from '../folders';
import { readMailbox } from '../mailbox';
import type { ItemCall } from '../types';

export const kind = 'singleCall';
export const sends = 'write';

const show = { resource: ['folder'], operation: ['create'] };

export const description: INodeProperties[] = [
	folderLocator('Parent Folder', 'The folder to create the new folder in', show),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Processed',
		description: 'The new folder\'s display name; Exchange refuses a name a sibling already has (ErrorFolderExists)',
		displayOptions: { show },
	},
];

/** CreateFolder of one mail folder; the path of the new folder comes from its parent's. */
export async function call(this: IExecuteFunctions, { client, itemIndex, send }: ItemCall): Promise<INodeExecutionData> {
	const mailbox = readMailbox(this, itemIndex);
	const name = readSingleLine(this, itemIndex, 'Name', this.getNodeParameter('name', itemIndex, '')).trim();
	if (!name) throw inputError(this, itemIndex, '"Name" is empty: give the new folder\'s name');
	if (name.includes('/')) throw inputError(this, itemIndex, `"Name" "${name}" contains "/", which separates folders in paths; choose another name`);
	const parent = await resolveFolder(this, itemIndex, client, mailbox, { label: 'Parent Folder' });
	const created = readCreateFolder(await send(buildCreateFolder(parent.ref, name), mailbox));
	forgetFolderTree(client, mailbox);
	const parentPath = parent.path ?? ('id' in parent.ref ? (await folderTree(client, mailbox)).pathOf(parent.ref.id) : undefined);
	return {
		json: {
			id: created.id,
			changeKey: created.changeKey,
			name,
			path: parentPath === undefined ? null : parentPath === '' ? name : `${parentPath}/${name}`,
		},
	};
}
