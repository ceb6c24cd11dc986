import { el, type XmlElement } from '../transport/xml';

/** An item named by its EWS id; with a ChangeKey, Exchange refuses the request if the item changed since. */
export interface ItemRef {
	id: string;
	changeKey?: string;
	/** The occurrence of the recurring series whose master `id` names, counted from 1. */
	instanceIndex?: number;
}

/** `t:ItemId`, or `t:OccurrenceItemId` (the master's id and the instance's index) for one occurrence of a series. */
export function itemIdElement(item: ItemRef): XmlElement {
	if (item.instanceIndex !== undefined) {
		return el('t:OccurrenceItemId', { RecurringMasterId: item.id, ChangeKey: item.changeKey, InstanceIndex: String(item.instanceIndex) });
	}
	return el('t:ItemId', { Id: item.id, ChangeKey: item.changeKey });
}

/**
 * Whether a text can be an EWS item id: base64 of a binary id (URL-safe variants included), as Exchange
 * hands them out. Checked before sending, so a pasted subject or address fails as bad input, not as a
 * malformed-id error of the whole request.
 */
export function looksLikeItemId(text: string): boolean {
	return text.length >= 16 && text.length <= 2048 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(text);
}
