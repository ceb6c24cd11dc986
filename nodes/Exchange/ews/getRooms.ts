import type { EwsAnswer } from '../transport/responses';
import { childNode, childNodes, el, type XmlElement } from '../transport/xml';
import { readDirectoryEntry, successfulBody, type DirectoryEntry } from './getRoomLists';
import type { EwsOperation } from './operation';

export const GET_ROOMS: EwsOperation = { name: 'GetRooms', since: 'Exchange2010' };

/** `m:GetRooms` for one room list, named by its SMTP address. */
export function buildGetRooms(roomList: string): XmlElement {
	return el('m:GetRooms', undefined, el('m:RoomList', undefined, el('t:EmailAddress', undefined, roomList)));
}

/** The rooms of the list; a list Exchange does not know is ErrorNameResolutionNoResults. */
export function readGetRooms(answer: EwsAnswer): DirectoryEntry[] {
	return childNodes(childNode(successfulBody(answer), 'Rooms'), 'Room').map((room) => readDirectoryEntry(childNode(room, 'Id')));
}
