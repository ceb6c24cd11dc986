import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { EwsClient } from '../transport';

/** One operation: its parameters, and what it does for one input item. */
export interface OperationModule {
	description: INodeProperties[];
	/** Reads the item's parameters, refuses bad input before anything is sent, calls EWS, returns the output. */
	execute(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<IDataObject>;
}
