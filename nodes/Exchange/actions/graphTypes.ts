import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { EwsError } from '../transport';
import type { GraphClient } from '../transport/graph/graphClient';
import type { GraphAnswer, GraphRequest } from '../transport/graph/types';

/**
 * The Microsoft Graph side of an operation: the same kinds as over EWS (types.ts), with Graph requests. The
 * parameters and the description stay in the operation's `.operation.ts`; its `.graph.ts` beside it reads the
 * same parameters and gives the same output fields, so a workflow moves between the APIs by its credential.
 */

/** What a Graph read or single call gets for one input item. */
export interface GraphItemCall {
	client: GraphClient;
	itemIndex: number;
	/** Sends one request for the item's mailbox (empty: the credential's own) with the retry rule of the operation's kind. */
	send(request: GraphRequest, mailbox?: string): Promise<GraphAnswer>;
}

/**
 * One input item of a batched write: travels as one part of a JSON batch (`$batch`, up to 20 parts) that
 * items of the same mailbox share; its own part's answer is its outcome.
 */
export interface PreparedGraphWrite {
	itemIndex: number;
	mailbox?: string;
	/** What the item does beyond storing itself, for the error that says its outcome is unknown. */
	effect: string;
	/** Builds the item's request; attachments are read only now, when its batch is about to be sent. */
	build(): Promise<GraphRequest>;
	/** The output item, read from its part's answer. */
	output(answer: GraphAnswer): IDataObject;
	/** Graph's refusal of this item (ErrorItemNotFound...), reworded to name the parameter and value it came from. */
	explain?(error: EwsError): EwsError;
	/**
	 * Sending it again cannot do it twice (an event with a transactionId, a PATCH that sets values): it may be
	 * resent when its outcome is unknown.
	 */
	idempotent?: boolean;
	/**
	 * When its outcome is unknown, finds out whether Graph carried it out (sendMail answers with no id: a lookup
	 * of the marker it carried). Resolves to the output when it was, undefined when that cannot be told.
	 */
	settleUnknown?(client: GraphClient, signal?: AbortSignal): Promise<IDataObject | undefined>;
}

/** An input item that needs several requests in turn (a draft, an upload session, then send): runs alone. */
export interface PreparedGraphSteps {
	itemIndex: number;
	run(call: GraphItemCall): Promise<IDataObject>;
}

export interface GraphBatchedWriteOperation {
	kind: 'batchedWrite';
	/** Reads the item's parameters and refuses bad input before anything is sent. */
	prepare(this: IExecuteFunctions, client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite | PreparedGraphSteps>;
}

export interface GraphReadOperation {
	kind: 'read';
	read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData>;
}

export interface GraphSingleCallOperation {
	kind: 'singleCall';
	sends: 'read' | 'write';
	call(this: IExecuteFunctions, call: GraphItemCall): Promise<INodeExecutionData>;
}

export type GraphOperationModule = GraphBatchedWriteOperation | GraphReadOperation | GraphSingleCallOperation;
