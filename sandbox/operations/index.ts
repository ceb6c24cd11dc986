import { OperationHandler } from './context';
import { createItem } from './createItem';
import { getFolder } from './getFolder';
import { resolveNames } from './resolveNames';

/** The EWS operations the sandbox serves, by the name of their request element. */
export const OPERATIONS: Record<string, OperationHandler> = {
	GetFolder: getFolder,
	CreateItem: createItem,
	ResolveNames: resolveNames,
};
