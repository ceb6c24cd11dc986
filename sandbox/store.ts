import { AccountDirectory, SandboxMailbox } from './accounts';
import { WorkingHours, defaultWorkingHours } from './mailbox/availability';
import { ChangePage, FolderChangeType, ItemChangeType, SequenceCounter } from './mailbox/changeLog';
import {
	IncomingMessage,
	MeetingAnswer,
	PostOffice,
	attendeeCalendarItem,
	deliverIncoming,
	meetingInvitees,
	meetingResponse,
	sendMeetingCancellations,
	sendMeetingRequests,
	sendMeetingResponse,
	sendMessage,
	uniqueRecipients,
} from './mailbox/delivery';
import { StoreError, folderNotFound, idMalformed, itemNotFound } from './mailbox/errors';
import { Folder, FolderName, FolderTree } from './mailbox/folders';
import { isWellFormedId, newOpaqueId } from './mailbox/ids';
import { ItemPage, ListOptions, applyChanges, attach, contentOf, listItems, materialize, relocate } from './mailbox/items';
import { toMime } from './mailbox/mime';
import { SyncStates } from './mailbox/syncStates';
import {
	Address,
	Body,
	DeleteMode,
	Delivery,
	ItemChanges,
	NewAttachment,
	NewItem,
	NewMessage,
	StoredAttachment,
	StoredCalendarItem,
	StoredItem,
	StoredMeetingRequest,
	StoredMessage,
} from './mailbox/types';

/**
 * The sandbox's mailboxes as plain typed data: folders, items, deliveries and change logs. The EWS
 * operations and the test controls act through this façade; tests check exactly what arrived and how often
 * (the deliveries log is the exactly-once witness). Refusals are StoreErrors carrying EWS response codes.
 */

export * from './mailbox/types';
export { FOLDER_NAMES, Folder, isFolderName } from './mailbox/folders';
export type { FolderName, FolderType } from './mailbox/folders';
export type { Change, ChangePage, FolderChangeType, ItemChangeType } from './mailbox/changeLog';
export type { IncomingMessage, MeetingAnswer } from './mailbox/delivery';
export { meetingInvitees };
export type { ItemPage, ListOptions, SortField, SortKey } from './mailbox/items';
export { StoreError } from './mailbox/errors';
export type { WorkingHours, WorkingPeriod } from './mailbox/availability';
export { newOpaqueId };

export class Mailbox extends FolderTree {
	/** Published to the availability service (GetUserAvailability's WorkingHours). */
	workingHours: WorkingHours = defaultWorkingHours();

	constructor(
		readonly info: SandboxMailbox,
		counter: SequenceCounter,
	) {
		super(info.smtpAddress, counter);
	}
}

export class SandboxStore implements PostOffice {
	private mailboxes = new Map<string, Mailbox>();
	private items = new Map<string, StoredItem>();
	/** Shared by every change log, and kept across resets, so sequence numbers only grow. */
	private readonly sequence = new SequenceCounter();
	deliveries: Delivery[] = [];
	/** Messages relayed to addresses outside the organisation. */
	externalOutbox: StoredItem[] = [];
	/** Issues and checks SyncFolderItems' sync states. */
	readonly syncStates = new SyncStates();

	constructor(private readonly directory: AccountDirectory) {
		this.reset();
	}

	/** Empties every mailbox and the logs, as after a fresh install. */
	reset(): void {
		this.mailboxes = new Map(
			this.directory.directory.mailboxes.map((m) => [m.smtpAddress.toLowerCase(), new Mailbox(m, this.sequence)]),
		);
		this.items = new Map();
		this.deliveries = [];
		this.externalOutbox = [];
	}

	hasMailbox(address: string): boolean {
		return this.mailboxes.has(address.toLowerCase());
	}

