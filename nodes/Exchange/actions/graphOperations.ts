import * as downloadAttachment from './attachment/download.graph';
import * as getManyAttachments from './attachment/getMany.graph';
import * as copyEmail from './email/copy.graph';
import * as deleteEmail from './email/delete.graph';
import * as getEmail from './email/get.graph';
import * as getManyEmails from './email/getMany.graph';
import * as markEmailAsRead from './email/markAsRead.graph';
import * as markEmailAsUnread from './email/markAsUnread.graph';
import * as moveEmail from './email/move.graph';
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
	email: {
		copy: copyEmail,
		delete: deleteEmail,
		get: getEmail,
		getMany: getManyEmails,
		markAsRead: markEmailAsRead,
		markAsUnread: markEmailAsUnread,
		move: moveEmail,
		update: updateEmail,
	},
	folder: {
		create: createFolder,
		getMany: getManyFolders,
	},
};
