import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import type { ReadItem } from '../ews/itemFields';
import type { Recipient } from '../helpers/recipients';
import { readList, readText } from '../actions/fields';

/** The trigger's Filters: which of the messages that arrived it emits. Checked on what GetItem read. */

export interface MessageFilters {
	unreadOnly: boolean;
	/** Lower-case addresses, or domains starting with @. */
	from: string[];
	subjectContains?: string;
	hasAttachments: boolean;
	categories: string[];
}

export function readFilters(context: IPollFunctions): MessageFilters {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const subject = readText(context, 0, 'Subject Contains', filters.subjectContains).trim();
	return {
		unreadOnly: filters.unreadOnly === true,
		from: readList(context, 0, 'From', filters.from).map((entry) => entry.toLowerCase()),
		subjectContains: subject ? subject.toLowerCase() : undefined,
		hasAttachments: filters.hasAttachments === true,
		categories: readList(context, 0, 'Categories', filters.categories).map((entry) => entry.toLowerCase()),
	};
}

/** The fields the filters look at, which GetItem must read whatever the output shape. */
export const FILTERED_FIELDS = ['isRead', 'from', 'subject', 'hasAttachments', 'categories'] as const;

function fromMatches(wanted: string[], from: Recipient | undefined): boolean {
	const address = from?.address.toLowerCase() ?? '';
	return wanted.some((entry) => (entry.startsWith('@') ? address.endsWith(entry) : address === entry));
}

export function passesFilters(filters: MessageFilters, message: ReadItem): boolean {
	const f = message.fields;
	if (filters.unreadOnly && f.isRead !== false) return false;
	if (filters.from.length > 0 && !fromMatches(filters.from, f.from as Recipient | undefined)) return false;
	if (filters.subjectContains && !String(f.subject ?? '').toLowerCase().includes(filters.subjectContains)) return false;
	if (filters.hasAttachments && f.hasAttachments !== true) return false;
	if (filters.categories.length > 0) {
		const categories = ((f.categories as string[] | undefined) ?? []).map((c) => c.toLowerCase());
		if (!filters.categories.some((c) => categories.includes(c))) return false;
	}
	return true;
}
