import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type NodeApiError } from 'n8n-workflow';
import { getEwsClient, type EwsClient } from '../transport';
import { toNodeError } from '../transport/nodeErrors';
import { OPERATIONS } from './operations';

function withItemIndex(error: NodeApiError | NodeOperationError, itemIndex: number): NodeApiError | NodeOperationError {
	const tag = `[item ${itemIndex}]`;
	if (!error.message.includes(tag)) error.message = `${error.message} ${tag}`;
	return error;
}

/**
 * Owns the item loop: every output item is paired to its input, a failing item becomes an error item
 * when the node continues on fail, and otherwise stops the node with an error naming the item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = OPERATIONS[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for the resource "${resource}"`);
	}
	const output: INodeExecutionData[] = [];
	let client: EwsClient | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			client ??= await getEwsClient(this);
			const json = await module.execute.call(this, client, itemIndex);
			output.push({ json, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = withItemIndex(toNodeError(this.getNode(), caught, itemIndex), itemIndex);
			if (!this.continueOnFail()) throw error;
			output.push({
				json: {
					error: error.message,
					...(error.description ? { description: error.description } : {}),
					...(error.context.ewsCode ? { code: error.context.ewsCode as string } : {}),
				},
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}
