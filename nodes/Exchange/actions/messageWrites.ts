import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ItemRef } from '../ews/itemIds';
import { itemIdElement } from '../ews/itemIds';
import type { BatchRequest } from '../ews/operation';
import type { EwsError, EwsResponseMessage } from '../transport';
import type { XmlElement } from '../transport/xml';
import { readMailbox } from './mailbox';
import { namingTheId, readMessageId } from './messageIds';
import type { PreparedWrite } from './types';

/** The item's mailbox and message id, read the same way by every write on an existing message. */
export function readMessageTarget(context: IExecuteFunctions, itemIndex: number): { mailbox?: string; messageId: string } {
	return { mailbox: readMailbox(context, itemIndex), messageId: readMessageId(context, itemIndex) };
}

/**
 * A write on one existing message that joins a batch (MoveItem, CopyItem, DeleteItem, UpdateItem): its
 * element is the message's ItemId unless the operation gives another, and Exchange's refusal of it names
 * the message id.
 */
export function messageWrite(
	itemIndex: number,
	target: { mailbox?: string; messageId: string },
	request: BatchRequest,
	effect: string,
	output: (message: EwsResponseMessage) => IDataObject,
	element: XmlElement = itemIdElement({ id: target.messageId } satisfies ItemRef),
	explain?: (error: EwsError) => EwsError | undefined,
): PreparedWrite {
	return {
		itemIndex,
		mailbox: target.mailbox,
		request,
		effect,
		build: async () => element,
		output,
		explain: (error) => explain?.(error) ?? (namingTheId(error, target.messageId, target.mailbox) as EwsError),
	};
}
