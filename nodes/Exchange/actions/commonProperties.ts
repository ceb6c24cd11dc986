import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { LegacyFreeBusyStatus } from '../ews/calendarItem';
import type { DeleteType } from '../ews/deleteItem';
import { inputError } from './fields';

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

/** How an appointment's time shows in free/busy schedules (Appointment → Create, Update). */
export const showAsProperty: INodeProperties = {
	displayName: 'Show As',
	name: 'showAs',
	type: 'options',
	options: [
		{ name: 'Busy', value: 'busy' },
		{ name: 'Free', value: 'free' },
		{ name: 'Out of Office', value: 'outOfOffice' },
		{ name: 'Tentative', value: 'tentative' },
		{ name: 'Working Elsewhere', value: 'workingElsewhere', description: 'Needs Exchange 2013 or later' },
	],
	default: 'busy',
	description: 'How the time shows in free/busy schedules',
};

export const SHOW_AS: Record<string, LegacyFreeBusyStatus> = {
	free: 'Free',
	tentative: 'Tentative',
	busy: 'Busy',
	outOfOffice: 'OOF',
	workingElsewhere: 'WorkingElsewhere',
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

/** How a Delete deletes (Email → Delete, Appointment → Delete). */
export function deleteTypeProperty(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Delete Type',
		name: 'deleteType',
		type: 'options',
		options: [
			{ name: 'Move to Deleted Items', value: 'moveToDeletedItems', description: 'The user can still find it in Deleted Items' },
			{ name: 'Soft Delete', value: 'softDelete', description: 'Out of sight; recoverable with Recover Deleted Items (over Microsoft Graph: Graph\'s delete)' },
			{ name: 'Hard Delete', value: 'hardDelete', description: 'Gone for good (kept only under a litigation hold; over Microsoft Graph: permanentDelete, which the US Government and China clouds lack)' },
		],
		default: 'moveToDeletedItems',
		displayOptions: { show },
	};
}

const DELETE_TYPES: Record<string, DeleteType> = {
	moveToDeletedItems: 'MoveToDeletedItems',
	softDelete: 'SoftDelete',
	hardDelete: 'HardDelete',
};

export function readDeleteType(context: IExecuteFunctions, itemIndex: number): { value: string; type: DeleteType } {
	const value = String(context.getNodeParameter('deleteType', itemIndex, 'moveToDeletedItems'));
	const type = DELETE_TYPES[value];
	if (!type) throw inputError(context, itemIndex, `"Delete Type" "${value}" is not one of moveToDeletedItems, softDelete, hardDelete`);
	return { value, type };
}

/** An appointment's reminder (Appointment → Create, Update). */
export const reminderMinutesProperty: INodeProperties = {
	displayName: 'Reminder (Minutes Before)',
	name: 'reminderMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 15,
	description: 'Minutes before the start to remind; 0 for no reminder',
};
