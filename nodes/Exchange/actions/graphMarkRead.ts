import type { IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../transport/graph/graphClient';
import { graphMessageWrite, readGraphMessageTarget } from './graphMessageWrites';
import type { PreparedGraphWrite } from './graphTypes';
import { graphMessagePath } from './output/graphMessages';

/** Email → Mark as Read and Mark as Unread over Graph: a PATCH of isRead, which sets a value and may be sent again. */
export function graphMarkRead(operation: 'markAsRead' | 'markAsUnread') {
	const isRead = operation === 'markAsRead';
	return async function prepare(this: IExecuteFunctions, _client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
		const target = readGraphMessageTarget(this, itemIndex);
		const request = { method: 'PATCH' as const, path: graphMessagePath(target.messageId), body: { isRead } };
		return graphMessageWrite(
			itemIndex,
			target,
			`marked this message ${isRead ? 'read' : 'unread'}`,
			request,
			(answer) => ({ id: target.messageId, changeKey: answer.body?.changeKey ?? null, isRead }),
			{ idempotent: true },
		);
	};
}
