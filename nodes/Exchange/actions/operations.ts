import type { INodeProperties } from 'n8n-workflow';
import * as createAppointment from './appointment/create.operation';
import * as sendEmail from './email/send.operation';
import { mailboxProperty } from './mailbox';
import type { OperationModule } from './types';

/** Every operation, by resource and operation value: the router and the node description both read it. */
export const OPERATIONS: Record<string, Record<string, OperationModule>> = {
	email: { send: sendEmail },
	appointment: { create: createAppointment },
};

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
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
		options: [{ name: 'Send', value: 'send', description: 'Send an email', action: 'Send an email' }],
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
];

export const operationDescriptions: INodeProperties[] = [
	resourceProperty,
	...operationProperties,
	{ ...mailboxProperty },
	...sendEmail.description,
	...createAppointment.description,
];
