import { el, textEl } from '../xml';
import { OperationHandler } from './context';

/**
 * GetRooms: the rooms of one room list, each as Room/Id. An address that is no room list is refused with
 * ErrorNameResolutionNoResults, as Microsoft's GetRooms error example shows.
 */
export const getRooms: OperationHandler = (request, context) => {
	const address = request.path('m:RoomList', 't:EmailAddress')?.text().trim() ?? '';
	const list = context.directory.findGroup(address);
	if (!list?.isRoomList) {
		return el(
			'm:GetRoomsResponse',
			{ ResponseClass: 'Error' },
			textEl('m:MessageText', 'No results were found.'),
			textEl('m:ResponseCode', 'ErrorNameResolutionNoResults'),
			textEl('m:DescriptiveLinkKey', 0),
		);
	}
	const rooms = list.members.flatMap((member) => context.directory.findMailbox(member) ?? []).filter((mailbox) => mailbox.kind === 'room');
	return el(
		'm:GetRoomsResponse',
		{ ResponseClass: 'Success' },
		textEl('m:ResponseCode', 'NoError'),
		el(
			'm:Rooms',
			{},
			rooms.map((room) =>
				el(
					't:Room',
					{},
					el(
						't:Id',
						{},
						textEl('t:Name', room.displayName),
						textEl('t:EmailAddress', room.smtpAddress),
						textEl('t:RoutingType', 'SMTP'),
						textEl('t:MailboxType', 'Mailbox'),
					),
				),
			),
		),
	);
};
