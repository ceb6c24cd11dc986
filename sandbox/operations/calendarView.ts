import { occurrencesBetween } from '../mailbox/recurrence';
import { Folder, StoredCalendarItem, StoredItem } from '../store';
import { BuiltAttributes, ParsedElement } from '../xml';
import { ItemError } from './context';

/**
 * FindItem's CalendarView: the calendar items overlapping [StartDate, EndDate) as a calendar shows them,
 * recurring series expanded into their occurrences (masters are not listed), in start order. Exchange takes
 * no Restriction or SortOrder with it, refuses a range over two years (ErrorCalendarViewRangeTooBig) and,
 * past MaxEntriesReturned, answers the first ones with IncludesLastItemInRange false.
 */

const MAX_RANGE_YEARS = 2;

function instant(view: ParsedElement, name: string): Date {
	const text = view.attr(name) ?? '';
	const at = new Date(text);
	if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) throw new ItemError('ErrorInvalidRequest', `The ${name} '${text}' is not a valid date and time.`);
	return at;
}

function overlaps(item: StoredCalendarItem, from: Date, to: Date): boolean {
	const start = item.start?.instant.getTime();
	if (start === undefined) return false;
	const end = item.end?.instant.getTime() ?? start;
	return start < to.getTime() && (end > from.getTime() || (end === start && start >= from.getTime()));
}

export function calendarView(
	view: ParsedElement,
	request: ParsedElement,
	folder: Folder,
	filter: (item: StoredItem) => boolean,
): { items: StoredItem[]; attributes: BuiltAttributes } {
	if (request.child('m:Restriction') || request.child('m:SortOrder')) {
		throw new ItemError('ErrorInvalidRestriction', 'Restrictions and sort order may not be specified for a CalendarView.');
	}
	if (folder.folderType !== 'CalendarFolder') {
		throw new ItemError('ErrorCalendarFolderIsInvalidForCalendarView', 'The folder is not a calendar folder, so a calendar view cannot be used on it.');
	}
	const from = instant(view, 'StartDate');
	const to = instant(view, 'EndDate');
	if (to < from) throw new ItemError('ErrorCalendarEndDateIsEarlierThanStartDate', 'EndDate is earlier than StartDate');
	const limit = new Date(from);
	limit.setUTCFullYear(limit.getUTCFullYear() + MAX_RANGE_YEARS);
	if (to > limit) throw new ItemError('ErrorCalendarViewRangeTooBig', 'The calendar view range is too big: it may span two years at most.');

	const all = folder.calendarItems().flatMap((item) => (item.recurrence ? occurrencesBetween(item, from, to) : overlaps(item, from, to) ? [item] : []));
	const items = all.filter(filter).sort((a, b) => (a.start?.instant.getTime() ?? 0) - (b.start?.instant.getTime() ?? 0));
	const max = view.attr('MaxEntriesReturned');
	const shown = max === undefined ? items : items.slice(0, Number(max));
	return { items: shown, attributes: { TotalItemsInView: items.length, IncludesLastItemInRange: shown.length === items.length ? 'true' : 'false' } };
}