	/** Throws for an unknown address: a test naming a mailbox that does not exist is a test bug. */
	mailbox(address: string): Mailbox {
		const mailbox = this.mailboxes.get(address.toLowerCase());
		if (!mailbox) throw new Error(`the sandbox has no mailbox ${address}`);
		return mailbox;
	}

	allMailboxes(): Mailbox[] {
		return [...this.mailboxes.values()];
	}

	// Folders

	findFolderById(id: string): Folder | undefined {
		for (const mailbox of this.mailboxes.values()) {
			const folder = mailbox.findById(id);
			if (folder) return folder;
		}
		return undefined;
	}

	/** ErrorInvalidIdMalformed for what is not a folder id, ErrorFolderNotFound for one that names nothing. */
	getFolder(id: string): Folder {
		if (!isWellFormedId(id, 'folder')) throw idMalformed();
		const folder = this.findFolderById(id);
		if (!folder) throw folderNotFound();
		return folder;
	}

	/** A distinguished folder of a mailbox: ErrorNonExistentMailbox, ErrorFolderNotFound (archive, public folders). */
	distinguishedFolder(address: string, name: string): Folder {
		if (!this.hasMailbox(address)) throw new StoreError('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.');
		const mailbox = this.mailbox(address);
		return mailbox.folder(name as FolderName);
	}

	/** See FolderTree.findByPath; a path that does not exist is ErrorFolderNotFound, never created. */
	folderByPath(address: string, path: string): Folder {
		if (!this.hasMailbox(address)) throw new StoreError('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.');
		const folder = this.mailbox(address).findByPath(path);
		if (!folder) throw folderNotFound();
		return folder;
	}

	folderPath(folder: Folder): string {
		return this.mailbox(folder.mailbox).pathOf(folder);
	}

	folderChildren(folder: Folder, traversal: 'Shallow' | 'Deep' = 'Shallow'): Folder[] {
		return this.mailbox(folder.mailbox).children(folder, traversal);
	}

	createFolder(parent: Folder, displayName: string, folderClass?: string): Folder {
		return this.mailbox(parent.mailbox).createFolder(parent, displayName, folderClass);
	}

	renameFolder(folder: Folder, displayName: string): void {
		this.mailbox(folder.mailbox).renameFolder(folder, displayName);
	}

	moveFolder(folder: Folder, parent: Folder): void {
		if (folder.mailbox !== parent.mailbox) throw new StoreError('ErrorMoveCopyFailed', 'Folders move within their mailbox only.');
		this.mailbox(folder.mailbox).moveFolder(folder, parent);
	}

	/**
	 * HardDelete removes the folder and all below it; SoftDelete moves it into Recoverable Items\Deletions;
	 * MoveToDeletedItems into Deleted Items (a folder already there is soft-deleted, as in Outlook).
	 */
	deleteFolder(folder: Folder, mode: DeleteMode): void {
		const mailbox = this.mailbox(folder.mailbox);
		if (folder.distinguishedId) throw new StoreError('ErrorDeleteDistinguishedFolder', 'Distinguished folders cannot be deleted.');
		const deletedItems = mailbox.folder('deleteditems');
		if (mode === 'HardDelete') {
			mailbox.removeFolder(folder);
			for (const gone of folder.subtree()) for (const item of gone.items) this.items.delete(item.id);
		} else if (mode === 'SoftDelete' || folder.isInside(deletedItems)) {
			mailbox.moveFolder(folder, mailbox.folder('recoverableitemsdeletions'));
		} else {
			mailbox.moveFolder(folder, deletedItems);
		}
	}

	folderChanges(address: string, after: number, max?: number): ChangePage<FolderChangeType> {
		return this.mailbox(address).folderChanges.since(after, max);
	}

	// Items

	findItem(id: string): StoredItem | undefined {
		return this.items.get(id);
	}

	/** ErrorInvalidIdMalformed for what is not an item id, ErrorItemNotFound for one moved, deleted or never there. */
	getItem(id: string): StoredItem {
		if (!isWellFormedId(id, 'item')) throw idMalformed();
		const item = this.items.get(id);
		if (!item) throw itemNotFound();
		return item;
	}

