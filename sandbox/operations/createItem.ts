import { operationResponse } from '../soap';
import {
	MeetingInvitationsMode,
	MessageDisposition,
	NewCalendarItem,
	NewMessage,
	StoredCalendarItem,
	StoredItem,
	meetingInvitees,
	newOpaqueId,
} from '../store';
import { BuiltChild, BuiltElement, ParsedElement, el } from '../xml';
import { ItemError, OperationContext, OperationHandler, canAccess } from './context';
import { resolveTargetFolder } from './folderIds';
import { firstOccurrence, recurrenceError } from '../mailbox/recurrence';
import { readRecurrence } from './recurrence';
import * as fields from './itemFields';
import { checkRecipients, mailboxAddress, uniqueAddresses } from './recipients';
import { respondEach } from './responses';
import { MEETING_ANSWERS, answerMeeting, cancelMeeting } from './meetingResponses';
import { RESPONSE_ELEMENTS, ResponseParts, responseParts } from './responseObjects';

/**
 * CreateItem for messages and calendar items: every item gets its own response message, in order, and a
 * failing item leaves nothing behind while the others go on.
 */

const DISPOSITIONS: readonly string[] = ['SaveOnly', 'SendOnly', 'SendAndSaveCopy'];
const INVITATION_MODES: readonly string[] = ['SendToNone', 'SendOnlyToAll', 'SendToAllAndSaveCopy'];

interface CreateSettings {
	disposition?: MessageDisposition;
	invitations?: MeetingInvitationsMode;
	savedItemFolder?: ParsedElement;
}

export const createItem: OperationHandler = (request, context) => {
	const disposition = request.attr('MessageDisposition');
	const invitations = request.attr('SendMeetingInvitations');
	const settings: CreateSettings = {
		disposition: disposition !== undefined && DISPOSITIONS.includes(disposition) ? (disposition as MessageDisposition) : undefined,
		invitations:
			invitations !== undefined && INVITATION_MODES.includes(invitations) ? (invitations as MeetingInvitationsMode) : undefined,
		savedItemFolder: request.child('m:SavedItemFolderId'),
	};
	const items = request.child('m:Items')?.children() ?? [];
	const messages = respondEach('CreateItem', 'm:Items', items, context, (item) => el('m:Items', {}, createOne(item, settings, context)));
	return operationResponse('CreateItem', messages);
};

/** Returns the item elements to answer with, or nothing when no id is returned. */
function createOne(item: ParsedElement, settings: CreateSettings, context: OperationContext): BuiltChild | BuiltChild[] {
	if (item.is('t:Message')) return createMessage(item, settings, context);
	const response = Object.keys(RESPONSE_ELEMENTS).find((name) => item.is(`t:${name}`));
	if (response) return createMessage(item, settings, context, responseParts(item, RESPONSE_ELEMENTS[response], context));
	const answer = Object.keys(MEETING_ANSWERS).find((name) => item.is(`t:${name}`));
	if (answer) return answerMeeting(item, MEETING_ANSWERS[answer], settings, context);
	if (item.is('t:CancelCalendarItem')) {
		cancelMeeting(item, settings, context);
		return undefined;
	}
	if (item.is('t:CalendarItem')) return createCalendarItem(item, settings, context);
	throw new ItemError('ErrorInvalidRequest', `The sandbox does not create items of type ${item.localName}.`);
}

/** A message, or, with `response`, a reply or forward whose computed parts the request's own fields join. */
function createMessage(item: ParsedElement, settings: CreateSettings, context: OperationContext, response?: ResponseParts): BuiltElement | undefined {
	const { disposition } = settings;
	if (!disposition) throw new ItemError('ErrorMessageDispositionRequired', 'MessageDisposition attribute is required.');
	const sending = disposition !== 'SaveOnly';
	const mailbox = response?.mailbox ?? context.actingMailbox;
	const folder =
		disposition === 'SendOnly'
			? undefined
			: resolveTargetFolder(context, settings.savedItemFolder, disposition === 'SaveOnly' ? 'drafts' : 'sentitems', mailbox);
	const from = fields.singleMailbox(item, 'From');
	const to = uniqueAddresses([...(response?.toRecipients ?? []), ...fields.mailboxList(item, 'ToRecipients')]);
	const cc = uniqueAddresses([...(response?.ccRecipients ?? []), ...fields.mailboxList(item, 'CcRecipients')]);
	const bcc = fields.mailboxList(item, 'BccRecipients');
	if (sending) {
		if (from && !canAccess(context, from.address)) {
			throw new ItemError(
				'ErrorSendAsDenied',
				'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
			);
		}
		checkRecipients(context, [...to, ...cc, ...bcc]);
	}
	const message: NewMessage = {
		kind: 'message',
		...itemBase(item, context),
		internetMessageId: context.store.newInternetMessageId(),
		from,
		sender: from ?? mailboxAddress(context, mailbox),
		toRecipients: to,
		ccRecipients: cc,
		bccRecipients: bcc,
		replyTo: fields.mailboxList(item, 'ReplyTo'),
		attachments: [...(response?.attachments ?? []), ...fields.fileAttachments(item)],
		...(response && {
			subject: fields.text(item, 'Subject') ?? response.subject,
			body: response.body,
			conversationId: response.conversationId,
			conversationIndex: response.conversationIndex,
			inReplyTo: response.inReplyTo,
			references: response.references,
		}),
		// Message.IsRead may be set on create; left out, the store's default (read) applies.
		...optional('isRead', fields.bool(item, 'IsRead')),
		isReadReceiptRequested: fields.bool(item, 'IsReadReceiptRequested'),
		isDeliveryReceiptRequested: fields.bool(item, 'IsDeliveryReceiptRequested'),
		disposition,
		isDraft: !sending,
	};
	if (folder && !sending) return el('t:Message', {}, itemIdElement(context.store.addItem(folder, message)));
	context.store.sendMessage(message, folder);
	return undefined;
}

