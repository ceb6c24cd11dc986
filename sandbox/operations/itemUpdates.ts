import { Address, Flag, FlagStatus, ItemChanges, StoredItem } from '../store';
import { ParsedElement } from '../xml';
import { ItemError } from './context';
import * as fields from './itemFields';

/**
 * UpdateItem's change descriptions (SetItemField, AppendToItemField, DeleteItemField) read into the store's
 * ItemChanges, by FieldURI. Each SetItemField or AppendToItemField carries an item element holding exactly the
 * one property its path names (ErrorIncorrectUpdatePropertyCount otherwise). Read-only properties are refused
 * with ErrorInvalidPropertySet / ErrorInvalidPropertyDelete; appending works only where Exchange allows it
 * (body and recipient lists), else ErrorInvalidPropertyAppend.
 */

export interface ReadUpdates {
	changes: ItemChanges;
	cleared: Array<keyof ItemChanges>;
}

interface UpdatableField {
	/** The element inside the item element that carries the value. */
	element: string;
	/** The store field a DeleteItemField removes or empties. */
	key: keyof ItemChanges;
	set: (value: ParsedElement, item: StoredItem) => ItemChanges;
	append?: (value: ParsedElement, item: StoredItem) => ItemChanges;
	/** What a deleted list or flag becomes (lists empty, the flag cleared); absent: the property goes. */
	emptied?: ItemChanges;
	messagesOnly?: boolean;
	calendarOnly?: boolean;
}

const FLAG_STATUSES: readonly string[] = ['NotFlagged', 'Flagged', 'Complete'];
const IMPORTANCES: readonly string[] = ['Low', 'Normal', 'High'];
const SENSITIVITIES: readonly string[] = ['Normal', 'Personal', 'Private', 'Confidential'];
const FREE_BUSY: readonly string[] = ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere', 'NoData'];

function invalidValue(value: string, uri: string): ItemError {
	return new ItemError('ErrorInvalidValueForProperty', `The value '${value}' is not valid for ${uri}.`);
}

function choice(allowed: readonly string[], uri: string, element: string) {
	return (value: ParsedElement): string => {
		const text = value.childText(element)?.trim() ?? '';
		if (!allowed.includes(text)) throw invalidValue(text, uri);
		return text;
	};
}

function recipients(name: string, key: 'toRecipients' | 'ccRecipients' | 'bccRecipients' | 'replyTo'): UpdatableField {
	return {
		element: `t:${name}`,
		key,
		messagesOnly: true,
		set: (value) => ({ [key]: fields.mailboxList(value, name) }),
		append: (value, item) => ({ [key]: [...(item.kind === 'message' ? (item[key] as Address[]) : []), ...fields.mailboxList(value, name)] }),
		emptied: { [key]: [] },
	};
}

function attendeeList(name: string, key: 'requiredAttendees' | 'optionalAttendees' | 'resources'): UpdatableField {
	return {
		element: `t:${name}`,
		key,
		calendarOnly: true,
		set: (value) => ({ [key]: fields.attendees(value, name) }),
		append: (value, item) => ({ [key]: [...(item.kind === 'calendarItem' ? item[key] : []), ...fields.attendees(value, name)] }),
		emptied: { [key]: [] },
	};
}

function booleanOf(value: ParsedElement, element: string, uri: string): boolean {
	const text = value.childText(`t:${element}`)?.trim();
	if (text !== 'true' && text !== 'false' && text !== '1' && text !== '0') throw invalidValue(text ?? '', uri);
	return text === 'true' || text === '1';
}

/** A calendar time, read in the item's own time zone when it has no offset. */
function calendarTime(key: 'start' | 'end'): UpdatableField {
	const name = key === 'start' ? 'Start' : 'End';
	return {
		element: `t:${name}`,
		key,
		calendarOnly: true,
		set: (value, item) => {
			const zone = item.kind === 'calendarItem' ? (key === 'start' ? item.startTimeZone : (item.endTimeZone ?? item.startTimeZone)) : undefined;
			return { [key]: fields.dateTime(value.childText(`t:${name}`), zone) };
		},
	};
}

/**
 * FlagType: Flagged may carry StartDate and DueDate (both or neither), Complete a CompleteDate (now when
 * left out); NotFlagged clears the dates.
 */
