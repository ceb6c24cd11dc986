import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { GraphJson } from '../../transport/graph/types';
import { graphFolderPath, graphFolderPathOf, resolveGraphFolder } from '../graphFolders';
import { graphPages } from '../graphPaging';
import type { GraphItemCall } from '../graphTypes';
import { readMailbox } from '../mailbox';
import { childPath, graphFolderOutput, GRAPH_FOLDER_SELECT } from '../output/graphFolders';
import { readLimit } from '../paging';

export const kind = 'read';

/**
 * The parent's `childFolders`, page by page; All Subfolders walks down each folder that has children (Graph
 * has no deep listing), parents before their children as EWS's deep FindFolder gives them.
 */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { client, itemIndex } = call;
	const mailbox = readMailbox(this, itemIndex);
	const parent = await resolveGraphFolder(this, itemIndex, client, mailbox, { label: 'Parent Folder' });
	const deep = this.getNodeParameter('traversal', itemIndex, 'shallow') === 'deep';
	const parentPath = parent.path !== undefined && !parent.wellKnown ? parent.path : await graphFolderPathOf(client, mailbox, parent.id);

	async function* below(folderId: string, path: string | null): AsyncIterable<{ folder: GraphJson; path: string | null }> {
		const request = { method: 'GET' as const, path: `${graphFolderPath(folderId)}/childFolders`, query: { $select: GRAPH_FOLDER_SELECT } };
		for await (const folder of graphPages(call, request, mailbox)) {
			const own = childPath(path, String(folder.displayName ?? ''));
			yield { folder, path: own };
			if (deep && Number(folder.childFolderCount) > 0) yield* below(String(folder.id), own);
		}
	}

	let remaining = readLimit(this, itemIndex) ?? Infinity;
	for await (const { folder, path } of below(parent.id, parentPath ?? null)) {
		if (remaining-- <= 0) return;
		yield { json: graphFolderOutput(folder, path) };
	}
}
