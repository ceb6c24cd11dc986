import type { IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../../transport/graph/graphClient';
import type { GraphRequest } from '../../transport/graph/types';
import { readDeleteType } from '../commonProperties';
import { graphMessageWrite, readGraphMessageTarget } from '../graphMessageWrites';
import type { PreparedGraphWrite } from '../graphTypes';
import { graphMessagePath } from '../output/graphMessages';

export const kind = 'batchedWrite';

/**
 * The three delete types as Graph offers them: Move to Deleted Items is a move to the well-known folder
 * `deleteditems`; Soft Delete is Graph's DELETE, which puts the message into Recoverable Items (Deletions);
 * Hard Delete is `permanentDelete`, which puts it into Recoverable Items (Purges), out of
 * every client's reach (Graph has it in the global service only, not in the US Government or China clouds).
 */
export async function prepare(this: IExecuteFunctions, _client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
	const target = readGraphMessageTarget(this, itemIndex);
	const deleteType = readDeleteType(this, itemIndex);
	const path = graphMessagePath(target.messageId);
	const requests: Record<string, GraphRequest> = {
		MoveToDeletedItems: { method: 'POST', path: `${path}/move`, body: { destinationId: 'deleteditems' } },
		SoftDelete: { method: 'DELETE', path },
		HardDelete: { method: 'POST', path: `${path}/permanentDelete` },
	};
	return graphMessageWrite(itemIndex, target, 'deleted this message', requests[deleteType.type], () => ({
		id: target.messageId,
		deleted: true,
		deleteType: deleteType.value,
	}));
}
