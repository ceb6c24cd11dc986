import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { BatchRequest } from '../ews/operation';
import type { EwsAnswer, EwsClient, EwsError, EwsResponseMessage } from '../transport';
import type { XmlElement } from '../transport/xml';

/**
 * The kinds of operation. The router owns what they share (the item loop, continue-on-fail, pairedItem,
 * error items, the note when a run stops) and the retry rule of each kind: a read may be sent again when
 * its outcome is unknown, a write never.
 */

/**
 * One input item of a batched write, checked and ready to travel as one element of a request that many
 * items share (CreateItem, MoveItem, DeleteItem, UpdateItem...). Items whose `mailbox` and `request`
 * agree may share one request.
 */
export interface PreparedWrite {
	itemIndex: number;
	mailbox?: string;
	request: BatchRequest;
	/** What the item does beyond storing itself, for the error that says its outcome is unknown. */
	effect: string;
	/** Builds the item's element; attachments are read only now, when its batch is about to be sent. */
	build(): Promise<XmlElement>;
	/** The output item, read from the item's own Success or Warning ResponseMessage. */
	output(message: EwsResponseMessage): IDataObject;
	/** Exchange's refusal of this item (ErrorItemNotFound...), reworded to name the parameter and value it came from. */
	explain?(error: EwsError): EwsError;
}

/**
 * An input item of a batched write that needs several requests in turn, each on the one before (a reply
 * with attachments: CreateItem SaveOnly, CreateAttachment, SendItem), so it cannot share a request. It runs
 * on its own after the batches; every request is a write, never sent again when its outcome is unknown, and
 * `run` words its own errors, since only it knows which steps were done.
 */
export interface PreparedSteps {
	itemIndex: number;
	run(call: ItemCall): Promise<IDataObject>;
}

/** What a read or a single call gets for one input item. */
export interface ItemCall {
	client: EwsClient;
	itemIndex: number;
	/** Sends one operation with the retry rule of the operation's kind. */
	send(operation: XmlElement, mailbox?: string): Promise<EwsAnswer>;
}

interface Described {
	description: INodeProperties[];
}

/** Many input items become elements of one request; each ResponseMessage answers its own item. */
export interface BatchedWriteOperation extends Described {
	kind: 'batchedWrite';
	/** Reads the item's parameters and refuses bad input before anything is sent. */
	prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite | PreparedSteps>;
}

/**
 * One input item gives zero, one or many output items (GetItem, FindItem, FindFolder). Output items are
 * yielded as each page is read, so no more than a page of Exchange's answer is held at once.
 */
export interface ReadOperation extends Described {
	kind: 'read';
	read(this: IExecuteFunctions, call: ItemCall): AsyncIterable<INodeExecutionData>;
}

/** One request per input item, one output item (GetUserAvailability, GetRoomLists, Custom EWS Request). */
export interface SingleCallOperation extends Described {
	kind: 'singleCall';
	/** Whether the call changes anything: a call that may write is never sent again when its outcome is unknown. */
	sends: 'read' | 'write';
	call(this: IExecuteFunctions, call: ItemCall): Promise<INodeExecutionData>;
}

export type OperationModule = BatchedWriteOperation | ReadOperation | SingleCallOperation;
