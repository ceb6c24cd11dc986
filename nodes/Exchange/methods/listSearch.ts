import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { folderTree } from '../actions/folders';
import { allGraphFolders } from '../actions/graphFolders';
import { credentialApi, getEwsClient, getGraphClient } from '../transport';
import { asciiSmtpAddress } from '../transport/settings';

/**
 * The folder picker: every folder of the mailbox named in "Mailbox" (or the credential's own), by path,
 * filtered by what the user typed; the value is the folder's id.
 */
export async function searchFolders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const typed = String(this.getNodeParameter('mailbox', '') ?? '').trim();
	// A mailbox the picker cannot use as an address is left to the run, which names the problem.
	const mailbox = typed ? (asciiSmtpAddress(typed) ?? undefined) : undefined;
	// With a Graph credential the folders and their ids are Graph's, as the run over Graph expects them.
	const folders =
		(await credentialApi(this)) === 'graph'
			? await allGraphFolders(await getGraphClient(this), mailbox)
			: (await folderTree(await getEwsClient(this), mailbox)).folders();
	const wanted = filter?.trim().toLowerCase();
	const results = folders
		.filter((folder) => !wanted || folder.path.toLowerCase().includes(wanted))
		.sort((a, b) => a.path.localeCompare(b.path))
		.map((folder) => ({ name: folder.path, value: folder.id }));
	return { results };
}
