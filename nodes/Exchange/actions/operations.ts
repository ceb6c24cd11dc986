import type { INodeProperties } from 'n8n-workflow';
import * as customRequest from './advanced/customRequest.operation';
import * as cancelAppointment from './appointment/cancel.operation';
import * as createAppointment from './appointment/create.operation';
import * as deleteAppointment from './appointment/delete.operation';
import * as getAppointment from './appointment/get.operation';
import * as getManyAppointments from './appointment/getMany.operation';
import * as respondToAppointment from './appointment/respond.operation';
import * as updateAppointment from './appointment/update.operation';
import * as downloadAttachment from './attachment/download.operation';
import * as getManyAttachments from './attachment/getMany.operation';
import * as expandGroup from './directory/expandGroup.operation';
import * as resolveName from './directory/resolveName.operation';
import * as createDraft from './draft/create.operation';
import * as sendDraft from './draft/send.operation';
import * as copyEmail from './email/copy.operation';
import * as deleteEmail from './email/delete.operation';
import * as forwardEmail from './email/forward.operation';
import * as getEmail from './email/get.operation';
import * as getManyEmails from './email/getMany.operation';
import * as markEmailAsRead from './email/markAsRead.operation';
import * as markEmailAsUnread from './email/markAsUnread.operation';
import * as moveEmail from './email/move.operation';
import * as replyEmail from './email/reply.operation';
import * as replyAllEmail from './email/replyAll.operation';
import * as sendEmail from './email/send.operation';
import * as updateEmail from './email/update.operation';
import * as createFolder from './folder/create.operation';
import * as getManyFolders from './folder/getMany.operation';
import * as findTime from './freeBusy/findTime.operation';
import * as getFreeBusy from './freeBusy/get.operation';
import * as getManyRooms from './room/getMany.operation';
import { mailboxProperty } from './mailbox';
import type { OperationModule } from './types';

/** Every operation, by resource and operation value: the router and the node description both read it. */
export const OPERATIONS: Record<string, Record<string, OperationModule>> = {
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
	advanced: { customRequest },
	freeBusy: { get: getFreeBusy, findTime },
	room: { getMany: getManyRooms },
};

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Advanced', value: 'advanced' },
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'Attachment', value: 'attachment' },
		{ name: 'Directory', value: 'directory' },
		{ name: 'Draft', value: 'draft' },
		{ name: 'Email', value: 'email' },
		{ name: 'Folder', value: 'folder' },
		{ name: 'Free/Busy', value: 'freeBusy' },
		{ name: 'Room', value: 'room' },
	],
	default: 'email',
};

const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['email'] } },
		options: [
			{ name: 'Copy', value: 'copy', description: 'Copy a message to a folder', action: 'Copy an email' },
			{ name: 'Delete', value: 'delete', description: 'Delete a message', action: 'Delete an email' },
			{
				name: 'Forward',
				value: 'forward',
				description: 'Forward a message, with your text above the original',
				action: 'Forward an email',
			},
			{ name: 'Get', value: 'get', description: 'Get a message by its ID', action: 'Get an email' },
			{ name: 'Get Many', value: 'getMany', description: 'Get the messages of a folder, newest first', action: 'Get many emails' },
			{ name: 'Mark as Read', value: 'markAsRead', description: 'Mark a message as read', action: 'Mark an email as read' },
			{ name: 'Mark as Unread', value: 'markAsUnread', description: 'Mark a message as unread', action: 'Mark an email as unread' },
			{ name: 'Move', value: 'move', description: 'Move a message to a folder', action: 'Move an email' },
			{ name: 'Reply', value: 'reply', description: 'Reply to the sender of a message', action: 'Reply to an email' },
			{
				name: 'Reply All',
				value: 'replyAll',
				description: 'Reply to the sender and all recipients of a message',
				action: 'Reply to all recipients of an email',
			},
			{ name: 'Send', value: 'send', description: 'Send an email', action: 'Send an email' },
			{
				name: 'Update',
				value: 'update',
				description: 'Change a message\'s categories, flag, importance or subject',
				action: 'Update an email',
			},
		],
		default: 'send',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['folder'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a folder in a mailbox', action: 'Create a folder' },
			{ name: 'Get Many', value: 'getMany', description: 'Get the folders below a folder', action: 'Get many folders' },
		],
		default: 'getMany',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['draft'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Save a new message in the Drafts folder', action: 'Create a draft' },
			{ name: 'Send', value: 'send', description: 'Send a saved draft by its ID', action: 'Send a draft' },
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['appointment'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a meeting the mailbox organizes, with a message to the attendees',
				action: 'Cancel a meeting',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create an appointment or a meeting in a calendar',
				action: 'Create an appointment',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an appointment (a meeting the mailbox organizes is cancelled for its attendees)',
				action: 'Delete an appointment',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an appointment, a series or one occurrence by its ID',
				action: 'Get an appointment',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the appointments between two times, recurring series expanded into occurrences',
				action: 'Get many appointments',
			},
			{
				name: 'Respond',
				value: 'respond',
				description: 'Accept, tentatively accept or decline a meeting request or meeting',
				action: 'Respond to a meeting',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change an appointment\'s time, place, attendees or other fields, and tell the attendees',
				action: 'Update an appointment',
			},
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['attachment'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Download one attachment of a message as a file',
				action: 'Download an attachment',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the attachments of a message, optionally with their files',
				action: 'Get many attachments',
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['directory'] } },
		options: [
			{
				name: 'Expand Group',
				value: 'expandGroup',
				description: 'List the members of a distribution group',
				action: 'Expand a distribution group',
			},
			{
				name: 'Resolve Name',
				value: 'resolveName',
				description: 'Find who a name or an e-mail address is in the directory',
				action: 'Resolve a name',
			},
		],
		default: 'resolveName',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['advanced'] } },
		options: [
			{
				name: 'Custom EWS Request',
				value: 'customRequest',
				description: 'Send any EWS operation written as XML and get Exchange\'s answer as JSON',
				action: 'Send a custom EWS request',
			},
		],
		default: 'customRequest',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['freeBusy'] } },
		options: [
			{
				name: 'Find a Time',
				value: 'findTime',
				description: 'Find the first slots when all the people and one of the rooms are free',
				action: 'Find a time',
			},
			{ name: 'Get', value: 'get', description: 'Get the busy times of people and rooms', action: 'Get free busy times' },
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['room'] } },
		options: [{ name: 'Get Many', value: 'getMany', description: 'Get the room lists, or the rooms in a list', action: 'Get many rooms' }],
		default: 'getMany',
	},
];

export const operationDescriptions: INodeProperties[] = [
	resourceProperty,
	...operationProperties,
	{ ...mailboxProperty },
	...getEmail.description,
	...getManyEmails.description,
	...sendEmail.description,
	...moveEmail.description,
	...copyEmail.description,
	...deleteEmail.description,
	...markEmailAsRead.description,
	...markEmailAsUnread.description,
	...updateEmail.description,
	...replyEmail.description,
	...replyAllEmail.description,
	...forwardEmail.description,
	...createDraft.description,
	...sendDraft.description,
	...getManyFolders.description,
	...createFolder.description,
	...createAppointment.description,
	...getAppointment.description,
	...getManyAppointments.description,
	...getManyAttachments.description,
	...downloadAttachment.description,
	...resolveName.description,
	...expandGroup.description,
	...updateAppointment.description,
	...cancelAppointment.description,
	...deleteAppointment.description,
	...respondToAppointment.description,
	...customRequest.description,
	...getFreeBusy.description,
	...findTime.description,
	...getManyRooms.description,
];
