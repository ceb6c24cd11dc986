import type { INodeProperties } from 'n8n-workflow';
import * as customRequest from './advanced/customRequest.operation';
import * as cancelAppointment from './appointment/cancel.operation';
import * as createAppointment from './appointment/create.operation';
import * as deleteAppointment from './appointment/delete.operation';
import * as getAppointment from './appointment/get.operation';
import * as getManyAppointments from './appointment/getMany.operation';
import * as respondToAppointment from './appointment/respond.operation';
import * as updateAppointment from './appointment/update.operation';
import * as copyEmail from './email/copy.operation';
import * as deleteEmail from './email/delete.operation';
import * as getEmail from './email/get.operation';
import * as getManyEmails from './email/getMany.operation';
import * as markEmailAsRead from './email/markAsRead.operation';
import * as markEmailAsUnread from './email/markAsUnread.operation';
import * as moveEmail from './email/move.operation';
import * as sendEmail from './email/send.operation';
import * as updateEmail from './email/update.operation';
import * as createFolder from './folder/create.operation';
import * as getManyFolders from './folder/getMany.operation';
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
	},
	folder: { getMany: getManyFolders, create: createFolder },
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
};

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Advanced', value: 'advanced' },
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'Email', value: 'email' },
		{ name: 'Folder', value: 'folder' },
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
			{ name: 'Get', value: 'get', description: 'Get a message by its ID', action: 'Get an email' },
			{ name: 'Get Many', value: 'getMany', description: 'Get the messages of a folder, newest first', action: 'Get many emails' },
			{ name: 'Mark as Read', value: 'markAsRead', description: 'Mark a message as read', action: 'Mark an email as read' },
			{ name: 'Mark as Unread', value: 'markAsUnread', description: 'Mark a message as unread', action: 'Mark an email as unread' },
			{ name: 'Move', value: 'move', description: 'Move a message to a folder', action: 'Move an email' },
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
	...getManyFolders.description,
	...createFolder.description,
	...createAppointment.description,
	...getAppointment.description,
	...getManyAppointments.description,
	...updateAppointment.description,
	...cancelAppointment.description,
	...deleteAppointment.description,
	...respondToAppointment.description,
	...customRequest.description,
];
