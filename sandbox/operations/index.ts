import { OperationHandler } from './context';
import { copyItem } from './copyItem';
import { createAttachment } from './createAttachment';
import { createFolder } from './createFolder';
import { createItem } from './createItem';
import { deleteFolder } from './deleteFolder';
import { deleteItem } from './deleteItem';
import { expandDL } from './expandDL';
import { findFolder } from './findFolder';
import { findItem } from './findItem';
import { getAttachment } from './getAttachment';
import { getFolder } from './getFolder';
import { getItem } from './getItem';
import { getRoomLists } from './getRoomLists';
import { getRooms } from './getRooms';
import { getServerTimeZones } from './getServerTimeZones';
import { getUserAvailability } from './getUserAvailability';
import { markAsJunk } from './markAsJunk';
import { moveItem } from './moveItem';
import { resolveNames } from './resolveNames';
import { sendItem } from './sendItem';
import { updateItem } from './updateItem';

/** The EWS operations the sandbox serves, by the name of their request element. */
export const OPERATIONS: Record<string, OperationHandler> = {
	GetFolder: getFolder,
	FindFolder: findFolder,
	CreateFolder: createFolder,
	DeleteFolder: deleteFolder,
	CreateItem: createItem,
	GetItem: getItem,
	GetAttachment: getAttachment,
	CreateAttachment: createAttachment,
	FindItem: findItem,
	ResolveNames: resolveNames,
	ExpandDL: expandDL,
	UpdateItem: updateItem,
	MoveItem: moveItem,
	CopyItem: copyItem,
	DeleteItem: deleteItem,
	SendItem: sendItem,
	MarkAsJunk: markAsJunk,
	GetUserAvailabilityRequest: getUserAvailability,
	GetServerTimeZones: getServerTimeZones,
	GetRoomLists: getRoomLists,
	GetRooms: getRooms,
};
