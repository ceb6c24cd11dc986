import { readResponseMessage, responseMessageError, type EwsAnswer } from '../transport/responses';
import { childNode, childNodes, childText, el, type XmlElement, type XmlNode } from '../transport/xml';
import type { EwsOperation } from './operation';

export const GET_ROOM_LISTS: EwsOperation = { name: 'GetRoomLists', since: 'Exchange2010' };

/** A room list or a room, as the directory names it. */
export interface DirectoryEntry {
	name: string;
	address: string;
}

/** `m:GetRoomLists`: it takes no arguments. */
export function buildGetRoomLists(): XmlElement {
	return el('m:GetRoomLists');
}

/** An EmailAddressType element (Name, EmailAddress...) as an entry. */
export function readDirectoryEntry(node: XmlNode | undefined): DirectoryEntry {
	return { name: childText(node, 'Name') ?? '', address: childText(node, 'EmailAddress') ?? '' };
}

/**
 * The body of a response that is itself the response message (GetRoomListsResponse, GetRoomsResponse): its
 * error thrown, else the body returned.
 */
export function successfulBody(answer: EwsAnswer): XmlNode {
	const message = readResponseMessage(answer.body);
	if (message.responseClass === 'Error') throw responseMessageError(message);
	return answer.body;
}

export function readGetRoomLists(answer: EwsAnswer): DirectoryEntry[] {
	return childNodes(childNode(successfulBody(answer), 'RoomLists'), 'Address').map(readDirectoryEntry);
}
