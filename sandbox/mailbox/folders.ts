import { ChangeLog, FolderChangeType, ItemChangeType, SequenceCounter } from './changeLog';
import { StoreError, folderNotFound } from './errors';
import { newChangeKey, newId } from './ids';
import { StoredCalendarItem, StoredItem, StoredMeetingRequest, StoredMessage } from './types';

/**
 * A mailbox's folder tree, laid out as Exchange 2016 creates it: the root holds the Top of Information Store
 * (the folders a mail client shows), Recoverable Items and the search folders (Finder).
 */

interface DistinguishedFolder {
	displayName: string;
	folderClass?: string;
	/** A distinguished folder listed before this one. */
	parent?: string;
}

const NOTE = 'IPF.Note';

/** Every distinguished folder a primary mailbox has, parents before children. */
const CATALOGUE = {
	root: { displayName: 'Root' },
	msgfolderroot: { displayName: 'Top of Information Store', folderClass: NOTE, parent: 'root' },
	inbox: { displayName: 'Inbox', folderClass: NOTE, parent: 'msgfolderroot' },
	drafts: { displayName: 'Drafts', folderClass: NOTE, parent: 'msgfolderroot' },
	sentitems: { displayName: 'Sent Items', folderClass: NOTE, parent: 'msgfolderroot' },
	deleteditems: { displayName: 'Deleted Items', folderClass: NOTE, parent: 'msgfolderroot' },
	outbox: { displayName: 'Outbox', folderClass: NOTE, parent: 'msgfolderroot' },
	junkemail: { displayName: 'Junk Email', folderClass: NOTE, parent: 'msgfolderroot' },
	archive: { displayName: 'Archive', folderClass: NOTE, parent: 'msgfolderroot' },
	conversationhistory: { displayName: 'Conversation History', folderClass: NOTE, parent: 'msgfolderroot' },
	calendar: { displayName: 'Calendar', folderClass: 'IPF.Appointment', parent: 'msgfolderroot' },
	contacts: { displayName: 'Contacts', folderClass: 'IPF.Contact', parent: 'msgfolderroot' },
	recipientcache: { displayName: 'Recipient Cache', folderClass: 'IPF.Contact.RecipientCache', parent: 'contacts' },
	quickcontacts: { displayName: 'Quick Contacts', folderClass: 'IPF.Contact.MOC.QuickContacts', parent: 'contacts' },
	tasks: { displayName: 'Tasks', folderClass: 'IPF.Task', parent: 'msgfolderroot' },
	notes: { displayName: 'Notes', folderClass: 'IPF.StickyNote', parent: 'msgfolderroot' },
	journal: { displayName: 'Journal', folderClass: 'IPF.Journal', parent: 'msgfolderroot' },
	syncissues: { displayName: 'Sync Issues', folderClass: NOTE, parent: 'msgfolderroot' },
	conflicts: { displayName: 'Conflicts', folderClass: NOTE, parent: 'syncissues' },
	localfailures: { displayName: 'Local Failures', folderClass: NOTE, parent: 'syncissues' },
	serverfailures: { displayName: 'Server Failures', folderClass: NOTE, parent: 'syncissues' },
	recoverableitemsroot: { displayName: 'Recoverable Items', parent: 'root' },
	recoverableitemsdeletions: { displayName: 'Deletions', parent: 'recoverableitemsroot' },
	recoverableitemsversions: { displayName: 'Versions', parent: 'recoverableitemsroot' },
	recoverableitemspurges: { displayName: 'Purges', parent: 'recoverableitemsroot' },
	recoverableitemsdiscoveryholds: { displayName: 'DiscoveryHolds', parent: 'recoverableitemsroot' },
	adminauditlogs: { displayName: 'AdminAuditLogs', parent: 'recoverableitemsroot' },
	searchfolders: { displayName: 'Finder', parent: 'root' },
	voicemail: { displayName: 'Voice Mail', folderClass: 'IPF.Note.Microsoft.Voicemail', parent: 'searchfolders' },
	todosearch: { displayName: 'To-Do Search', folderClass: 'IPF.Task', parent: 'searchfolders' },
} satisfies Record<string, DistinguishedFolder>;

