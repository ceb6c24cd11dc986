import type { IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../transport/graph/graphClient';
import { resolveGraphFolder } from './graphFolders';
import { graphMessageWrite, readGraphMessageTarget } from './graphMessageWrites';
import type { PreparedGraphWrite } from './graphTypes';
import { graphMessagePath } from './output/graphMessages';

/**
 * Email → Move and Email → Copy over Graph: `POST /messages/{id}/move` or `/copy` with the folder's id (or
 * well-known name) as `destinationId`; Graph answers 201 with the message where it now is, under a new id.
 */
export function graphTransfer(operation: 'move' | 'copy') {
	return async function prepare(this: IExecuteFunctions, client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
		const target = readGraphMessageTarget(this, itemIndex);
		const folder = await resolveGraphFolder(this, itemIndex, client, target.mailbox);
		const effect = operation === 'move' ? 'moved this message' : 'copied this message';
		const request = { method: 'POST' as const, path: `${graphMessagePath(target.messageId)}/${operation}`, body: { destinationId: folder.id } };
		return graphMessageWrite(itemIndex, target, effect, request, (answer) => ({
			id: answer.body?.id ?? null,
			changeKey: answer.body?.changeKey ?? null,
			originalId: target.messageId,
			folder: { id: folder.wellKnown ? null : folder.id, path: folder.path ?? null },
		}));
	};
}
