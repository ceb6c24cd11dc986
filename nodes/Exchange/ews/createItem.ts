import { asArray, childObject, el, type XmlElement, type XmlObject } from '../transport/xml';

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
		folder !== undefined &&
			el(
				'm:SavedItemFolderId',
				undefined,
				el(
					't:DistinguishedFolderId',
					{ Id: folder.id },
					folder.mailbox !== undefined && el('t:Mailbox', undefined, el('t:EmailAddress', undefined, folder.mailbox)),
				),
			),
		el('m:Items', undefined, request.items),
	);
}

export interface CreatedItemId {
	id: string;
	changeKey: string;
}

/**
 * The ItemIds in one CreateItemResponseMessage, parsed by parseXml. Items holds elements of any item type
 * (Message, CalendarItem, ...); messages that were sent without a saved copy come back with empty Items.
 */
export function readCreatedItemIds(responseMessage: XmlObject): CreatedItemId[] {
	const items = childObject(responseMessage, 'Items');
	if (items === undefined) return [];
	return Object.entries(items)
		.filter(([name]) => !name.startsWith('@') && name !== '#text')
		.flatMap(([, value]) => asArray(value))
		.map((item) => childObject(item, 'ItemId'))
		.filter((itemId): itemId is XmlObject => itemId !== undefined)
		.map((itemId) => {
			const id = itemId['@Id'];
			if (typeof id !== 'string' || id === '') throw new CreateItemError('The server returned an ItemId without an Id');
			const changeKey = itemId['@ChangeKey'];
			return { id, changeKey: typeof changeKey === 'string' ? changeKey : '' };
		});
}
