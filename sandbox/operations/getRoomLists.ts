import { el, textEl } from '../xml';
import { OperationHandler } from './context';

/** GetRoomLists: the directory's room lists, as EmailAddress entries (MailboxType PublicDL). */
export const getRoomLists: OperationHandler = (_request, context) => {
	const lists = context.directory.directory.groups.filter((group) => group.isRoomList);
	return el(
		'm:GetRoomListsResponse',
		{ ResponseClass: 'Success' },
		textEl('m:ResponseCode', 'NoError'),
		el(
			'm:RoomLists',
			{},
			lists.map((list) =>
				el(
					't:Address',
					{},
					textEl('t:Name', list.displayName),
					textEl('t:EmailAddress', list.smtpAddress),
					textEl('t:RoutingType', 'SMTP'),
					textEl('t:MailboxType', 'PublicDL'),
				),
			),
		),
	);
};