function readFlag(value: ParsedElement): Flag {
	const flag = value.child('t:Flag');
	const status = flag?.childText('t:FlagStatus')?.trim() ?? '';
	if (!FLAG_STATUSES.includes(status)) throw invalidValue(status, 'item:Flag');
	const date = (name: string) => flag && fields.dateTime(flag.childText(`t:${name}`), undefined)?.instant;
	const startDate = date('StartDate');
	const dueDate = date('DueDate');
	if ((startDate === undefined) !== (dueDate === undefined)) {
		throw new ItemError('ErrorInvalidValueForProperty', 'Flag StartDate and DueDate must be set together.');
	}
	switch (status as FlagStatus) {
		case 'NotFlagged':
			return { status: 'NotFlagged' };
		case 'Flagged':
			return { status: 'Flagged', startDate, dueDate };
		case 'Complete':
			return { status: 'Complete', startDate, dueDate, completeDate: date('CompleteDate') ?? new Date() };
	}
}

const UPDATABLE: Record<string, UpdatableField> = {
	'item:Subject': { element: 't:Subject', key: 'subject', set: (v) => ({ subject: v.childText('t:Subject') ?? '' }) },
	'item:Body': {
		element: 't:Body',
		key: 'body',
		set: (v) => ({ body: fields.body(v) }),
		append: (v, item) => {
			const added = fields.body(v);
			if (!added) return {};
			return { body: item.body ? { type: item.body.type, text: item.body.text + added.text } : added };
		},
	},
	'item:Categories': {
		element: 't:Categories',
		key: 'categories',
		set: (v) => ({ categories: fields.categories(v) }),
		emptied: { categories: [] },
	},
	'item:Importance': { element: 't:Importance', key: 'importance', set: (v) => ({ importance: choice(IMPORTANCES, 'item:Importance', 't:Importance')(v) }) },
	'item:Sensitivity': {
		element: 't:Sensitivity',
		key: 'sensitivity',
		set: (v) => ({ sensitivity: choice(SENSITIVITIES, 'item:Sensitivity', 't:Sensitivity')(v) }),
	},
	'item:Flag': { element: 't:Flag', key: 'flag', set: (v) => ({ flag: readFlag(v) }), emptied: { flag: { status: 'NotFlagged' } } },
	'message:IsRead': {
		element: 't:IsRead',
		key: 'isRead',
		messagesOnly: true,
		set: (v) => {
			const text = v.childText('t:IsRead')?.trim();
			if (text !== 'true' && text !== 'false' && text !== '1' && text !== '0') throw invalidValue(text ?? '', 'message:IsRead');
			return { isRead: text === 'true' || text === '1' };
		},
		emptied: { isRead: false },
	},
	'item:ReminderIsSet': {
		element: 't:ReminderIsSet',
		key: 'reminderIsSet',
		calendarOnly: true,
		set: (v) => ({ reminderIsSet: booleanOf(v, 'ReminderIsSet', 'item:ReminderIsSet') }),
	},
	'item:ReminderMinutesBeforeStart': {
		element: 't:ReminderMinutesBeforeStart',
		key: 'reminderMinutesBeforeStart',
		calendarOnly: true,
		set: (v) => {
			const text = v.childText('t:ReminderMinutesBeforeStart')?.trim() ?? '';
			if (!/^\d+$/.test(text)) throw invalidValue(text, 'item:ReminderMinutesBeforeStart');
			return { reminderMinutesBeforeStart: Number(text) };
		},
	},
	'calendar:Start': calendarTime('start'),
	'calendar:End': calendarTime('end'),
	'calendar:IsAllDayEvent': {
		element: 't:IsAllDayEvent',
		key: 'isAllDayEvent',
		calendarOnly: true,
		set: (v) => ({ isAllDayEvent: booleanOf(v, 'IsAllDayEvent', 'calendar:IsAllDayEvent') }),
	},
	'calendar:LegacyFreeBusyStatus': {
		element: 't:LegacyFreeBusyStatus',
		key: 'legacyFreeBusyStatus',
		calendarOnly: true,
		set: (v) => ({ legacyFreeBusyStatus: choice(FREE_BUSY, 'calendar:LegacyFreeBusyStatus', 't:LegacyFreeBusyStatus')(v) }),
	},
	'calendar:Location': { element: 't:Location', key: 'location', calendarOnly: true, set: (v) => ({ location: v.childText('t:Location') ?? '' }) },
	'calendar:RequiredAttendees': attendeeList('RequiredAttendees', 'requiredAttendees'),
	'calendar:OptionalAttendees': attendeeList('OptionalAttendees', 'optionalAttendees'),
	'calendar:Resources': attendeeList('Resources', 'resources'),
	'calendar:StartTimeZone': {
		element: 't:StartTimeZone',
		key: 'startTimeZone',
		calendarOnly: true,
		set: (v) => ({ startTimeZone: fields.timeZoneId(v, 'StartTimeZone') }),
	},
	'calendar:EndTimeZone': {
		element: 't:EndTimeZone',
		key: 'endTimeZone',
		calendarOnly: true,
		set: (v) => ({ endTimeZone: fields.timeZoneId(v, 'EndTimeZone') }),
	},
	'message:ToRecipients': recipients('ToRecipients', 'toRecipients'),
	'message:CcRecipients': recipients('CcRecipients', 'ccRecipients'),
	'message:BccRecipients': recipients('BccRecipients', 'bccRecipients'),
	'message:ReplyTo': recipients('ReplyTo', 'replyTo'),
	'message:From': {
		element: 't:From',
		key: 'from',
		messagesOnly: true,
		set: (v) => ({ from: fields.singleMailbox(v, 'From') }),
	},
};