export type FolderName = keyof typeof CATALOGUE;
/** The distinguished folders every sandbox mailbox has (archive mailbox and public folder names are not here). */
export const FOLDER_NAMES = Object.keys(CATALOGUE) as FolderName[];

/** Search folders hold no items of their own: nothing is stored in them. */
const SEARCH_FOLDERS: readonly FolderName[] = ['voicemail', 'todosearch'];

export function isFolderName(name: string): name is FolderName {
	return Object.prototype.hasOwnProperty.call(CATALOGUE, name);
}

/** The EWS element a folder is answered as. */
export type FolderType = 'Folder' | 'CalendarFolder' | 'ContactsFolder' | 'TasksFolder' | 'SearchFolder';

export class Folder {
	readonly id = newId('folder');
	/** Changes with every change of the folder or its contents (counts included). */
	changeKey = newChangeKey();
	readonly items: StoredItem[] = [];
	readonly children: Folder[] = [];
	parent?: Folder;
	/** Item changes in this folder: the ground SyncFolderItems stands on. */
	readonly changes: ChangeLog<ItemChangeType>;

	constructor(
		readonly mailbox: string,
		public displayName: string,
		readonly folderClass: string | undefined,
		readonly distinguishedId: FolderName | undefined,
		counter: SequenceCounter,
	) {
		this.changes = new ChangeLog(counter);
	}

	/** The distinguished folder id, or undefined for a folder a user created. */
	get name(): FolderName | undefined {
		return this.distinguishedId;
	}

	get folderType(): FolderType {
		if (this.distinguishedId && SEARCH_FOLDERS.includes(this.distinguishedId)) return 'SearchFolder';
		const folderClass = this.folderClass ?? '';
		if (folderClass.startsWith('IPF.Appointment')) return 'CalendarFolder';
		if (folderClass.startsWith('IPF.Contact')) return 'ContactsFolder';
		if (folderClass.startsWith('IPF.Task')) return 'TasksFolder';
		return 'Folder';
	}

	get totalCount(): number {
		return this.items.length;
	}

	get unreadCount(): number {
		return this.items.filter((i) => !i.isRead).length;
	}

	/** The parent's FolderId (ParentFolderId); the root has none. */
	get parentId(): string | undefined {
		return this.parent?.id;
	}

	get childFolderCount(): number {
		return this.children.length;
	}

	touch(): void {
		this.changeKey = newChangeKey();
	}

	messages(): StoredMessage[] {
		return this.items.filter((i): i is StoredMessage => i.kind === 'message');
	}

	calendarItems(): StoredCalendarItem[] {
		return this.items.filter((i): i is StoredCalendarItem => i.kind === 'calendarItem');
	}

	meetingRequests(): StoredMeetingRequest[] {
		return this.items.filter((i): i is StoredMeetingRequest => i.kind === 'meetingRequest');
	}

	/** This folder and every folder below it, depth first, parents before children. */
	subtree(): Folder[] {
		return [this, ...this.children.flatMap((c) => c.subtree())];
	}

	isInside(other: Folder): boolean {
		for (let folder: Folder | undefined = this; folder; folder = folder.parent) if (folder === other) return true;
		return false;
	}
}

export class FolderTree {
	readonly root: Folder;
	private readonly distinguished = new Map<FolderName, Folder>();
	/** Folder creations, renames, moves and deletions: the ground SyncFolderHierarchy stands on. */
	readonly folderChanges: ChangeLog<FolderChangeType>;

	constructor(
		readonly address: string,
		private readonly counter: SequenceCounter,
	) {
		this.folderChanges = new ChangeLog(counter);
		for (const name of FOLDER_NAMES) {
			const entry: DistinguishedFolder = CATALOGUE[name];
			const folder = new Folder(address, entry.displayName, entry.folderClass, name, counter);
			if (entry.parent) this.attach(folder, this.folder(entry.parent as FolderName));
			this.distinguished.set(name, folder);
		}
		this.root = this.folder('root');
	}

	folder(name: FolderName): Folder {
		const folder = this.distinguished.get(name);
		if (!folder) throw folderNotFound();
		return folder;
	}

	allFolders(): Folder[] {
		return this.root.subtree();
	}

