import * as downloadAttachment from './attachment/download.graph';
import * as getManyAttachments from './attachment/getMany.graph';
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
import type { GraphOperationModule } from './graphTypes';

/**
 * Every operation Microsoft Graph can carry, by resource and operation value, as OPERATIONS lists them for EWS.
 * An operation missing here refuses to run with a Graph credential and says so.
 */
export const GRAPH_OPERATIONS: Record<string, Record<string, GraphOperationModule>> = {
	attachment: {
		download: downloadAttachment,
		getMany: getManyAttachments,
	},
	draft: {
		create: createDraft,
		send: sendDraft,
	},
	email: {
		copy: copyEmail,
		delete: deleteEmail,
		forward: forwardEmail,
		get: getEmail,
		getMany: getManyEmails,
		markAsRead: markEmailAsRead,
		markAsUnread: markEmailAsUnread,
		move: moveEmail,
		reply: replyEmail,
		replyAll: replyAllEmail,
		send: sendEmail,
		update: updateEmail,
	},
	folder: {
		create: createFolder,
		getMany: getManyFolders,
	},
};
