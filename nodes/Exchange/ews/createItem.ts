import type { EwsResponseMessage } from '../transport/responses';
import { childNode, el, type XmlElement } from '../transport/xml';
import { id, type EwsId } from './fieldTypes';
import type { BatchRequest, EwsOperation } from './operation';

export const CREATE_ITEM: EwsOperation = { name: 'CreateItem', since: 'Exchange2007' };

export type MessageDisposition = 'SaveOnly' | 'SendOnly' | 'SendAndSaveCopy';
export type SendMeetingInvitations = 'SendToNone' | 'SendOnlyToAll' | 'SendToAllAndSaveCopy';

export interface SavedItemFolder {
	/** A DistinguishedFolderIdNameType value. */
	id: 'sentitems' | 'drafts' | 'calendar' | 'inbox' | 'outbox' | 'deleteditems';
	/** SMTP address of the mailbox owning the folder, when it is not the caller's (delegate access). */
	mailbox?: string;
}

export interface CreateItemRequest {
	items: XmlElement[];
	/** The server requires it whenever a message is among the items. */
	messageDisposition?: MessageDisposition;
	/** The server requires it whenever a calendar item is among the items. */
	sendMeetingInvitations?: SendMeetingInvitations;
	/** Where a saved message copy goes, or the calendar a calendar item is created in. */
	savedItemFolder?: SavedItemFolder;
}

export class CreateItemError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CreateItemError';
	}
}

/** `m:CreateItem`; the envelope declares the m: and t: namespaces. */
export function buildCreateItem(request: CreateItemRequest): XmlElement {
	if (request.items.length === 0) throw new CreateItemError('CreateItem needs at least one item');
	if (request.messageDisposition === 'SendOnly' && request.savedItemFolder !== undefined) {
		// Exchange ignores the folder then, which is why SendOnly cannot send from another mailbox (delegate
		// access): a folder here is a mistake that would otherwise pass silently.
		throw new CreateItemError('A saved-item folder cannot be given with SendOnly: nothing is saved, and Exchange ignores it');
	}
	const folder = request.savedItemFolder;
	return el(
		'm:CreateItem',
		{
			MessageDisposition: request.messageDisposition,
			SendMeetingInvitations: request.sendMeetingInvitations,
		},
		folder !== undefined && savedItemFolderId(folder),
		el('m:Items', undefined, request.items),
	);
}

/** `m:SavedItemFolderId` (CreateItem, SendItem): a distinguished folder, named with its mailbox for a delegate. */
export function savedItemFolderId(folder: SavedItemFolder): XmlElement {
	return el(
		'm:SavedItemFolderId',
		undefined,
		el(
			't:DistinguishedFolderId',
			{ Id: folder.id },
			folder.mailbox !== undefined && el('t:Mailbox', undefined, el('t:EmailAddress', undefined, folder.mailbox)),
		),
	);
}

/** The settings CreateItem applies to all its items, as a request many input items may share. */
export function createItemBatch(settings: Omit<CreateItemRequest, 'items'>): BatchRequest {
	return { operation: CREATE_ITEM, settings, build: (items) => buildCreateItem({ ...settings, items }) };
}

/**
 * The ids in one CreateItemResponseMessage, in document order. Items holds elements of any item type
 * (Message, CalendarItem, ...); messages that were sent without a saved copy come back with empty Items.
 */
export function readCreatedItemIds(responseMessage: EwsResponseMessage): EwsId[] {
	return (childNode(responseMessage.node, 'Items')?.children ?? []).flatMap((item) => {
		const itemId = childNode(item, 'ItemId');
		if (!itemId) return [];
		const created = id.read(itemId);
		if (created.id === '') throw new CreateItemError('The server returned an ItemId without an Id');
		return [created];
	});
}
