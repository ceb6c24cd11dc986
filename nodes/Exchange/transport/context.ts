import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

/**
 * Every n8n context the transport serves: a run (execute), the editor's pickers (load options and list
 * search) and a trigger's poll. They share getCredentials, getNode and helpers.httpRequestWithAuthentication;
 * node parameters are read differently (per item in a run, once otherwise).
 */
export type EwsContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** A node-level parameter (authentication, access token): the first item's value in a run. */
export function nodeParameter(context: EwsContext, name: string, fallback: string): unknown {
	return itemParameter(context, name, 0, fallback);
}

/** A parameter of one input item in a run; elsewhere (a poll, a picker) the node has one value. */
export function itemParameter<T>(context: EwsContext, name: string, itemIndex: number, fallback: T): unknown {
	if ('getInputData' in context) return context.getNodeParameter(name, itemIndex, fallback as object);
	return context.getNodeParameter(name, fallback as object);
}
