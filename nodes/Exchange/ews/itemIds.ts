import { el, type XmlElement } from '../transport/xml';

/** An item named by its EWS id; with a ChangeKey, Exchange refuses the request if the item changed since. */
export interface ItemRef {
	id: string;
	changeKey?: string;
}

export function itemIdElement(item: ItemRef): XmlElement {
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
