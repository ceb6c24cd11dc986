import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildFindItem, readFindItem } from '../../ews/findItem';
import { buildGetItem, readGetItem } from '../../ews/getItem';
import type { ReadItem } from '../../ews/itemFields';
import type { Condition } from '../../ews/restriction';
import { DateTimeInputError, formatEwsDateTime, parseDateTimeInput } from '../../helpers/dateTime';
import { importanceProperty, optionsCollection } from '../commonProperties';
import { inputError, readList, readText } from '../fields';
import { folderLocator, resolveFolder } from '../folders';
import { readMailbox } from '../mailbox';
import { messageExecutionItem, messageReadOptions, messageShape, readMessageSettings } from '../output/messageItems';
import { pages, readLimit, returnAllProperties } from '../paging';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['email'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	folderLocator('Folder', 'The folder to read messages from', show),
	...returnAllProperties.map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...property.displayOptions?.show } },
	})),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Categories',
				name: 'categories',
				type: 'string',
				default: '',
				placeholder: 'Invoices, Customers',
				description: 'Messages that have at least one of these categories, separated by commas',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: 'invoices@contoso.com',
				description: 'Messages whose sender\'s address or name contains this text',
			},
			{
				displayName: 'Has Attachments',
				name: 'hasAttachments',
				type: 'boolean',
				default: true,
				description: 'Whether to return only messages with attachments (on) or only messages without (off)',
			},
			importanceProperty('high'),
			{
				displayName: 'Received After',
				name: 'receivedAfter',
				type: 'dateTime',
				default: '',
				description: 'Messages received after this time (in the workflow\'s time zone unless it has an offset)',
			},
			{
				displayName: 'Received Before',
				name: 'receivedBefore',
				type: 'dateTime',
				default: '',
				description: 'Messages received before this time (in the workflow\'s time zone unless it has an offset)',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'subject:invoice hasattachment:true',
				description:
					'A search in Outlook\'s search box syntax (AQS). Exchange cannot combine it with the other filters in one request: use it alone. Over Microsoft Graph it is Graph\'s $search (KQL), whose results come newest sent first.',
			},
			{
				displayName: 'Subject Contains',
				name: 'subjectContains',
				type: 'string',
				default: '',
				description: 'Messages whose subject contains this text, ignoring case',
			},
			{
				displayName: 'To Me',
				name: 'toMe',
				type: 'boolean',
				default: true,
				description: 'Whether to return only messages that name the mailbox in To',
			},
			{
				displayName: 'Unread Only',
				name: 'unreadOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to return only unread messages',
			},
		],
	},
	optionsCollection(show, messageReadOptions),
];

const IMPORTANCE: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };

const FILTER_LABELS: Record<string, string> = {
	unreadOnly: 'Unread Only',
	from: 'From',
	toMe: 'To Me',
	subjectContains: 'Subject Contains',
	receivedAfter: 'Received After',
	receivedBefore: 'Received Before',
	hasAttachments: 'Has Attachments',
	categories: 'Categories',
	importance: 'Importance',
};

export interface Search {
	restriction?: Condition;
	queryString?: string;
}

function receivedTime(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown): string {
	try {
		return formatEwsDateTime(parseDateTimeInput(value, label, context.getTimezone()).toUTC());
	} catch (error) {
		if (error instanceof DateTimeInputError) throw inputError(context, itemIndex, error.message);
		throw error;
	}
}