/** Computed or fixed by the store: Exchange refuses to set or delete them. */
const READ_ONLY = new Set([
	'item:ItemId',
	'item:ParentFolderId',
	'item:DateTimeReceived',
	'item:DateTimeSent',
	'item:DateTimeCreated',
	'item:LastModifiedTime',
	'item:Size',
	'item:HasAttachments',
	'item:Attachments',
	'item:ConversationId',
	'item:DisplayTo',
	'item:DisplayCc',
	'item:IsDraft',
	'item:Preview',
	'item:TextBody',
	'message:ConversationIndex',
	'message:ConversationTopic',
	'message:InternetMessageId',
	'message:Sender',
	'calendar:UID',
	'calendar:IsMeeting',
	'calendar:IsCancelled',
	'calendar:IsRecurring',
	'calendar:MyResponseType',
	'calendar:Organizer',
]);

/** Reads one ItemChange's `t:Updates` for the item it names. */
export function readUpdates(updates: ParsedElement[], item: StoredItem): ReadUpdates {
	const result: ReadUpdates = { changes: {}, cleared: [] };
	for (const update of updates) {
		const uri = update.child('t:FieldURI')?.attr('FieldURI');
		if (uri === undefined) {
			throw new ItemError('ErrorInvalidRequest', 'The sandbox updates properties by FieldURI only (no IndexedFieldURI or ExtendedFieldURI).');
		}
		const action = update.localName as 'SetItemField' | 'AppendToItemField' | 'DeleteItemField';
		const field = fieldFor(uri, action, item);
		if (action === 'DeleteItemField') {
			if (field.emptied) Object.assign(result.changes, field.emptied);
			else result.cleared.push(field.key);
			continue;
		}
		const value = valueElement(update, field, uri);
		if (action === 'AppendToItemField') {
			if (!field.append) throw new ItemError('ErrorInvalidPropertyAppend', `The property ${uri} does not support append.`);
			Object.assign(result.changes, field.append(value, { ...item, ...result.changes } as StoredItem));
		} else {
			Object.assign(result.changes, field.set(value, item));
		}
	}
	return result;
}

function fieldFor(uri: string, action: string, item: StoredItem): UpdatableField {
	if (READ_ONLY.has(uri)) {
		const code = action === 'DeleteItemField' ? 'ErrorInvalidPropertyDelete' : action === 'AppendToItemField' ? 'ErrorInvalidPropertyAppend' : 'ErrorInvalidPropertySet';
		throw new ItemError(code, `The property ${uri} is read-only.`);
	}
	const field = UPDATABLE[uri];
	if (!field) throw new ItemError('ErrorInvalidRequest', `The sandbox does not update ${uri}.`);
	if ((field.messagesOnly && item.kind !== 'message') || (field.calendarOnly && item.kind !== 'calendarItem')) {
		throw new ItemError('ErrorInvalidPropertySet', `The property ${uri} is not valid for this item type.`);
	}
	return field;
}

/** The item element (`t:Message`, `t:Item`, ...) of a set or append, holding exactly the one property named. */
function valueElement(update: ParsedElement, field: UpdatableField, uri: string): ParsedElement {
	const holder = update.children().find((c) => !c.is('t:FieldURI'));
	const properties = holder?.children() ?? [];
	if (!holder || properties.length !== 1 || !properties[0].is(field.element)) {
		throw new ItemError('ErrorIncorrectUpdatePropertyCount', `An object within a change description must contain one and only one property to modify (${uri}).`);
	}
	return holder;
}
