import { el, type XmlElement } from '../transport/xml';
import { body, type BodyField } from './fieldTypes';
import type { ItemRef } from './itemIds';

/**
 * CreateItem's calendar response objects, each naming its meeting by ReferenceItemId. An attendee's answer
 * (AcceptItem, TentativelyAcceptItem, DeclineItem: WellKnownResponseObjectType) carries its note as Body,
 * before the reference; an organizer's cancellation (CancelCalendarItem: SmartResponseType) carries it as
 * NewBodyContent, after the reference, since Exchange ignores its Body.
 */

export type MeetingAnswer = 'AcceptItem' | 'TentativelyAcceptItem' | 'DeclineItem';

export function meetingAnswerElement(answer: MeetingAnswer, meeting: ItemRef, note?: BodyField): XmlElement {
	return el(`t:${answer}`, undefined, note && body.write?.('Body', note), referenceId(meeting));
}

export function cancelMeetingElement(meeting: ItemRef, note?: BodyField): XmlElement {
	return el('t:CancelCalendarItem', undefined, referenceId(meeting), note && body.write?.('NewBodyContent', note));
}

function referenceId(meeting: ItemRef): XmlElement {
	return el('t:ReferenceItemId', { Id: meeting.id, ChangeKey: meeting.changeKey });
}
