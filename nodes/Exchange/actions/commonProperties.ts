import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

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

/** A message's importance, as Outlook names it; the default is what the operation assumes when nothing is chosen. */
export function importanceProperty(defaultValue: 'low' | 'normal' | 'high'): INodeProperties {
	return {
		displayName: 'Importance',
		name: 'importance',
		type: 'options',
		options: [
			{ name: 'Low', value: 'low' },
			{ name: 'Normal', value: 'normal' },
			{ name: 'High', value: 'high' },
		],
		default: defaultValue,
		description: 'The message\'s importance, as Outlook shows it',
	};
}

/**
 * A collection's fields in n8n's order (alphabetical by label, its lint rule node-param-collection-type-unsorted-items):
 * fields shared through spreads (batchingOptions...) cannot be placed by hand, and the linter does not see them.
 */
export function alphabetized(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** An operation's Options collection. */
export function optionsCollection(show: NonNullable<IDisplayOptions['show']>, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: alphabetized(options),
	};
}

/** Whether a message sent (Email → Send, Draft → Send) leaves a copy in Sent Items. */
export const saveToSentItemsProperty: INodeProperties = {
	displayName: 'Save to Sent Items',
	name: 'saveToSentItems',
	type: 'boolean',
	default: true,
	description: 'Whether to keep a copy in the Sent Items folder of the sending mailbox',
};
