import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { EwsId } from '../../ews/fieldTypes';
import { buildFindItem, readFindItem, type FindItemPage } from '../../ews/findItem';
import type { ReadItem } from '../../ews/itemFields';
import { DateTimeInputError, formatEwsDateTime, parseDateTimeInput } from '../../helpers/dateTime';
import { EwsError } from '../../transport/errors';
import { optionsCollection } from '../commonProperties';
import { inputError, readList, readText } from '../fields';
import { distinguishedFolder } from '../folders';
import { readMailbox } from '../mailbox';
import { calendarItemOutput, calendarReadOptions, getCalendarItems, readCalendarSettings, type CalendarReadSettings } from '../output/calendarItems';
import { PAGE_SIZE, readLimit, returnAllProperties } from '../paging';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['appointment'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Window Start',
		name: 'windowStart',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Appointments that end after this time are returned (read in the Time Zone option when it has no offset)',
		displayOptions: { show },
	},
	{
		displayName: 'Window End',
		name: 'windowEnd',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Appointments that start before this time are returned (read in the Time Zone option when it has no offset)',
		displayOptions: { show },
	},
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
		description: 'Applied by the node after reading: Exchange takes no filters with a calendar view',
		options: [
			{
				displayName: 'Categories',
				name: 'categories',
				type: 'string',
				default: '',
				placeholder: 'Customers, Travel',
				description: 'Appointments that have at least one of these categories, separated by commas',
			},
			{
				displayName: 'Show As',
				name: 'showAs',
				type: 'multiOptions',
				options: [
					{ name: 'Busy', value: 'busy' },
					{ name: 'Free', value: 'free' },
					{ name: 'Out of Office', value: 'outOfOffice' },
					{ name: 'Tentative', value: 'tentative' },
					{ name: 'Working Elsewhere', value: 'workingElsewhere' },
				],
				default: [],
				description: 'Appointments shown as one of these in free/busy schedules',
			},
			{
				displayName: 'Subject Contains',
				name: 'subjectContains',
				type: 'string',
				default: '',
				description: 'Appointments whose subject contains this text, ignoring case',
			},
		],
	},
	optionsCollection(show, calendarReadOptions),
];

const SHOW_AS: Record<string, string> = { free: 'Free', tentative: 'Tentative', busy: 'Busy', outOfOffice: 'OOF', workingElsewhere: 'WorkingElsewhere' };

/**
 * Exchange refuses a calendar view spanning more than two years (ErrorCalendarViewRangeTooBig): longer
 * windows are read one year at a time.
 */
const MAX_VIEW_DAYS = 365;

/** What the view reads of each item: enough to filter and to page, the rest comes with GetItem. */
const VIEW_FIELDS = ['itemId', 'subject', 'categories', 'start', 'end', 'legacyFreeBusyStatus'];

/** Whether an appointment's subject, categories and show-as (LegacyFreeBusyStatus) pass the filters. */
export type Filter = (fields: Record<string, unknown>) => boolean;

export function readFilter(context: IExecuteFunctions, itemIndex: number, filters: IDataObject): Filter {
	const subject = readText(context, itemIndex, 'Subject Contains', filters.subjectContains ?? '').toLowerCase();
	const categories = readList(context, itemIndex, 'Categories', filters.categories).map((category) => category.toLowerCase());
	const showAs = (Array.isArray(filters.showAs) ? filters.showAs : []).map((value) => {
		const status = SHOW_AS[String(value)];
		if (!status) throw inputError(context, itemIndex, `"Show As" has an unknown value "${String(value)}"`);
		return status;
	});
	return (fields) =>
		(!subject || String(fields.subject ?? '').toLowerCase().includes(subject)) &&
		(categories.length === 0 || ((fields.categories as string[] | undefined) ?? []).some((category) => categories.includes(category.toLowerCase()))) &&
		(showAs.length === 0 || showAs.includes(String(fields.legacyFreeBusyStatus ?? 'Busy')));
}