	folderOf(item: StoredItem): Folder {
		const folder = this.mailbox(item.mailbox).findById(item.folderId);
		if (!folder) throw folderNotFound();
		return folder;
	}

	/** Places a new item in a folder, with ids and Exchange's defaults, and logs its creation there. */
	addItem(folder: Folder, input: NewItem): StoredItem {
		const item = materialize(input, folder);
		this.place(item, folder);
		return item;
	}

	detachedItem(mailbox: string, input: NewItem): StoredItem {
		return materialize(input, { mailbox, id: '' } as Folder);
	}

	listItems(folder: Folder, options?: ListOptions): ItemPage {
		return listItems(folder, options);
	}

	/**
	 * Changes fields of an item; with `changeKey`, a stale one is refused (ErrorIrresolvableConflict) as
	 * UpdateItem's NeverOverwrite does. A change of IsRead alone is logged as a read-flag change.
	 */
	updateItem(id: string, changes: ItemChanges, options: { changeKey?: string; clear?: Array<keyof ItemChanges> } = {}): StoredItem {
		const item = this.getItem(id);
		if (options.changeKey !== undefined && options.changeKey !== item.changeKey) {
			throw new StoreError('ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
		}
		const folder = this.folderOf(item);
		const { onlyReadFlag } = applyChanges(item, changes, options.clear);
		folder.changes.record(onlyReadFlag ? 'readFlagChange' : 'update', item.id, onlyReadFlag ? item.isRead : undefined);
		folder.touch();
		return item;
	}

	markRead(id: string, isRead: boolean): StoredItem {
		return this.updateItem(id, { isRead });
	}

	/** The item leaves its folder and arrives in `target` under a new id, as Exchange moves it. */
	moveItem(id: string, target: Folder): StoredItem {
		const item = this.getItem(id);
		const moved = relocate(item, target);
		this.unplace(item);
		this.place(moved, target);
		return moved;
	}

	copyItem(id: string, target: Folder): StoredItem {
		const copy = relocate(this.getItem(id), target);
		this.place(copy, target);
		return copy;
	}

	/**
	 * MoveToDeletedItems moves into Deleted Items (an item already there is soft-deleted); SoftDelete moves into
	 * Recoverable Items\Deletions; HardDelete removes it. Returns the item where it now is, if anywhere.
	 */
	deleteItem(id: string, mode: DeleteMode): StoredItem | undefined {
		const item = this.getItem(id);
		const mailbox = this.mailbox(item.mailbox);
		const deletedItems = mailbox.folder('deleteditems');
		if (mode === 'HardDelete') {
			this.unplace(item);
			return undefined;
		}
		const soft = mode === 'SoftDelete' || this.folderOf(item).isInside(deletedItems);
		return this.moveItem(id, soft ? mailbox.folder('recoverableitemsdeletions') : deletedItems);
	}

	/** Adds an attachment to an item (CreateAttachment); the item's new ChangeKey is logged as an update. */
	addAttachment(id: string, attachment: NewAttachment): StoredAttachment {
		const item = this.getItem(id);
		const stored = attach(item, attachment);
		const folder = this.folderOf(item);
		folder.changes.record('update', item.id);
		folder.touch();
		return stored;
	}

	/** ErrorInvalidIdMalformed for what is not an attachment id, ErrorItemNotFound for one whose item moved or went. */
	getAttachment(id: string): { item: StoredItem; attachment: StoredAttachment } {
		if (!isWellFormedId(id, 'attachment')) throw idMalformed();
		for (const item of this.items.values()) {
			const attachment = item.attachments.find((a) => a.id === id);
			if (attachment) return { item, attachment };
		}
		throw itemNotFound();
	}

	/** Item changes of a folder after a sequence number, oldest first. */
	itemChanges(folder: Folder, after: number, max?: number): ChangePage<ItemChangeType> {
		return folder.changes.since(after, max);
	}

	mimeOf(item: StoredItem): string {
		return toMime(item);
	}

	private place(item: StoredItem, folder: Folder): void {
		folder.items.push(item);
		this.items.set(item.id, item);
		folder.changes.record('create', item.id);
		folder.touch();
	}

	private unplace(item: StoredItem): void {
		const folder = this.folderOf(item);
		folder.items.splice(folder.items.indexOf(item), 1);
		this.items.delete(item.id);
		folder.changes.record('delete', item.id);
		folder.touch();
	}

	// Mail flow

	newInternetMessageId(): string {
		const { computerName, dnsDomain } = this.directory.directory;
		return `<${newOpaqueId(16).replace(/[^A-Za-z0-9]/g, '')}@${computerName}.${dnsDomain}>`;
	}

	/** See delivery.ts: Sent Items copy (when `saveCopyIn`), one Inbox copy per recipient, logged in `deliveries`. */
	sendMessage(message: NewMessage, saveCopyIn?: Folder): StoredMessage | undefined {
		return sendMessage(this, message, saveCopyIn);
	}

	/**
	 * Sends a saved message (SendItem): it leaves its folder and goes out as a new send would, its copy into
	 * `saveCopyIn` when given.
	 */
	sendItem(id: string, saveCopyIn?: Folder): StoredMessage | undefined {
		const item = this.getItem(id);
		if (item.kind !== 'message') throw new StoreError('ErrorInvalidItemForOperationSendItem', 'The item is not a message and cannot be sent.');
		const content = contentOf(item) as NewMessage;
		this.unplace(item);
		return this.sendMessage({ ...content, dateTimeReceived: new Date(), disposition: saveCopyIn ? 'SendAndSaveCopy' : 'SendOnly' }, saveCopyIn);
	}

	/** See delivery.ts: requests into invitees' Inboxes, tentative copies (or updates of them) into their Calendars. */
	sendMeetingRequests(meeting: StoredCalendarItem, invitees: string[], saveCopy: boolean, type?: StoredMeetingRequest['meetingRequestType']): void {
		sendMeetingRequests(this, meeting, invitees, saveCopy, type);
	}

	/** See delivery.ts: cancellations into invitees' Inboxes, their calendar copies marked cancelled. */
	sendMeetingCancellations(meeting: StoredCalendarItem, invitees: string[], saveCopy: boolean, body?: Body): void {
		sendMeetingCancellations(this, meeting, invitees, saveCopy, body);
	}

	/** The copy of the meeting `uid` in an attendee's Calendar. */
	attendeeCalendarItem(attendee: string, uid: string): StoredCalendarItem | undefined {
		return attendeeCalendarItem(this, attendee, uid);
	}

	/** An attendee's answer to a meeting, not yet sent or saved. */
	meetingResponse(meeting: StoredCalendarItem, responder: Address, answer: MeetingAnswer, body?: Body) {
		return meetingResponse(this, meeting, responder, answer, body);
	}

	/** See delivery.ts: the answer into the organizer's Inbox, recorded on the organizer's meeting. */
	sendMeetingResponse(response: ReturnType<SandboxStore['meetingResponse']>, saveCopyIn?: Folder): void {
		sendMeetingResponse(this, response, saveCopyIn);
	}

	/** A message from outside into each internal recipient's Inbox (test control; not in `deliveries`). */
	deliverIncoming(incoming: IncomingMessage): StoredMessage[] {
		return deliverIncoming(this, incoming);
	}

	deliveriesOf(messageId: string): Delivery[] {
		return this.deliveries.filter((d) => d.messageId === messageId);
	}

	/** Every distinct recipient once, whatever the line (To/Cc/Bcc) and letter case they came in. */
	static uniqueRecipients(...lists: Address[][]): string[] {
		return uniqueRecipients(...lists);
	}
}
