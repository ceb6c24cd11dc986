import type { EwsAnswer } from '../transport/responses';
import type { ExchangeVersion } from '../transport/settings';
import { childNode, el, textEl, type XmlElement } from '../transport/xml';
import { folderIdElement, type FolderRef } from './folderIds';
import { fieldOf, readItem, type ItemKind, type ReadItem } from './itemFields';
import { itemShapeElement, type ItemShape } from './itemShape';
import { onlyValue, perMessage, type EwsOperation } from './operation';
import { restrictionElement, type Condition } from './restriction';

export const FIND_ITEM: EwsOperation = { name: 'FindItem', since: 'Exchange2007' };
/** AQS in m:QueryString came with Exchange 2010. */
export const QUERY_STRING_SINCE = 'Exchange2010';

/** The most items one FindItem page asks for: Exchange's default EWSFindCountLimit is 1000. */
export const MAX_PAGE_SIZE = 1000;

export interface FindItemRequest {
	folders: FolderRef[];
	/** Fields of this kind are what the shape, the restriction and the sort order name. */
	kind: ItemKind;
	shape: ItemShape;
	/** IndexedPageItemView; or `calendarView` instead. */
	page?: { offset: number; size: number };
	/**
	 * CalendarView: the calendar items overlapping [start, end), series expanded into occurrences, at most
	 * `max`. Exchange takes no Restriction, SortOrder or search with it.
	 */
	calendarView?: { start: string; end: string; max: number };
	traversal?: 'Shallow' | 'SoftDeleted' | 'Associated';
	restriction?: Condition;
	/** Field keys, first decides; `descending` for newest first. */
	sort?: Array<{ field: string; descending?: boolean }>;
	/** An AQS search (Outlook's search box syntax); Exchange does not take it together with a restriction. */
	queryString?: string;
}

export class FindItemError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FindItemError';
	}
}

/** `m:FindItem`: ItemShape, IndexedPageItemView or CalendarView, Restriction, SortOrder, ParentFolderIds, QueryString. */
export function buildFindItem(request: FindItemRequest, version: ExchangeVersion): XmlElement {
	if (request.restriction && request.queryString !== undefined) {
		throw new FindItemError('A search (AQS) cannot be combined with filters in one FindItem request');
	}
	const size = request.calendarView?.max ?? request.page?.size;
	if (size === undefined || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
		throw new FindItemError(`A FindItem page holds 1 to ${MAX_PAGE_SIZE} items, not ${size}`);
	}
	if (request.calendarView && (request.restriction || request.sort || request.queryString !== undefined)) {
		throw new FindItemError('A calendar view takes no filters, sort order or search in EWS: filter its items after reading them');
	}
	return el(
		'm:FindItem',
		{ Traversal: request.traversal ?? 'Shallow' },
		itemShapeElement(request.shape, version),
		request.calendarView
			? el('m:CalendarView', { MaxEntriesReturned: request.calendarView.max, StartDate: request.calendarView.start, EndDate: request.calendarView.end })
			: request.page && el('m:IndexedPageItemView', { MaxEntriesReturned: request.page.size, Offset: request.page.offset, BasePoint: 'Beginning' }),
		request.restriction && restrictionElement(request.kind, request.restriction),
		request.sort &&
			request.sort.length > 0 &&
			el(
				'm:SortOrder',
				undefined,
				request.sort.map((order) =>
					el('t:FieldOrder', { Order: order.descending ? 'Descending' : 'Ascending' }, el('t:FieldURI', { FieldURI: fieldOf(request.kind, order.field).uri })),
				),
			),
		el('m:ParentFolderIds', undefined, request.folders.map(folderIdElement)),
		textEl('m:QueryString', request.queryString),
	);
}

export interface FindItemPage {
	/** Items of any kind, in the order Exchange sorted them. */
	items: ReadItem[];
	totalItemsInView?: number;
	/** Where the next page starts; absent on the last page. */
	nextOffset?: number;
	/** False when Exchange left items out (a calendar view cut at MaxEntriesReturned). */
	includesLastItemInRange: boolean;
}

/** The page of a one-folder FindItem; Exchange's error for the folder is thrown. */
export function readFindItem(answer: EwsAnswer): FindItemPage {
	return onlyValue(
		perMessage(answer, (message) => {
			const root = childNode(message.node, 'RootFolder');
			const items = (childNode(root, 'Items')?.children ?? []).map(readItem);
			const total = root?.attrs.TotalItemsInView;
			const next = root?.attrs.IndexedPagingOffset;
			const last = root?.attrs.IncludesLastItemInRange !== 'false';
			return {
				items,
				totalItemsInView: total === undefined ? undefined : Number(total),
				nextOffset: last || next === undefined || items.length === 0 ? undefined : Number(next),
				includesLastItemInRange: last,
			};
		}),
	);
}