	findById(id: string): Folder | undefined {
		return this.allFolders().find((f) => f.id === id);
	}

	/**
	 * A path of display names below the Top of Information Store (`Inbox/Invoices`); the first segment may be
	 * a distinguished folder id (`inbox/Invoices`, `sentitems`), so paths work whatever the folders' language.
	 * A path starting with `/` starts at the root (`/Recoverable Items/Deletions`). Names compare without case.
	 */
	findByPath(path: string): Folder | undefined {
		const fromRoot = path.startsWith('/');
		const segments = path.split('/').filter((s) => s !== '');
		let folder = fromRoot ? this.root : this.folder('msgfolderroot');
		if (!fromRoot && segments.length > 0 && isFolderName(segments[0].toLowerCase())) {
			folder = this.folder(segments.shift()?.toLowerCase() as FolderName);
		}
		for (const segment of segments) {
			const child = childNamed(folder, segment);
			if (!child) return undefined;
			folder = child;
		}
		return folder;
	}

	/** The path `findByPath` takes back to this folder. */
	pathOf(folder: Folder): string {
		const top = this.folder('msgfolderroot');
		const names: string[] = [];
		let current: Folder | undefined = folder;
		for (; current && current !== top && current !== this.root; current = current.parent) names.unshift(current.displayName);
		return current === top ? names.join('/') : `/${names.join('/')}`;
	}

	/** Shallow: the folder's children; Deep: every folder below it, parents before children. */
	children(folder: Folder, traversal: 'Shallow' | 'Deep' = 'Shallow'): Folder[] {
		return traversal === 'Shallow' ? [...folder.children] : folder.subtree().slice(1);
	}

	createFolder(parent: Folder, displayName: string, folderClass = NOTE): Folder {
		checkName(parent, displayName);
		const folder = new Folder(this.address, displayName, folderClass, undefined, this.counter);
		this.attach(folder, parent);
		this.folderChanges.record('create', folder.id);
		return folder;
	}

	renameFolder(folder: Folder, displayName: string): void {
		if (folder.distinguishedId) throw new StoreError('ErrorCannotRenameOrMoveDistinguishedFolder', 'Cannot rename or move a distinguished folder.');
		if (folder.parent) checkName(folder.parent, displayName, folder);
		folder.displayName = displayName;
		folder.touch();
		this.folderChanges.record('update', folder.id);
	}

	/** Folders keep their id when they move (items do not). */
	moveFolder(folder: Folder, parent: Folder): void {
		if (folder.distinguishedId) throw new StoreError('ErrorCannotRenameOrMoveDistinguishedFolder', 'Cannot rename or move a distinguished folder.');
		if (parent.isInside(folder)) throw new StoreError('ErrorMoveCopyFailed', 'A folder cannot be moved into itself or its subfolders.');
		checkName(parent, folder.displayName, folder);
		this.detach(folder);
		this.attach(folder, parent);
		folder.touch();
		this.folderChanges.record('update', folder.id);
	}

	/** Removes a user folder and everything below it. */
	removeFolder(folder: Folder): void {
		if (folder.distinguishedId) throw new StoreError('ErrorDeleteDistinguishedFolder', 'Distinguished folders cannot be deleted.');
		this.detach(folder);
		for (const gone of folder.subtree()) this.folderChanges.record('delete', gone.id);
	}

	private attach(folder: Folder, parent: Folder): void {
		folder.parent = parent;
		parent.children.push(folder);
		parent.touch();
	}

	private detach(folder: Folder): void {
		const parent = folder.parent;
		if (!parent) return;
		parent.children.splice(parent.children.indexOf(folder), 1);
		parent.touch();
		folder.parent = undefined;
	}
}

function childNamed(parent: Folder, name: string): Folder | undefined {
	const wanted = name.toLowerCase();
	return parent.children.find((c) => c.displayName.toLowerCase() === wanted);
}

function checkName(parent: Folder, displayName: string, self?: Folder): void {
	if (displayName.trim() === '') throw new StoreError('ErrorInvalidFolderName', 'The folder name is empty.');
	const existing = childNamed(parent, displayName);
	if (existing && existing !== self) throw new StoreError('ErrorFolderExists', 'A folder with the specified name already exists.');
}
