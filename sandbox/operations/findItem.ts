import { operationResponse } from '../soap';
import { SortField, SortKey } from '../store';
import { ParsedElement, el } from '../xml';
import { calendarView } from './calendarView';
import { ItemError, OperationHandler } from './context';
import { resolveFolderId } from './folderIds';
import { itemValue } from './itemProperties';
import { itemElement, readItemShape } from './itemShapes';
import { readPageView, takePage } from './paging';
import { compileQueryString } from './queryString';
import { compileRestriction } from './restrictions';
import { respondEach } from './responses';

/**
 * FindItem over the items of each parent folder (Shallow traversal): Restriction and QueryString (both must
 * hold when both are given), SortOrder (FieldOrders, first is primary; default newest received first), then
 * IndexedPageItemView, answered as `m:RootFolder` with TotalItemsInView, IncludesLastItemInRange and
 * IndexedPagingOffset around `t:Items`; or, with CalendarView, the calendar as shown (calendarView.ts).
 */

const SORT_FIELDS: Record<string, SortField> = {
	'item:DateTimeReceived': 'dateTimeReceived',
	'item:DateTimeSent': 'dateTimeSent',
	'item:DateTimeCreated': 'createdAt',
	'item:LastModifiedTime': 'lastModifiedTime',
	'item:Subject': 'subject',
	'item:Size': 'size',
	'item:Importance': 'importance',
	'calendar:Start': 'start',
	'calendar:End': 'end',
};

function readSortOrder(sortOrder: ParsedElement | undefined): SortKey[] {
	return (sortOrder?.children('t:FieldOrder') ?? []).map((order) => {
		const uri = order.child('t:FieldURI')?.attr('FieldURI') ?? '';
		const field = SORT_FIELDS[uri];
		if (!field) throw new ItemError('ErrorUnsupportedPathForSortGroup', `The sandbox does not sort on ${uri || 'that property'}.`);
		return { field, descending: order.attr('Order') === 'Descending' };
	});
}

export const findItem: OperationHandler = (request, context) => {
	const parents = request.child('m:ParentFolderIds')?.children() ?? [];
	return operationResponse(
		'FindItem',
		respondEach('FindItem', undefined, parents, context, (id) => {
			const traversal = request.attr('Traversal');
			if (traversal !== 'Shallow') throw new ItemError('ErrorInvalidOperation', `The sandbox does not serve ${traversal} item traversal.`);
			const unsupportedView = ['m:FractionalPageItemView', 'm:ContactsView', 'm:SeekToConditionPageItemView']
				.map((name) => request.child(name))
				.find(Boolean);
			if (unsupportedView) throw new ItemError('ErrorInvalidOperation', `The sandbox does not serve ${unsupportedView.localName}.`);
			if (request.child('m:GroupBy') || request.child('m:DistinguishedGroupBy')) {
				throw new ItemError('ErrorInvalidOperation', 'The sandbox does not group FindItem results.');
			}
			const shape = readItemShape(request.child('m:ItemShape'), true);
			const restriction = compileRestriction(request.child('m:Restriction'));
			const query = compileQueryString(request.childText('m:QueryString'));
			const folder = resolveFolderId(context, id);
			const view = request.child('m:CalendarView');
			if (view) {
				const found = calendarView(view, request, folder, query);
				return el('m:RootFolder', found.attributes, el('t:Items', {}, found.items.map((item) => itemElement(item, shape, context))));
			}
			const { items } = context.store.listItems(folder, {
				filter: (item) => restriction((uri) => itemValue(item, uri)) && query(item),
				sort: readSortOrder(request.child('m:SortOrder')),
			});
			const page = takePage(items, readPageView(request.child('m:IndexedPageItemView')));
			return el('m:RootFolder', page.attributes, el('t:Items', {}, page.entries.map((item) => itemElement(item, shape, context))));
		}),
	);
};
