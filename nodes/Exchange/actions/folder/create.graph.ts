import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { inputError, readSingleLine } from '../fields';
import { forgetGraphFolders, graphFolderPath, graphFolderPathOf, resolveGraphFolder } from '../graphFolders';
import type { GraphItemCall } from '../graphTypes';
import { readMailbox } from '../mailbox';
import { childPath } from '../output/graphFolders';

export const kind = 'singleCall';
export const sends = 'write';

/**
 * `POST /mailFolders/{parent}/childFolders`; Graph refuses a name a sibling already has (409,
 * ErrorFolderExists). Graph's mailFolder has no change key: the output's `changeKey` is null.
 */
export async function call(this: IExecuteFunctions, { client, itemIndex, send }: GraphItemCall): Promise<INodeExecutionData> {
	const mailbox = readMailbox(this, itemIndex);
	const name = readSingleLine(this, itemIndex, 'Name', this.getNodeParameter('name', itemIndex, '')).trim();
	if (!name) throw inputError(this, itemIndex, '"Name" is empty: give the new folder\'s name');
	if (name.includes('/')) throw inputError(this, itemIndex, `"Name" "${name}" contains "/", which separates folders in paths; choose another name`);
	const parent = await resolveGraphFolder(this, itemIndex, client, mailbox, { label: 'Parent Folder' });
	const created = await send({ method: 'POST', path: `${graphFolderPath(parent.id)}/childFolders`, body: { displayName: name } }, mailbox);
	forgetGraphFolders(client, mailbox);
	const parentPath = parent.path ?? (await graphFolderPathOf(client, mailbox, parent.id));
	return {
		json: {
			id: created.body?.id ?? null,
			changeKey: created.body?.changeKey ?? null,
			name,
			path: childPath(parentPath, name),
		},
	};
}
