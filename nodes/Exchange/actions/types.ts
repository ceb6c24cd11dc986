import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CreatedItemId, CreateItemRequest } from '../ews/createItem';
import type { EwsClient } from '../transport';
import type { XmlElement } from '../transport/xml';

/**
 * One input item, checked and ready to travel in a CreateItem. Items whose `mailbox` and `request`
 * agree may share one request.
 */
export interface PreparedCreateItem {
	itemIndex: number;
	mailbox?: string;
	/** What CreateItem applies to all its items: disposition, invitations, target folder. */
	request: Omit<CreateItemRequest, 'items'>;
	/** What the item does beyond storing itself, for the error that says its outcome is unknown. */
	effect: string;
	/** Builds the item's element; attachments are read only now, when its batch is about to be sent. */
	build(): Promise<XmlElement>;
	/** The output item once Exchange created it. */
	output(created: CreatedItemId | undefined): IDataObject;
}

/** One operation: its parameters, and how it turns one input item into an item to create. */
export interface OperationModule {
	description: INodeProperties[];
	/** Reads the item's parameters and refuses bad input before anything is sent. */
	prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedCreateItem>;
}
