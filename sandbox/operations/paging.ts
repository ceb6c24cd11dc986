import { BuiltAttributes, ParsedElement } from '../xml';

/**
 * IndexedPageItemView / IndexedPageFolderView over an ordered result, and the paging attributes of the
 * answer's RootFolder (FindResponsePagingAttributes). Per the IndexedPageItemView reference: from the
 * Beginning, Offset counts forward; from the End it counts backward, the page ends `Offset` entries before
 * the end and reaches back MaxEntriesReturned entries, and the next page's offset (from the end) is the
 * given one plus the entries returned. Without a view, everything is returned.
 */

export interface PageView {
	max?: number;
	offset: number;
	fromEnd: boolean;
}

export interface Page<T> {
	entries: T[];
	attributes: BuiltAttributes;
}

export function readPageView(view: ParsedElement | undefined): PageView {
	const max = view?.attr('MaxEntriesReturned');
	return {
		max: max === undefined ? undefined : Number(max),
		offset: Math.max(0, Number(view?.attr('Offset') ?? 0)),
		fromEnd: view?.attr('BasePoint') === 'End',
	};
}

export function takePage<T>(all: T[], view: PageView): Page<T> {
	const total = all.length;
	let start: number;
	let end: number;
	if (view.fromEnd) {
		end = Math.max(0, total - view.offset);
		start = view.max === undefined ? 0 : Math.max(0, end - view.max);
	} else {
		start = Math.min(total, view.offset);
		end = view.max === undefined ? total : Math.min(total, start + view.max);
	}
	const entries = all.slice(start, end);
	const includesLast = view.fromEnd ? start === 0 : end >= total;
	return {
		entries,
		attributes: {
			IndexedPagingOffset: view.offset + entries.length,
			TotalItemsInView: total,
			IncludesLastItemInRange: includesLast ? 'true' : 'false',
		},
	};
}
