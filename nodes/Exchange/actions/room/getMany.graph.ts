import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { EwsError } from '../../transport/errors';
import { readAddresses } from '../freeBusy/availability';
import { inputError } from '../fields';
import { graphPages } from '../graphPaging';
import { namingPermission } from '../graphPermission';
import type { GraphItemCall } from '../graphTypes';

export const kind = 'read';

const PERMISSION = 'Place.Read.All';

/**
 * Room → Get Many over Microsoft Graph: the tenant's room lists (`/places/microsoft.graph.roomlist`), or the
 * rooms of the list given (`/places/{list address}/microsoft.graph.roomlist/rooms`), with the same fields as
 * over EWS. Places are the tenant's, not a mailbox's: the node's Mailbox plays no part.
 */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const lists = readAddresses(this, itemIndex, 'Room List', this.getNodeParameter('roomList', itemIndex, ''), false);
	if (lists.length > 1) throw inputError(this, itemIndex, `"Room List" must be one e-mail address, not ${lists.length}`);
	const [roomList] = lists;
	try {
		if (roomList === undefined) {
			for await (const list of graphPages(call, { method: 'GET', path: '/places/microsoft.graph.roomlist', tenantWide: true })) {
				yield { json: { name: list.displayName ?? '', address: list.emailAddress ?? '' } };
			}
			return;
		}
		const path = `/places/${encodeURIComponent(roomList)}/microsoft.graph.roomlist/rooms`;
		for await (const room of graphPages(call, { method: 'GET', path, tenantWide: true })) {
			yield { json: { name: room.displayName ?? '', address: room.emailAddress ?? '', roomList } };
		}
	} catch (error) {
		if (error instanceof EwsError && error.httpStatus === 404) {
			throw new EwsError({
				code: error.code,
				message: `${error.code}: "${roomList}" in "Room List" is not a room list Microsoft Graph knows`,
				hint: 'Leave "Room List" empty to get the room lists, and use one of their addresses.',
				httpStatus: error.httpStatus,
				processing: error.processing,
			});
		}
		throw namingPermission(error, PERMISSION);
	}
}
