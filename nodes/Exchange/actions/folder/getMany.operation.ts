import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildFindFolder, readFindFolder } from '../../ews/findFolder';
import type { FolderInfo } from '../../ews/getFolder';
import { folderLocator, folderTree, resolveFolder } from '../folders';
import { readMailbox } from '../mailbox';
import { pages, readLimit, returnAllProperties } from '../paging';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['folder'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	folderLocator('Parent Folder', 'The folder whose subfolders to list; By Path "msgfolderroot" lists the whole mailbox', show),
	{
		displayName: 'Include',
		name: 'traversal',
		type: 'options',
		options: [
			{ name: 'Direct Subfolders', value: 'shallow', description: 'Only the folders right below the parent' },
			{ name: 'All Subfolders', value: 'deep', description: 'Every folder below the parent, at any depth' },
		],
		default: 'shallow',
		displayOptions: { show },
	},
	...returnAllProperties.map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...property.displayOptions?.show } },
	})),
];

/** FindFolder under the parent, page by page; paths come from the mailbox's folder tree, read once per run. */
export async function* read(this: IExecuteFunctions, { client, itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	const mailbox = readMailbox(this, itemIndex);
	const parent = await resolveFolder(this, itemIndex, client, mailbox, { label: 'Parent Folder' });
	const traversal = this.getNodeParameter('traversal', itemIndex, 'shallow') === 'deep' ? 'Deep' : 'Shallow';
	const tree = await folderTree(client, mailbox);
	const fetch = async (offset: number, size: number) => {
		const page = readFindFolder(await send(buildFindFolder({ parent: parent.ref, traversal, page: { offset, size } }), mailbox));
		return { items: page.folders, nextOffset: page.nextOffset };
	};
	for await (const folder of pages<FolderInfo>(fetch, readLimit(this, itemIndex))) {
		yield {
			json: {
				id: folder.id,
				name: folder.displayName ?? null,
				path: tree.pathOf(folder.id) ?? null,
				parentId: folder.parentFolderId ?? null,
				totalCount: folder.totalCount ?? null,
				unreadCount: folder.unreadCount ?? null,
				childFolderCount: folder.childFolderCount ?? null,
			},
		};
	}
}
