import { answerMeeting as answerSharedMeeting, cancelMeeting as cancelSharedMeeting } from '../mailbox/meetings';
import { Body, MeetingAnswer, StoredCalendarItem, StoredItem } from '../store';
import { BuiltChild, ParsedElement, el } from '../xml';
import { ItemError, OperationContext } from './context';
import * as fields from './itemFields';
import { resolveItemId } from './itemIds';
import { resolveTargetFolder } from './folderIds';
import { mailboxAddress } from './recipients';

/**
 * CreateItem's calendar response objects. AcceptItem, TentativelyAcceptItem and DeclineItem answer a meeting
 * request or the attendee's calendar item: the attendee's calendar copy takes the answer (a declined one goes
 * to Deleted Items, as do the meeting's requests in the Inbox) and, when sent, the response (its Body the
 * attendee's note) goes to the organizer, whose meeting records it; SaveOnly keeps the response in Drafts and
 * tells the organizer nothing. CancelCalendarItem cancels a meeting its mailbox organizes: a cancellation (with
 * NewBodyContent) to every attendee, and the meeting moves to Deleted Items. The refusals are Exchange's:
 * another kind of item (ErrorInvalidItemForOperation...), the organizer answering its own meeting
 * (ErrorCalendarIsOrganizerFor...), an answer to a cancelled meeting (ErrorCalendarIsCancelledFor...), and
 * an attendee cancelling (ErrorCalendarIsNotOrganizer).
 */

export const MEETING_ANSWERS: Record<string, MeetingAnswer> = { AcceptItem: 'Accept', TentativelyAcceptItem: 'Tentative', DeclineItem: 'Decline' };

const SUFFIXES: Record<MeetingAnswer, { item: string; calendar: string }> = {
	Accept: { item: 'AcceptItem', calendar: 'Accept' },
	Tentative: { item: 'Tentative', calendar: 'Tentative' },
	Decline: { item: 'DeclineItem', calendar: 'Decline' },
};

export interface ResponseSettings {
	disposition?: string;
	savedItemFolder?: ParsedElement;
}

function referencedItem(element: ParsedElement, context: OperationContext): StoredItem {
	const reference = element.child('t:ReferenceItemId');
	if (!reference) throw new ItemError('ErrorMissingInformationReferenceItemId', 'The ReferenceItemId is missing.');
	return resolveItemId(context, reference);
}

function requireDisposition(settings: ResponseSettings): string {
	if (!settings.disposition) throw new ItemError('ErrorMessageDispositionRequired', 'MessageDisposition attribute is required.');
	return settings.disposition;
}

/** The attendee's copy of the meeting an answer is about. */
function attendeeMeeting(item: StoredItem, answer: MeetingAnswer, context: OperationContext): StoredCalendarItem {
	const suffix = SUFFIXES[answer];
	const organizes = item.kind !== 'message' && item.organizer.address.toLowerCase() === item.mailbox.toLowerCase();
	if ((item.kind === 'calendarItem' && item.myResponseType === 'Organizer') || (item.kind === 'meetingRequest' && organizes)) {
		throw new ItemError(`ErrorCalendarIsOrganizerFor${suffix.calendar}`, 'The organizer cannot respond to a meeting they organize.');
	}
	const meeting =
		item.kind === 'calendarItem' ? item : item.kind === 'meetingRequest' ? context.store.attendeeCalendarItem(item.mailbox, item.uid) : undefined;
	if (item.kind !== 'calendarItem' && item.kind !== 'meetingRequest') {
		throw new ItemError(`ErrorInvalidItemForOperation${suffix.item}`, 'The item is not a meeting request or a calendar item.');
	}
	// The sandbox's Calendar Attendant always files a copy with the request; one deleted since is not made again.
	if (!meeting) throw new ItemError('ErrorItemNotFound', 'The meeting of this request is no longer in the calendar.');
	if (meeting.isCancelled) throw new ItemError(`ErrorCalendarIsCancelledFor${suffix.calendar}`, 'The meeting has been cancelled.');
	return meeting;
}

/** AcceptItem, TentativelyAcceptItem, DeclineItem: the attendee's calendar item (unless declined) and, with SaveOnly, the saved response. */
export function answerMeeting(element: ParsedElement, answer: MeetingAnswer, settings: ResponseSettings, context: OperationContext): BuiltChild[] {
	const item = referencedItem(element, context);
	const meeting = attendeeMeeting(item, answer, context);
	const disposition = requireDisposition(settings);
	const { answered, saved } = answerSharedMeeting(
		context.store,
		meeting,
		mailboxAddress(context, meeting.mailbox),
		answer,
		fields.body(element),
		disposition === 'SaveOnly'
			? { send: false, draftIn: resolveTargetFolder(context, settings.savedItemFolder, 'drafts', meeting.mailbox) }
			: {
					send: true,
					saveCopyIn: disposition === 'SendAndSaveCopy' ? resolveTargetFolder(context, settings.savedItemFolder, 'sentitems', meeting.mailbox) : undefined,
				},
	);
	return [
		answer !== 'Decline' && el('t:CalendarItem', {}, el('t:ItemId', { Id: answered.id, ChangeKey: answered.changeKey })),
		saved && el('t:MeetingResponse', {}, el('t:ItemId', { Id: saved.id, ChangeKey: saved.changeKey })),
	];
}

/** CancelCalendarItem: nothing to answer with, as a sent message has no id. */
export function cancelMeeting(element: ParsedElement, settings: ResponseSettings, context: OperationContext): void {
	const item = referencedItem(element, context);
	if (item.kind !== 'calendarItem') throw new ItemError('ErrorInvalidItemForOperationCancelItem', 'The item is not a calendar item.');
	if (item.myResponseType !== 'Organizer') {
		throw new ItemError('ErrorCalendarIsNotOrganizer', 'Only the organizer of a meeting can cancel it.');
	}
	const disposition = requireDisposition(settings);
	if (disposition === 'SaveOnly') throw new ItemError('ErrorInvalidOperation', 'The sandbox cancels meetings only by sending the cancellation.');
	cancelSharedMeeting(context.store, item, disposition === 'SendAndSaveCopy', newBody(element));
}

function newBody(element: ParsedElement): Body | undefined {
	const content = element.child('t:NewBodyContent');
	return content && { type: content.attr('BodyType') === 'HTML' ? 'HTML' : 'Text', text: content.text() };
}
