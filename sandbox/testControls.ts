import { Address, DeleteMode, Flag, Folder, ItemChanges, NewAttachment, SandboxStore, StoreError, StoredCalendarItem, newOpaqueId } from './store';
import { GraphControlTarget, runGraphControl } from './graph/graphControls';
import { deleteOccurrence, modifyOccurrence } from './mailbox/recurrence';
import { folderJson, itemJson } from './storeJson';
import { findWindowsZone } from './timeZoneRules';

/**
 * Test controls: set up situations in the mailboxes as the outside world and users would, through JSON
 * POSTs under /sandbox/api/ (see README). Each answers the item or folder as it now is.
 */

export interface ControlAnswer {
	status: number;
	body: unknown;
}

/** Bad input from the test: answered 400 with the field named. */
class BadRequest extends Error {}

type Json = Record<string, unknown>;
type Control = (store: SandboxStore, body: Json) => unknown;

const DELETE_MODES: readonly string[] = ['MoveToDeletedItems', 'SoftDelete', 'HardDelete'];
const FLAG_STATUSES: readonly string[] = ['NotFlagged', 'Flagged', 'Complete'];

const CONTROLS: Record<string, Control> = {
	reset: (store) => {
		store.reset();
		return {};
	},
	incoming: (store, body) => {
		const items = store.deliverIncoming({
			from: address(body.from, 'from'),
			toRecipients: addresses(body.to, 'to'),
			ccRecipients: optional(body.cc, (v) => addresses(v, 'cc')),
			bccRecipients: optional(body.bcc, (v) => addresses(v, 'bcc')),
			subject: optional(body.subject, (v) => string(v, 'subject')),
			body: optional(body.body, (v) => ({ type: body.bodyType === 'HTML' ? ('HTML' as const) : ('Text' as const), text: string(v, 'body') })),
			attachments: optional(body.attachments, attachments),
			importance: optional(body.importance, (v) => oneOf(v, 'importance', ['Low', 'Normal', 'High'])),
			categories: optional(body.categories, (v) => strings(v, 'categories')),
			receivedAt: optional(body.receivedAt, (v) => date(v, 'receivedAt')),
			internetMessageId: optional(body.internetMessageId, (v) => string(v, 'internetMessageId')),
			isRead: optional(body.isRead, (v) => boolean(v, 'isRead')),
		});
		if (items.length === 0) throw new BadRequest('to/cc/bcc: no recipient has a mailbox in the sandbox');
		return { internetMessageId: items[0].internetMessageId, items: items.map(itemJson) };
	},
	'items/markRead': (store, body) => itemJson(store.markRead(itemId(body), optional(body.isRead, (v) => boolean(v, 'isRead')) ?? true)),
	'items/update': (store, body) => itemJson(store.updateItem(itemId(body), itemChanges(body))),
	'items/move': (store, body) => itemJson(store.moveItem(itemId(body), targetFolder(store, body))),
	'items/copy': (store, body) => itemJson(store.copyItem(itemId(body), targetFolder(store, body))),
	'items/delete': (store, body) => {
		const moved = store.deleteItem(itemId(body), deleteMode(body));
		return { item: moved && itemJson(moved) };
	},
	'syncStates/invalidate': (store) => {
		store.syncStates.invalidateAll();
		return {};
	},
	'calendar/modifyOccurrence': (store, body) => {
		const master = recurringMaster(store, body);
		modifyOccurrence(master, date(body.originalStart, 'originalStart'), {
			start: optional(body.start, (v) => date(v, 'start')),
			end: optional(body.end, (v) => date(v, 'end')),
			subject: optional(body.subject, (v) => string(v, 'subject')),
			location: optional(body.location, (v) => string(v, 'location')),
		});
		return itemJson(store.updateItem(master.id, {}));
	},
	'calendar/deleteOccurrence': (store, body) => {
		const master = recurringMaster(store, body);
		deleteOccurrence(master, date(body.originalStart, 'originalStart'));
		return itemJson(store.updateItem(master.id, {}));
	},
	'folders/create': (store, body) => {
		const parent = folderOf(store, body, body.parent ?? 'msgfolderroot', 'parent');
		const folder = store.createFolder(parent, string(body.displayName, 'displayName'), optional(body.folderClass, (v) => string(v, 'folderClass')));
		return folderJson(store, folder);
	},
	'folders/rename': (store, body) => {
		const folder = folderOf(store, body, body.folder, 'folder');
		store.renameFolder(folder, string(body.displayName, 'displayName'));
		return folderJson(store, folder);
	},
	'folders/delete': (store, body) => {
		store.deleteFolder(folderOf(store, body, body.folder, 'folder'), deleteMode(body));
		return {};
	},
	'availability/workingHours': (store, body) => {
		const timeZone = string(body.timeZone, 'timeZone');
		if (!findWindowsZone(timeZone)) throw new BadRequest(`timeZone: the sandbox knows no Windows time zone '${timeZone}'`);
		if (!Array.isArray(body.periods)) throw new BadRequest('periods: expected an array');
		const periods = body.periods.map((period: Json, i) => ({
			days: strings(period.days, `periods[${i}].days`),
			startMinutes: clockMinutes(period.start, `periods[${i}].start`),
			endMinutes: clockMinutes(period.end, `periods[${i}].end`),
		}));
		const mailbox = store.mailbox(existingMailbox(store, body));
		mailbox.workingHours = { timeZone, periods };
		return mailbox.workingHours;
	},
	'availability/busy': (store, body) => {
		const address = existingMailbox(store, body);
		const start = date(body.start, 'start');
		const end = date(body.end, 'end');
		if (end <= start) throw new BadRequest('end: must be after start');
		const item = store.addItem(store.distinguishedFolder(address, 'calendar'), {
			kind: 'calendarItem',
			uid: newOpaqueId(16),
			subject: optional(body.subject, (v) => string(v, 'subject')),
			start: { raw: string(body.start, 'start'), instant: start },
			end: { raw: string(body.end, 'end'), instant: end },
			legacyFreeBusyStatus: optional(body.showAs, (v) => oneOf(v, 'showAs', ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere'])) ?? 'Busy',
			location: optional(body.location, (v) => string(v, 'location')),
			organizer: { address },
			requiredAttendees: [],
			optionalAttendees: [],
			resources: [],
			invitationsSent: 'SendToNone',
			myResponseType: 'Organizer',
			isCancelled: false,
		});
		return itemJson(item);
	},
};

/**
 * Runs the control at `name` (the path after /sandbox/api/) on a parsed JSON body; undefined when there is none.
 * `graph/...` names go to the Graph endpoint's controls (sandbox/graph/graphControls.ts) when `graph` is given.
 */
export function runTestControl(store: SandboxStore, name: string, rawBody: string, graph?: GraphControlTarget): ControlAnswer | undefined {
	const control = CONTROLS[name];
	const graphTarget = name.startsWith('graph/') ? graph : undefined;
	if (!control && !graphTarget) return undefined;
	try {
		const body = rawBody.trim() === '' ? {} : (JSON.parse(rawBody) as unknown);
		if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the body must be a JSON object');
		if (graphTarget) return runGraphControl(graphTarget, name, body as Json);
		return { status: 200, body: (control as Control)(store, body as Json) };
	} catch (error) {
		if (error instanceof StoreError) return { status: error.code.endsWith('NotFound') ? 404 : 409, body: { error: error.code, message: error.message } };
		if (error instanceof BadRequest || error instanceof SyntaxError) return { status: 400, body: { error: 'BadRequest', message: error.message } };
		throw error;
	}
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
	return value === undefined || value === null ? undefined : read(value);
}

function string(value: unknown, field: string): string {
	if (typeof value !== 'string') throw new BadRequest(`${field}: expected a string`);
	return value;
}

function strings(value: unknown, field: string): string[] {
	if (!Array.isArray(value)) throw new BadRequest(`${field}: expected an array of strings`);
	return value.map((v, i) => string(v, `${field}[${i}]`));
}

function boolean(value: unknown, field: string): boolean {
	if (typeof value !== 'boolean') throw new BadRequest(`${field}: expected true or false`);
	return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
	if (!allowed.includes(value as T)) throw new BadRequest(`${field}: expected one of ${allowed.join(', ')}`);
	return value as T;
}

function date(value: unknown, field: string): Date {
	const parsed = new Date(string(value, field));
	if (Number.isNaN(parsed.getTime())) throw new BadRequest(`${field}: expected an ISO 8601 date and time`);
	return parsed;
}

/** "a@x.com", "Name <a@x.com>" or { "address", "name" }. */
function address(value: unknown, field: string): Address {
	if (typeof value === 'object' && value !== null) {
		const { address: a, name } = value as Json;
		return name === undefined ? { address: string(a, `${field}.address`) } : { address: string(a, `${field}.address`), name: string(name, `${field}.name`) };
	}
	const text = string(value, field).trim();
	const named = /^(.*?)\s*<([^>]+)>$/.exec(text);
	if (named) return { address: named[2], name: named[1].replace(/^"|"$/g, '') };
	if (!/^[^@\s]+@[^@\s]+$/.test(text)) throw new BadRequest(`${field}: '${text}' is not an email address`);
	return { address: text };
}

function addresses(value: unknown, field: string): Address[] {
	return (Array.isArray(value) ? value : [value]).map((v, i) => address(v, `${field}[${i}]`));
}

/** File attachments, or with `kind: "item"` an attached message given as its MIME form (`content`, base64). */
function attachments(value: unknown): NewAttachment[] {
	if (!Array.isArray(value)) throw new BadRequest('attachments: expected an array');
	return value.map((a: Json, i) => {
		const content = Buffer.from(string(a.content, `attachments[${i}].content (base64)`), 'base64');
		const kind = optional(a.kind, (v) => oneOf(v, `attachments[${i}].kind`, ['file', 'item'])) ?? 'file';
		return {
			name: string(a.name, `attachments[${i}].name`),
			contentType: kind === 'file' ? optional(a.contentType, (v) => string(v, `attachments[${i}].contentType`)) : undefined,
			contentId: optional(a.contentId, (v) => string(v, `attachments[${i}].contentId`)),
			isInline: optional(a.isInline, (v) => boolean(v, `attachments[${i}].isInline`)) ?? false,
			content,
			...(kind === 'item' ? { attachedItem: { itemClass: 'IPM.Note', subject: mimeSubject(content) } } : {}),
		};
	});
}

/** The Subject header of a MIME message (unfolded), as Exchange reads it into the attached item. */
function mimeSubject(mime: Buffer): string | undefined {
	const text = mime.toString('utf8');
	const headerEnd = text.search(/\r?\n\r?\n/);
	const headers = (headerEnd < 0 ? text : text.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, ' ');
	return /^Subject:[ \t]*(.*)$/im.exec(headers)?.[1].trim();
}

/** "HH:MM" as minutes after midnight, 24:00 included (a working day that ends at midnight). */
function clockMinutes(value: unknown, field: string): number {
	const match = /^(\d{2}):(\d{2})$/.exec(string(value, field));
	const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
	if (!(minutes >= 0 && minutes <= 1440)) throw new BadRequest(`${field}: expected a time of day such as 08:30`);
	return minutes;
}

function existingMailbox(store: SandboxStore, body: Json): string {
	const address = string(body.mailbox, 'mailbox');
	if (!store.hasMailbox(address)) throw new BadRequest(`mailbox: the sandbox has no mailbox ${address}`);
	return address;
}

function itemId(body: Json): string {
	return string(body.itemId, 'itemId');
}

/** `itemId` naming a series' master, as a calendar's organizer or attendee holds it. */
function recurringMaster(store: SandboxStore, body: Json): StoredCalendarItem {
	const item = store.getItem(itemId(body));
	if (item.kind !== 'calendarItem' || !item.recurrence) throw new BadRequest('itemId: not the master of a recurring series');
	return item;
}

function deleteMode(body: Json): DeleteMode {
	return (optional(body.deleteType, (v) => oneOf(v, 'deleteType', DELETE_MODES)) ?? 'MoveToDeletedItems') as DeleteMode;
}

function flag(value: unknown): Flag {
	if (typeof value === 'string') return { status: oneOf(value, 'flag', FLAG_STATUSES) as Flag['status'] };
	const { status, startDate, dueDate, completeDate } = value as Json;
	return {
		status: oneOf(status, 'flag.status', FLAG_STATUSES) as Flag['status'],
		startDate: optional(startDate, (v) => date(v, 'flag.startDate')),
		dueDate: optional(dueDate, (v) => date(v, 'flag.dueDate')),
		completeDate: optional(completeDate, (v) => date(v, 'flag.completeDate')),
	};
}

function itemChanges(body: Json): ItemChanges {
	return {
		subject: optional(body.subject, (v) => string(v, 'subject')),
		isRead: optional(body.isRead, (v) => boolean(v, 'isRead')),
		categories: optional(body.categories, (v) => strings(v, 'categories')),
		importance: optional(body.importance, (v) => oneOf(v, 'importance', ['Low', 'Normal', 'High'])),
		flag: optional(body.flag, flag),
	};
}

/** A folder id, or a path (`Inbox/Invoices`, `inbox`, `/Recoverable Items`) in `mailbox` (default: the item's). */
function folderOf(store: SandboxStore, body: Json, reference: unknown, field: string, defaultMailbox?: string): Folder {
	const text = string(reference, field);
	const byId = store.findFolderById(text);
	if (byId) return byId;
	const mailbox = optional(body.mailbox, (v) => string(v, 'mailbox')) ?? defaultMailbox;
	if (!mailbox) throw new BadRequest(`mailbox: required to find the folder path '${text}'`);
	if (!store.hasMailbox(mailbox)) throw new BadRequest(`mailbox: the sandbox has no mailbox ${mailbox}`);
	return store.folderByPath(mailbox, text);
}

function targetFolder(store: SandboxStore, body: Json): Folder {
	return folderOf(store, body, body.folder, 'folder', store.getItem(itemId(body)).mailbox);
}
