import { OperationHandler } from './context';
import { createFolder } from './createFolder';
import { createItem } from './createItem';
import { deleteFolder } from './deleteFolder';
import { findFolder } from './findFolder';
import { getFolder } from './getFolder';
import { resolveNames } from './resolveNames';

/** The EWS operations the sandbox serves, by the name of their request element. */
export const OPERATIONS: Record<string, OperationHandler> = {
	GetFolder: getFolder,
	FindFolder: findFolder,
	CreateFolder: createFolder,
	DeleteFolder: deleteFolder,
	CreateItem: createItem,
	ResolveNames: resolveNames,
};
