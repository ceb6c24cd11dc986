import type { INodeProperties } from 'n8n-workflow';
import * as customRequest from './advanced/customRequest.operation';
import * as createAppointment from './appointment/create.operation';
import * as getEmail from './email/get.operation';
import * as sendEmail from './email/send.operation';
import { mailboxProperty } from './mailbox';
import type { OperationModule } from './types';

/** Every operation, by resource and operation value: the router and the node description both read it. */
export const OPERATIONS: Record<string, Record<string, OperationModule>> = {
	email: { get: getEmail, send: sendEmail },
	appointment: { create: createAppointment },
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
			{ name: 'Get', value: 'get', description: 'Get a message by its ID', action: 'Get an email' },
			{ name: 'Send', value: 'send', description: 'Send an email', action: 'Send an email' },
		],
		default: 'send',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['appointment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an appointment or a meeting in a calendar',
				action: 'Create an appointment',
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
	...sendEmail.description,
	...createAppointment.description,
	...customRequest.description,
];
