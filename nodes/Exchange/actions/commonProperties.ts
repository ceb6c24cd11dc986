import type { INodeProperties } from 'n8n-workflow';

/** Parameters several operations offer alike. */

export const bodyTypeProperty: INodeProperties = {
	displayName: 'Body Type',
	name: 'bodyType',
	type: 'options',
	options: [
		{ name: 'Text', value: 'text' },
		{ name: 'HTML', value: 'html' },
	],
	default: 'text',
	description: 'Whether the body is plain text or HTML',
};

export const categoriesProperty: INodeProperties = {
	displayName: 'Categories',
	name: 'categories',
	type: 'string',
	default: '',
	placeholder: 'Customers, Invoices',
	description: 'Outlook categories to set, separated by commas',
};
