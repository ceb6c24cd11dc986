import { Folder } from './folders';
import { newChangeKey, newConversation, newId } from './ids';
import { toMime } from './mime';
import { ItemChanges, NewAttachment, NewItem, StoredAttachment, StoredItem } from './types';

/** How items come to be, change and are copied: the rules every store operation shares. */

const RESPONSE_CLASSES = { Accept: 'IPM.Schedule.Meeting.Resp.Pos', Decline: 'IPM.Schedule.Meeting.Resp.Neg', Tentative: 'IPM.Schedule.Meeting.Resp.Tent' };

function defaultItemClass(item: NewItem): string {
	switch (item.kind) {
		case 'message':
			return 'IPM.Note';
		case 'calendarItem':
			return 'IPM.Appointment';
		case 'meetingRequest':
			return 'IPM.Schedule.Meeting.Request';
		case 'meetingResponse':
			return RESPONSE_CLASSES[item.response];
		case 'meetingCancellation':
			return 'IPM.Schedule.Meeting.Canceled';
	}
}

function withId(attachment: NewAttachment, at: Date): StoredAttachment {
	return { ...attachment, id: newId('attachment'), lastModifiedTime: at };
}

/** Recomputes what follows from the content: HasAttachments (inline ones do not count) and the size. */
function refresh(item: StoredItem): void {
	item.hasAttachments = item.attachments.some((a) => !a.isInline);
	item.size = Buffer.byteLength(toMime(item));
}

/** A new item in `folder` from what a caller gave, with ids and every default Exchange would set. */
export function materialize(input: NewItem, folder: Folder, now = new Date()): StoredItem {
	const conversation = input.conversationId && input.conversationIndex ? undefined : newConversation(now);
	const item = {
		categories: [],
		isRead: true,
		flag: { status: 'NotFlagged' },
		createdBy: folder.mailbox,
		createdAt: now,
		dateTimeReceived: now,
		...conversation,
		...input,
		itemClass: input.itemClass ?? defaultItemClass(input),
		id: newId('item'),
		changeKey: newChangeKey(),
		mailbox: folder.mailbox,
		folderId: folder.id,
		attachments: (input.attachments ?? []).map((a) => withId(a, now)),
		hasAttachments: false,
		size: 0,
		lastModifiedTime: now,
	} as StoredItem;
	refresh(item);
	return item;
}

/**
 * The same item under a new id in another folder, as a move or copy leaves it (Exchange gives a moved item a
 * new id); its attachments get new ids too.
 */
export function relocate(item: StoredItem, folder: Folder): StoredItem {
	return {
		...structuredClone(item),
		id: newId('item'),
		changeKey: newChangeKey(),
		mailbox: folder.mailbox,
		folderId: folder.id,
		attachments: item.attachments.map((a) => ({ ...a, id: newId('attachment'), content: Buffer.from(a.content) })),
	};
}

/** An item's content as a caller would hand it to the store again (sending a draft): no ids, attachments copied. */
export function contentOf(item: StoredItem): NewItem {
	const { id: _id, changeKey: _key, mailbox: _mailbox, folderId: _folder, hasAttachments: _has, size: _size, lastModifiedTime: _at, attachments, ...content } = item;
	return {
		...structuredClone(content),
		attachments: attachments.map(({ id: _attachmentId, lastModifiedTime: _modified, ...a }) => ({ ...a, content: Buffer.from(a.content) })),
	} as NewItem;
}

/** Adds an attachment to an item in place (CreateAttachment): the item gets a new ChangeKey, as in Exchange. */
export function attach(item: StoredItem, attachment: NewAttachment, now = new Date()): StoredAttachment {
	const stored = withId(attachment, now);
	item.attachments.push(stored);
	item.changeKey = newChangeKey();
	item.lastModifiedTime = now;
	refresh(item);
	return stored;
}

/**
 * Applies changes in place with a new ChangeKey, and removes the `cleared` properties (UpdateItem's
 * DeleteItemField); says whether only the read flag changed.
 */
export function applyChanges(
	item: StoredItem,
	changes: ItemChanges,
	cleared: ReadonlyArray<keyof ItemChanges> = [],
	now = new Date(),
): { onlyReadFlag: boolean } {
	const changed = Object.keys(changes).filter((key) => changes[key as keyof ItemChanges] !== undefined);
	Object.assign(item, Object.fromEntries(changed.map((key) => [key, changes[key as keyof ItemChanges]])));
	for (const key of cleared) delete (item as Partial<Record<keyof ItemChanges, unknown>>)[key];
	changed.push(...cleared);
	item.changeKey = newChangeKey();
	item.lastModifiedTime = now;
	refresh(item);
	return { onlyReadFlag: changed.length === 1 && changed[0] === 'isRead' };
}

export type SortField = 'dateTimeReceived' | 'dateTimeSent' | 'createdAt' | 'lastModifiedTime' | 'subject' | 'size' | 'importance' | 'start' | 'end';

export interface SortKey {
	field: SortField;
	descending: boolean;
}

export interface ListOptions {
	/** Applied before sorting and paging: FindItem's restriction, built by the operation. */
	filter?: (item: StoredItem) => boolean;
	/** Primary key first. Default: newest received first, as a mail client shows a folder. */
	sort?: SortKey[];
	offset?: number;
	max?: number;
}

export interface ItemPage {
	items: StoredItem[];
	/** Matching items in the folder, before paging (TotalItemsInView). */
	total: number;
	offset: number;
	includesLastItemInRange: boolean;
}

const IMPORTANCE_RANK: Record<string, number> = { Low: 0, Normal: 1, High: 2 };

function sortValue(item: StoredItem, field: SortField): number | string | undefined {
	switch (field) {
		case 'subject':
			return (item.subject ?? '').toLowerCase();
		case 'importance':
			return IMPORTANCE_RANK[item.importance ?? 'Normal'] ?? 1;
		case 'start':
		case 'end':
			return item.kind === 'calendarItem' || item.kind === 'meetingRequest' ? item[field]?.instant.getTime() : undefined;
		case 'size':
			return item.size;
		default:
			return item[field]?.getTime();
	}
}

function compare(a: StoredItem, b: StoredItem, keys: SortKey[]): number {
	for (const { field, descending } of keys) {
		const x = sortValue(a, field);
		const y = sortValue(b, field);
		if (x === y) continue;
		// Items without the value sort first ascending, last descending, as Exchange does with nulls.
		const order = x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1;
		return descending ? -order : order;
	}
	return 0;
}

export function listItems(folder: Folder, options: ListOptions = {}): ItemPage {
	const matching = options.filter ? folder.items.filter(options.filter) : [...folder.items];
	const keys = options.sort?.length ? options.sort : [{ field: 'dateTimeReceived' as const, descending: true }];
	// Stable sort over insertion order: items received in the same millisecond keep arrival order, newest first.
	const sorted = matching
		.map((item, index) => ({ item, index }))
		.sort((a, b) => compare(a.item, b.item, keys) || (keys[0].descending ? b.index - a.index : a.index - b.index))
		.map(({ item }) => item);
	const offset = Math.max(0, options.offset ?? 0);
	const items = sorted.slice(offset, options.max === undefined ? undefined : offset + options.max);
	return { items, total: sorted.length, offset, includesLastItemInRange: offset + items.length >= sorted.length };
}