/** What every stored item records the same way, whatever its kind. */
function itemBase(item: ParsedElement, context: OperationContext) {
	return {
		subject: fields.text(item, 'Subject'),
		body: fields.body(item),
		categories: fields.categories(item),
		importance: fields.text(item, 'Importance'),
		sensitivity: fields.text(item, 'Sensitivity'),
		createdBy: context.principal.name,
		createdAt: new Date(),
	};
}

function createCalendarItem(item: ParsedElement, settings: CreateSettings, context: OperationContext): BuiltElement {
	const { invitations } = settings;
	if (!invitations) {
		throw new ItemError('ErrorSendMeetingInvitationsRequired', 'SendMeetingInvitations attribute is required for calendar items.');
	}
	const folder = resolveTargetFolder(context, settings.savedItemFolder, 'calendar');
	const startTimeZone = fields.timeZoneId(item, 'StartTimeZone');
	const endTimeZone = fields.timeZoneId(item, 'EndTimeZone');
	const start = fields.dateTime(fields.text(item, 'Start'), startTimeZone);
	const end = fields.dateTime(fields.text(item, 'End'), endTimeZone ?? startTimeZone);
	if (start && end && end.instant < start.instant) {
		throw new ItemError('ErrorCalendarEndDateIsEarlierThanStartDate', 'EndDate is earlier than StartDate');
	}
	const required = fields.attendees(item, 'RequiredAttendees');
	const optional = fields.attendees(item, 'OptionalAttendees');
	const resources = fields.attendees(item, 'Resources');
	const inviting = invitations !== 'SendToNone';
	const everyone = [...required, ...optional, ...resources];
	if (inviting && everyone.length > 0) checkRecipients(context, everyone);
	const reminderMinutes = fields.text(item, 'ReminderMinutesBeforeStart');
	const recurrence = readRecurrence(item);
	const invalidRecurrence = recurrence && recurrenceError(recurrence);
	if (invalidRecurrence) throw invalidRecurrence;
	const organizer = mailboxAddress(context, folder.mailbox);
	const newItem: NewCalendarItem = {
		kind: 'calendarItem',
		...itemBase(item, context),
		uid: newOpaqueId(16),
		start,
		end,
		startTimeZone,
		endTimeZone,
		isAllDayEvent: fields.bool(item, 'IsAllDayEvent'),
		legacyFreeBusyStatus: fields.text(item, 'LegacyFreeBusyStatus'),
		location: fields.text(item, 'Location'),
		reminderIsSet: fields.bool(item, 'ReminderIsSet'),
		reminderMinutesBeforeStart: reminderMinutes === undefined ? undefined : Number(reminderMinutes),
		organizer,
		requiredAttendees: required,
		optionalAttendees: optional,
		resources,
		invitationsSent: invitations,
		myResponseType: 'Organizer',
		isCancelled: false,
		attachments: fields.fileAttachments(item),
		recurrence,
	};
	// Exchange moves a series' Start and End to its first occurrence, which the pattern decides.
	const first = recurrence && firstOccurrence(newItem as StoredCalendarItem);
	if (first && first.start.getTime() !== start?.instant.getTime()) {
		Object.assign(newItem, { start: { raw: first.start.toISOString(), instant: first.start }, end: { raw: first.end.toISOString(), instant: first.end } });
	}
	const calendarItem = context.store.addItem(folder, newItem) as StoredCalendarItem;
	const invitees = meetingInvitees(calendarItem);
	if (inviting && invitees.length > 0) context.store.sendMeetingRequests(calendarItem, invitees, invitations === 'SendToAllAndSaveCopy');
	return el('t:CalendarItem', {}, itemIdElement(calendarItem));
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
	return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function itemIdElement(item: StoredItem): BuiltElement {
	return el('t:ItemId', { Id: item.id, ChangeKey: item.changeKey });
}
