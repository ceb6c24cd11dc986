import type { DistributionGroup, SandboxMailbox } from '../accounts';
import { directoryObjectId } from './representations/directoryObject';
import { directoryPage } from './directoryQuery';
import { GraphError, type GraphRequestContext, type GraphRoute } from './types';

/**
 * Places over Microsoft Graph (learn.microsoft.com/graph/api/place-list): the room lists, the rooms of one
 * list (by its address), and every room, from the directory's room lists and room mailboxes, the same ones
 * GetRoomLists and GetRooms read. Place.Read.All allows them.
 */

const PLACE_PERMISSIONS = ['Place.Read.All', 'Place.ReadWrite.All'];

function roomListJson(list: DistributionGroup): Record<string, unknown> {
	return {
		'@odata.type': '#microsoft.graph.roomList',
		id: directoryObjectId(list.smtpAddress),
		displayName: list.displayName,
		emailAddress: list.smtpAddress,
		address: null,
		geoCoordinates: null,
		phone: null,
	};
}

function roomJson(room: SandboxMailbox): Record<string, unknown> {
	return {
		'@odata.type': '#microsoft.graph.room',
		id: directoryObjectId(room.smtpAddress),
		displayName: room.displayName,
		emailAddress: room.smtpAddress,
		nickname: room.displayName,
		address: null,
		geoCoordinates: null,
		phone: null,
		building: null,
		floorNumber: null,
		floorLabel: null,
		label: null,
		capacity: null,
		bookingType: 'standard',
		audioDeviceName: null,
		videoDeviceName: null,
		displayDeviceName: null,
		isWheelChairAccessible: false,
		tags: [],
	};
}

function rooms(context: GraphRequestContext, addresses: string[]): SandboxMailbox[] {
	return addresses.flatMap((address) => context.directory.findMailbox(address) ?? []).filter((mailbox) => mailbox.kind === 'room');
}

export const PLACE_ROUTES: GraphRoute[] = [
	{
		method: 'GET',
		pattern: /^\/places\/microsoft\.graph\.roomlist$/i,
		scope: 'tenant',
		permissions: PLACE_PERMISSIONS,
		handle: (context) => directoryPage(context, context.directory.directory.groups.filter((group) => group.isRoomList).map(roomListJson), 'places/microsoft.graph.roomList'),
	},
	{
		method: 'GET',
		pattern: /^\/places\/microsoft\.graph\.room$/i,
		scope: 'tenant',
		permissions: PLACE_PERMISSIONS,
		handle: (context) =>
			directoryPage(context, rooms(context, context.directory.directory.mailboxes.map((mailbox) => mailbox.smtpAddress)).map(roomJson), 'places/microsoft.graph.room'),
	},
	{
		method: 'GET',
		pattern: /^\/places\/([^/]+)\/microsoft\.graph\.roomlist\/rooms$/i,
		scope: 'tenant',
		permissions: PLACE_PERMISSIONS,
		handle: (context, [address]) => {
			const list = context.directory.findGroup(address);
			if (!list?.isRoomList) {
				// As Graph answers for an address that names no room list (microsoftgraph/microsoft-graph-docs#15121, #7532).
				throw new GraphError(404, 'UnknownError', JSON.stringify({ code: 'invalid_place', message: `place ${address} not found` }));
			}
			return directoryPage(context, rooms(context, list.members).map(roomJson), `places('${address}')/microsoft.graph.roomList/rooms`);
		},
	},
];
