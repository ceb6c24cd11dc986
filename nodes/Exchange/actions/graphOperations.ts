import * as cancelAppointment from './appointment/cancel.graph';
import * as createAppointment from './appointment/create.graph';
import * as deleteAppointment from './appointment/delete.graph';
import * as getAppointment from './appointment/get.graph';
import * as getManyAppointments from './appointment/getMany.graph';
import * as respondToAppointment from './appointment/respond.graph';
import * as updateAppointment from './appointment/update.graph';
import * as downloadAttachment from './attachment/download.graph';
import * as getManyAttachments from './attachment/getMany.graph';
import * as expandGroup from './directory/expandGroup.graph';
import * as resolveName from './directory/resolveName.graph';
import * as createDraft from './draft/create.graph';
import * as sendDraft from './draft/send.graph';
import * as copyEmail from './email/copy.graph';
import * as deleteEmail from './email/delete.graph';
import * as forwardEmail from './email/forward.graph';
import * as getEmail from './email/get.graph';
import * as getManyEmails from './email/getMany.graph';
import * as markEmailAsRead from './email/markAsRead.graph';
import * as markEmailAsUnread from './email/markAsUnread.graph';
import * as moveEmail from './email/move.graph';
import * as replyEmail from './email/reply.graph';
import * as replyAllEmail from './email/replyAll.graph';
import * as sendEmail from './email/send.graph';
import * as updateEmail from './email/update.graph';
import * as createFolder from './folder/create.graph';
import * as getManyFolders from './folder/getMany.graph';
import * as findTime from './freeBusy/findTime.graph';
import * as getFreeBusy from './freeBusy/get.graph';
import type { GraphOperationModule } from './graphTypes';
import * as getManyRooms from './room/getMany.graph';

/**
 * Every operation Microsoft Graph can carry, by resource and operation value, as OPERATIONS lists them for EWS.
 * An operation missing here (Custom EWS Request) refuses to run with a Graph credential and says so.
 */
export const GRAPH_OPERATIONS: Record<string, Record<string, GraphOperationModule>> = {
	email: {
		get: getEmail,
		getMany: getManyEmails,
		send: sendEmail,
		move: moveEmail,
		copy: copyEmail,
		delete: deleteEmail,
		markAsRead: markEmailAsRead,
		markAsUnread: markEmailAsUnread,
		update: updateEmail,
		reply: replyEmail,
		replyAll: replyAllEmail,
		forward: forwardEmail,
	},
	draft: { create: createDraft, send: sendDraft },
	folder: { getMany: getManyFolders, create: createFolder },
	attachment: { getMany: getManyAttachments, download: downloadAttachment },
	directory: { resolveName, expandGroup },
	appointment: {
		create: createAppointment,
		get: getAppointment,
		getMany: getManyAppointments,
		update: updateAppointment,
		cancel: cancelAppointment,
		delete: deleteAppointment,
		respond: respondToAppointment,
	},
	freeBusy: { get: getFreeBusy, findTime },
	room: { getMany: getManyRooms },
};
