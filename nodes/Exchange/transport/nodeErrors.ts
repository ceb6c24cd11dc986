import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { EwsError } from './errors';
import { SettingsError } from './settings';
import { XmlCharacterError } from './xml';

/** The n8n error for anything the transport throws, naming the item it belongs to. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof EwsError) {
		const response: JsonObject = { message: error.message, code: error.code };
		if (error.httpStatus !== undefined) response.httpCode = String(error.httpStatus);
		const nodeError = new NodeApiError(node, response, {
			message: error.message,
			description: error.hint,
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			itemIndex,
		});
		// n8n swaps a message naming ECONNRESET, ETIMEDOUT... for its generic "retry the request immediately",
		// which is wrong for a send whose outcome is unknown: keep ours, which says whether retrying is safe.
		nodeError.message = error.message;
		nodeError.context.ewsCode = error.code;
		return nodeError;
	}
	if (error instanceof SettingsError) {
		return new NodeOperationError(node, `Credential field "${error.field}": ${error.message}`, { itemIndex });
	}
	if (error instanceof XmlCharacterError) {
		return new NodeOperationError(node, error.message, { itemIndex });
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}
