import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { EwsError } from '../transport';
import type { GraphAnswer, GraphRequest } from '../transport/graph/types';
import { readGraphMessageId } from './graphIds';
import type { PreparedGraphWrite } from './graphTypes';
import { readMailbox } from './mailbox';
import { namingTheId } from './messageIds';

/** The item's mailbox and Graph message id, read the same way by every Graph write on an existing message. */
export function readGraphMessageTarget(context: IExecuteFunctions, itemIndex: number): { mailbox?: string; messageId: string } {
	return { mailbox: readMailbox(context, itemIndex), messageId: readGraphMessageId(context, itemIndex) };
}

/**
 * A write on one existing message that joins a JSON batch (move, copy, delete, PATCH): Graph's refusal of it
 * names the message id, unless the operation words it itself.
 */
export function graphMessageWrite(
	itemIndex: number,
	target: { mailbox?: string; messageId: string },
	effect: string,
	request: GraphRequest,
	output: (answer: GraphAnswer) => IDataObject,
	options: { explain?: (error: EwsError) => EwsError | undefined; idempotent?: boolean } = {},
): PreparedGraphWrite {
	return {
		itemIndex,
		mailbox: target.mailbox,
		effect,
		build: async () => request,
		output,
		explain: (error) => options.explain?.(error) ?? (namingTheId(error, target.messageId, target.mailbox) as EwsError),
		...(options.idempotent ? { idempotent: true } : {}),
	};
}
