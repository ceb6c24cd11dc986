import type { Attendee, AttendeeResponse } from '../ews/fieldTypes';
import type { ReadItem } from '../ews/itemFields';
import { graphRecipient } from '../actions/output/graphMessages';
import type { GraphJson } from '../transport/graph/types';

/**
 * A Graph event (learn.microsoft.com/graph/api/resources/event) as the fields the EWS trigger reads of a
 * calendar item, so that the same comparison (calendar.ts) and the same output serve both APIs. Times are
 * asked for in UTC (`Prefer: outlook.timezone="UTC"`) and given as EWS gives them: ISO 8601 with Z.
 */

/** The header that makes Graph answer events' start and end in UTC. */
export const UTC_EVENTS = { Prefer: 'outlook.timezone="UTC"' };

const RESPONSES: Record<string, AttendeeResponse> = {
	none: 'Unknown',
	organizer: 'Organizer',
	tentativelyAccepted: 'Tentative',
	accepted: 'Accept',
	declined: 'Decline',
	notResponded: 'NoResponseReceived',
};

/** A dateTimeTimeZone in UTC (as asked for) as an instant with whole seconds. */
function utcTime(value: unknown): string | undefined {
	const zoned = value as GraphJson | undefined;
	if (typeof zoned?.dateTime !== 'string') return undefined;
	const text = /[zZ]|[+-]\d\d:\d\d$/.test(zoned.dateTime) ? zoned.dateTime : `${zoned.dateTime}Z`;
	const time = Date.parse(text);
	return Number.isNaN(time) ? zoned.dateTime : new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}

function attendeesOf(event: GraphJson, type: string): Attendee[] {
	const all = Array.isArray(event.attendees) ? (event.attendees as GraphJson[]) : [];
	return all
		.filter((attendee) => attendee.type === type)
		.flatMap((attendee) => {
			const recipient = graphRecipient(attendee);
			if (!recipient) return [];
			const response = RESPONSES[String((attendee.status as GraphJson | undefined)?.response ?? '')];
			return [response ? { ...recipient, response } : recipient];
		});
}

export function graphCalendarItem(event: GraphJson): ReadItem {
	const required = attendeesOf(event, 'required');
	const optional = attendeesOf(event, 'optional');
	const resources = attendeesOf(event, 'resource');
	return {
		kind: 'CalendarItem',
		fields: {
			itemId: { id: String(event.id ?? ''), changeKey: typeof event.changeKey === 'string' ? event.changeKey : undefined },
			subject: event.subject,
			categories: Array.isArray(event.categories) ? event.categories : [],
			webLink: event.webLink,
			start: utcTime(event.start),
			end: utcTime(event.end),
			isAllDay: event.isAllDay === true,
			location: (event.location as GraphJson | undefined)?.displayName || undefined,
			isCancelled: event.isCancelled === true,
			// Graph has no IsMeeting: an event with attendees is a meeting, as Outlook shows it.
			isMeeting: required.length + optional.length + resources.length > 0,
			organizer: graphRecipient(event.organizer) ?? undefined,
			requiredAttendees: required,
			optionalAttendees: optional,
			resources,
		},
	};
}