export function readWindow(context: IExecuteFunctions, itemIndex: number, zone: string): { start: DateTime; end: DateTime } {
	try {
		const start = parseDateTimeInput(context.getNodeParameter('windowStart', itemIndex, ''), 'Window Start', zone);
		const end = parseDateTimeInput(context.getNodeParameter('windowEnd', itemIndex, ''), 'Window End', zone);
		if (end <= start) {
			throw inputError(context, itemIndex, `"Window End" (${formatEwsDateTime(end)}) must be after "Window Start" (${formatEwsDateTime(start)})`);
		}
		return { start, end };
	} catch (error) {
		if (error instanceof DateTimeInputError) throw inputError(context, itemIndex, error.message);
		throw error;
	}
}

function startOf(item: ReadItem): number {
	return Date.parse(String(item.fields.start ?? ''));
}

/**
 * The calendar items of the window as Exchange's calendar view gives them (series expanded server-side), in
 * start order, each once. A view holds at most a page: when Exchange cuts it, the next view starts at the
 * last item's start, and items already given (those overlapping that instant) are skipped by id.
 */
async function* viewItems(call: ItemCall, mailbox: string | undefined, window: { start: DateTime; end: DateTime }): AsyncIterable<ReadItem> {
	const { client, send } = call;
	const folder = distinguishedFolder(client, mailbox, 'calendar');
	const seen = new Set<string>();
	for (let part = window.start; part < window.end; part = part.plus({ days: MAX_VIEW_DAYS })) {
		const partEnd = DateTime.min(part.plus({ days: MAX_VIEW_DAYS }), window.end);
		let from = part;
		for (;;) {
			const request = buildFindItem(
				{
					folders: [folder],
					kind: 'CalendarItem',
					shape: { base: 'IdOnly', additional: { kind: 'CalendarItem', keys: VIEW_FIELDS } },
					calendarView: { start: formatEwsDateTime(from.toUTC()), end: formatEwsDateTime(partEnd.toUTC()), max: PAGE_SIZE },
				},
				client.version,
			);
			const page: FindItemPage = readFindItem(await send(request, mailbox));
			for (const item of page.items) {
				const id = (item.fields.itemId as EwsId | undefined)?.id;
				if (!id || seen.has(id)) continue;
				seen.add(id);
				yield item;
			}
			if (page.includesLastItemInRange || page.items.length === 0) break;
			const last = startOf(page.items[page.items.length - 1]);
			if (!(last > from.toMillis())) {
				throw new EwsError({
					code: 'TooManyOverlappingAppointments',
					message: `More than ${PAGE_SIZE} appointments overlap ${formatEwsDateTime(from)}, more than one calendar view can page through; narrow the window`,
					processing: 'processed',
				});
			}
			from = DateTime.fromMillis(last, { zone: from.zone });
		}
	}
}

/** Up to a page of items read in full with GetItem (one request); one that went away in between is left out. */
async function readInFull(call: ItemCall, mailbox: string | undefined, items: ReadItem[], settings: CalendarReadSettings): Promise<ReadItem[]> {
	if (items.length === 0) return [];
	const ids = items.map((item) => ({ id: (item.fields.itemId as EwsId).id }));
	const results = await getCalendarItems(call, ids, mailbox, settings);
	return results.flatMap((result) => {
		if ('value' in result) return [result.value];
		if (result.error.code === 'ErrorItemNotFound') return [];
		throw result.error;
	});
}

/**
 * Appointments between Window Start and Window End in the mailbox's calendar, recurring series expanded
 * into their occurrences by Exchange. The filters are applied here: a calendar view takes no restriction.
 */
export async function* read(this: IExecuteFunctions, call: ItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex, client } = call;
	const settings = readCalendarSettings(this, itemIndex, this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const mailbox = readMailbox(this, itemIndex);
	const window = readWindow(this, itemIndex, settings.zone);
	const filter = readFilter(this, itemIndex, this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	let remaining = readLimit(this, itemIndex) ?? Infinity;
	const address = client.access(mailbox).address;

	let batch: ReadItem[] = [];
	const flush = async function* (this: void) {
		const full = await readInFull(call, mailbox, batch, settings);
		batch = [];
		for (const item of full.slice(0, remaining)) {
			remaining--;
			yield { json: calendarItemOutput(item, settings, address) };
		}
	};
	for await (const item of viewItems(call, mailbox, window)) {
		if (!filter(item.fields)) continue;
		batch.push(item);
		if (batch.length >= Math.min(PAGE_SIZE, remaining)) yield* flush();
		if (remaining <= 0) return;
	}
	yield* flush();
}
