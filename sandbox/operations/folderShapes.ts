import { Folder, FolderType } from '../store';
import { BuiltChild, BuiltElement, ParsedElement, el, textEl } from '../xml';
import { BaseShape, additionalFieldUris, readBaseShape } from './shapes';

/**
 * Folders as GetFolder, FindFolder and CreateFolder answer them: the element named by the folder's class
 * (Folder, CalendarFolder, ContactsFolder, TasksFolder, SearchFolder), holding the properties of the
 * requested FolderShape in schema order (BaseFolderType, then UnreadCount for FolderType and its kin).
 */

export interface FolderShape {
	base: BaseShape;
	/** FieldURIs named in AdditionalProperties. */
	additional: Set<string>;
}

export function readFolderShape(shape: ParsedElement | undefined): FolderShape {
	return { base: readBaseShape(shape), additional: additionalFieldUris(shape) };
}

/** Folder types without UnreadCount (CalendarFolderType and ContactsFolderType extend BaseFolderType). */
const WITHOUT_UNREAD: readonly FolderType[] = ['CalendarFolder', 'ContactsFolder'];

/**
 * BaseShape Default, per the BaseShape reference: FolderId, DisplayName, TotalCount, ChildFolderCount and
 * UnreadCount for mail folders; calendars have no TotalCount nor UnreadCount, contacts no UnreadCount.
 */
function inDefault(folder: Folder, uri: string): boolean {
	switch (uri) {
		case 'folder:DisplayName':
		case 'folder:ChildFolderCount':
			return true;
		case 'folder:TotalCount':
			return folder.folderType !== 'CalendarFolder';
		case 'folder:UnreadCount':
			return !WITHOUT_UNREAD.includes(folder.folderType);
		default:
			return false;
	}
}

/** The value a restriction compares for a folder property, by FieldURI. */
export function folderValue(folder: Folder, uri: string): string | number | undefined {
	switch (uri) {
		case 'folder:DisplayName':
			return folder.displayName;
		case 'folder:FolderClass':
			return folder.folderClass;
		case 'folder:TotalCount':
			return folder.totalCount;
		case 'folder:ChildFolderCount':
			return folder.childFolderCount;
		case 'folder:UnreadCount':
			return folder.unreadCount;
		default:
			return undefined;
	}
}

/** The caller's rights: the sandbox's callers own, or hold FullAccess on, every mailbox they reach. */
function effectiveRights(): BuiltElement {
	const granted = ['CreateAssociated', 'CreateContents', 'CreateHierarchy', 'Delete', 'Modify', 'Read', 'ViewPrivateItems'];
	return el('t:EffectiveRights', {}, granted.map((right) => el(`t:${right}`, {}, 'true')));
}

export function folderElement(folder: Folder, shape: FolderShape): BuiltElement {
	const wants = (uri: string): boolean =>
		shape.additional.has(uri) || shape.base === 'AllProperties' || (shape.base === 'Default' && inDefault(folder, uri));
	const type = folder.folderType;
	const children: BuiltChild[] = [
		el('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey }),
		wants('folder:ParentFolderId') && folder.parent && el('t:ParentFolderId', { Id: folder.parent.id, ChangeKey: folder.parent.changeKey }),
		wants('folder:FolderClass') && textEl('t:FolderClass', folder.folderClass),
		wants('folder:DisplayName') && textEl('t:DisplayName', folder.displayName),
		wants('folder:TotalCount') && textEl('t:TotalCount', folder.totalCount),
		wants('folder:ChildFolderCount') && textEl('t:ChildFolderCount', folder.childFolderCount),
		wants('folder:EffectiveRights') && effectiveRights(),
		wants('folder:DistinguishedFolderId') && textEl('t:DistinguishedFolderId', folder.distinguishedId),
		wants('folder:UnreadCount') && !WITHOUT_UNREAD.includes(type) && textEl('t:UnreadCount', folder.unreadCount),
	];
	return el(`t:${type}`, {}, children);
}
