import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildGetRoomLists, readGetRoomLists } from '../../ews/getRoomLists';
import { buildGetRooms, readGetRooms } from '../../ews/getRooms';
import { EwsError } from '../../transport/errors';
import { inputError } from '../fields';
import { readMailbox } from '../mailbox';
import type { ItemCall } from '../types';
import { readAddresses } from '../freeBusy/availability';

export const kind = 'read';

const show = { resource: ['room'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Room List',
		name: 'roomList',
		type: 'string',
		default: '',
		placeholder: 'rooms@contoso.com',
		description: 'E-mail address of a room list to get its rooms; empty to get the room lists themselves',
		displayOptions: { show },
	},
];

/** GetRoomLists, or GetRooms for the list given: one output item per list or room (needs Exchange 2010 or later). */
export async function* read(this: IExecuteFunctions, { itemIndex, send }: ItemCall): AsyncIterable<INodeExecutionData> {
	const mailbox = readMailbox(this, itemIndex);
	const lists = readAddresses(this, itemIndex, 'Room List', this.getNodeParameter('roomList', itemIndex, ''), false);
	if (lists.length > 1) throw inputError(this, itemIndex, `"Room List" must be one e-mail address, not ${lists.length}`);
	const [roomList] = lists;
	if (roomList === undefined) {
		for (const list of readGetRoomLists(await send(buildGetRoomLists(), mailbox))) yield { json: { name: list.name, address: list.address } };
		return;
	}
	let rooms;
	try {
		rooms = readGetRooms(await send(buildGetRooms(roomList), mailbox));
	} catch (error) {
		if (!(error instanceof EwsError) || error.code !== 'ErrorNameResolutionNoResults') throw error;
		throw new EwsError({
			code: error.code,
			message: `${error.code}: "${roomList}" in "Room List" is not a room list Exchange knows`,
			hint: 'Leave "Room List" empty to get the room lists, and use one of their addresses.',
			processing: error.processing,
		});
	}
	for (const room of rooms) yield { json: { name: room.name, address: room.address, roomList } };
}
