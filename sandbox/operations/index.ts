import { OperationHandler } from './context';
import { createFolder } from './createFolder';
import { createItem } from './createItem';
import { deleteFolder } from './deleteFolder';
import { findFolder } from './findFolder';
import { findItem } from './findItem';
import { getAttachment } from './getAttachment';
import { getFolder } from './getFolder';
import { getItem } from './getItem';
import { resolveNames } from './resolveNames';

/** The EWS operations the sandbox serves, by the name of their request element. */
export const OPERATIONS: Record<string, OperationHandler> = {
	GetFolder: getFolder,
	FindFolder: findFolder,
	CreateFolder: createFolder,
	DeleteFolder: deleteFolder,
	CreateItem: createItem,
	GetItem: getItem,
	GetAttachment: getAttachment,
	FindItem: findItem,
	ResolveNames: resolveNames,
};