/** The item's filters as one restriction (all must hold), or its AQS search alone. */
export function readSearch(context: IExecuteFunctions, itemIndex: number, filters: IDataObject, mailboxAddress: string | undefined): Search {
	// Unread Only and To Me switched off narrow nothing; Has Attachments off does (messages without).
	const narrowing = (key: string) =>
		filters[key] !== '' && filters[key] !== undefined && filters[key] !== null && !(filters[key] === false && (key === 'unreadOnly' || key === 'toMe'));
	const given = Object.keys(filters).filter(narrowing);
	if (given.includes('search')) {
		const others = given.filter((key) => key !== 'search').map((key) => `"${FILTER_LABELS[key] ?? key}"`);
		if (others.length > 0) {
			throw inputError(
				context,
				itemIndex,
				`"Search" cannot be combined with ${others.join(', ')}: Exchange takes a search (AQS) or filters in one request, not both. Put the conditions into the search (e.g. isread:false) or remove the search`,
			);
		}
		return { queryString: readText(context, itemIndex, 'Search', filters.search).trim() || undefined };
	}
	const conditions: Condition[] = [];
	if (filters.unreadOnly === true) conditions.push({ field: 'isRead', compare: 'IsEqualTo', value: false });
	const from = readText(context, itemIndex, 'From', filters.from ?? '').trim();
	if (from) conditions.push({ field: 'from', contains: from });
	if (filters.toMe === true) {
		if (!mailboxAddress) {
			throw inputError(context, itemIndex, '"To Me" needs the mailbox\'s address: enter it in "Mailbox" (the credential\'s user name is not an e-mail address)');
		}
		conditions.push({ field: 'to', contains: mailboxAddress });
	}
	const subject = readText(context, itemIndex, 'Subject Contains', filters.subjectContains ?? '');
	if (subject) conditions.push({ field: 'subject', contains: subject });
	if (filters.receivedAfter) {
		conditions.push({ field: 'receivedAt', compare: 'IsGreaterThan', value: receivedTime(context, itemIndex, 'Received After', filters.receivedAfter) });
	}
	if (filters.receivedBefore) {
		conditions.push({ field: 'receivedAt', compare: 'IsLessThan', value: receivedTime(context, itemIndex, 'Received Before', filters.receivedBefore) });
	}
	if (typeof filters.hasAttachments === 'boolean') conditions.push({ field: 'hasAttachments', compare: 'IsEqualTo', value: filters.hasAttachments });
	const categories = readList(context, itemIndex, 'Categories', filters.categories);
	if (categories.length > 0) conditions.push({ or: categories.map((category) => ({ field: 'categories', contains: category, mode: 'FullString' as const })) });
	if (typeof filters.importance === 'string' && filters.importance) {
		const importance = IMPORTANCE[filters.importance];
		if (!importance) throw inputError(context, itemIndex, `"Importance" "${filters.importance}" is not one of low, normal, high`);
		conditions.push({ field: 'importance', compare: 'IsEqualTo', value: importance });
	}
	return conditions.length > 0 ? { restriction: { and: conditions } } : {};
}

/**
 * FindItem pages of ids, newest first, each page then read with GetItem in one request and turned into
 * output (attachments included) before the next page is asked for.
 */
export async function* read(this: IExecuteFunctions, call: ItemCall): AsyncIterable<INodeExecutionData> {
	const { client, itemIndex, send } = call;
	const settings = readMessageSettings(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const mailbox = readMailbox(this, itemIndex);
	const search = readSearch(this, itemIndex, this.getNodeParameter('filters', itemIndex, {}) as IDataObject, client.access(mailbox).address);
	const limit = readLimit(this, itemIndex);
	const folder = await resolveFolder(this, itemIndex, client, mailbox);

	const fetch = async (offset: number, size: number) => {
		const request = buildFindItem(
			{
				folders: [folder.ref],
				kind: 'Message',
				shape: { base: 'IdOnly' },
				page: { offset, size },
				sort: [{ field: 'receivedAt', descending: true }],
				...search,
			},
			client.version,
		);
		const found = readFindItem(await send(request, mailbox));
		const ids = found.items.flatMap((item) => {
			const itemId = item.fields.itemId as { id: string } | undefined;
			return itemId ? [{ id: itemId.id }] : [];
		});
		if (ids.length === 0) return { items: [], nextOffset: found.nextOffset };
		const read = readGetItem(await send(buildGetItem({ items: ids, shape: messageShape(settings) }, client.version), mailbox));
		// A message deleted or moved between FindItem and GetItem is no longer in the folder: left out.
		const items: ReadItem[] = [];
		for (const result of read) {
			if ('value' in result) items.push(result.value);
			else if (result.error.code !== 'ErrorItemNotFound') throw result.error;
		}
		return { items, nextOffset: found.nextOffset };
	};
	for await (const message of pages(fetch, limit)) yield await messageExecutionItem(this, message, settings, call, mailbox);
}
