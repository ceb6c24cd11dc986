import { DAY_NAMES, type SerializableTimeZone, type ZoneTransition } from '../helpers/serializableTimeZone';
import { EwsError } from '../transport/errors';
import { readResponseMessage, responseMessageError, type EwsAnswer } from '../transport/responses';
import { childNode, childNodes, childText, el, type XmlElement, type XmlNode } from '../transport/xml';
import type { EwsOperation, PerItem } from './operation';

/** The request element is GetUserAvailabilityRequest, its answer GetUserAvailabilityResponse. */
export const GET_USER_AVAILABILITY: EwsOperation = { name: 'GetUserAvailabilityRequest', since: 'Exchange2007' };

/** Exchange's default limits: a TimeWindow of 42 days at most, 100 mailboxes a request. */
export const MAX_WINDOW_DAYS = 42;
export const MAX_MAILBOXES = 100;

export type AttendeeType = 'Required' | 'Optional' | 'Room';
export type BusyType = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';

export interface AvailabilityRequest {
	mailboxes: Array<{ address: string; attendeeType: AttendeeType }>;
	/** The window, UTC milliseconds. */
	start: number;
	end: number;
	/** Subject and location of each event (the Detailed view), where the caller may see them. */
	detailed: boolean;
}

export interface CalendarEvent {
	start: number;
	end: number;
	busyType: BusyType;
	subject?: string;
	location?: string;
}

export interface WorkingPeriod {
	/** Day names (Monday...), or Day, Weekday, WeekendDay. */
	days: string[];
	startMinutes: number;
	endMinutes: number;
}

export interface WorkingHours {
	timeZone: SerializableTimeZone;
	periods: WorkingPeriod[];
}

export interface MailboxAvailability {
	events: CalendarEvent[];
	workingHours?: WorkingHours;
}

function utcText(milliseconds: number): string {
	return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, '');
}

function transitionElement(name: string): XmlElement {
	return el(
		name,
		undefined,
		el('t:Bias', undefined, '0'),
		el('t:Time', undefined, '00:00:00'),
		el('t:DayOrder', undefined, '1'),
		el('t:Month', undefined, '1'),
		el('t:DayOfWeek', undefined, 'Sunday'),
	);
}

/**
 * `m:GetUserAvailabilityRequest` for free/busy. The request is made in UTC: Exchange reads the window and
 * writes event times as local times without offset in the request's zone, and in a zone with DST such a time
 * is ambiguous in the hour the clocks go back; in UTC it never is. The node turns the times into the user's
 * zone itself. A zone without DST still carries both transitions, with zero biases, as servers expect.
 */
export function buildGetUserAvailability(request: AvailabilityRequest): XmlElement {
	return el(
		'm:GetUserAvailabilityRequest',
		undefined,
		el('t:TimeZone', undefined, el('t:Bias', undefined, '0'), transitionElement('t:StandardTime'), transitionElement('t:DaylightTime')),
		el(
			'm:MailboxDataArray',
			undefined,
			request.mailboxes.map(({ address, attendeeType }) =>
				el(
					't:MailboxData',
					undefined,
					el('t:Email', undefined, el('t:Address', undefined, address)),
					el('t:AttendeeType', undefined, attendeeType),
					el('t:ExcludeConflicts', undefined, 'false'),
				),
			),
		),
		el(
			't:FreeBusyViewOptions',
			undefined,
			el('t:TimeWindow', undefined, el('t:StartTime', undefined, utcText(request.start)), el('t:EndTime', undefined, utcText(request.end))),
			el('t:RequestedView', undefined, request.detailed ? 'Detailed' : 'FreeBusy'),
		),
	);
}

/** An answered time: with Z or an offset as written, without one in the request's zone, UTC. */
function readTime(text: string | undefined): number {
	const value = (text ?? '').trim();
	const milliseconds = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
	if (Number.isNaN(milliseconds)) {
		throw new EwsError({ code: 'InvalidResponse', message: `Exchange answered a free/busy time that is not a date-time: "${value}"`, processing: 'processed' });
	}
	return milliseconds;
}

function readEvent(node: XmlNode): CalendarEvent {
	const details = childNode(node, 'CalendarEventDetails');
	return {
		start: readTime(childText(node, 'StartTime')),
		end: readTime(childText(node, 'EndTime')),
		busyType: (childText(node, 'BusyType') ?? 'Busy') as BusyType,
		subject: details ? (childText(details, 'Subject') ?? '') : undefined,
		location: details ? (childText(details, 'Location') ?? '') : undefined,
	};
}

function readTransition(node: XmlNode | undefined): ZoneTransition {
	const [hours, minutes] = (childText(node, 'Time') ?? '0:0').split(':').map(Number);
	return {
		bias: Number(childText(node, 'Bias') ?? 0),
		month: Number(childText(node, 'Month') ?? 0),
		dayOrder: Number(childText(node, 'DayOrder') ?? 0),
		dayOfWeek: Math.max(0, DAY_NAMES.indexOf((childText(node, 'DayOfWeek') ?? 'Sunday') as (typeof DAY_NAMES)[number])),
		timeMinutes: (hours || 0) * 60 + (minutes || 0),
	};
}

function readWorkingHours(node: XmlNode | undefined): WorkingHours | undefined {
	if (!node) return undefined;
	const zone = childNode(node, 'TimeZone');
	return {
		timeZone: {
			bias: Number(childText(zone, 'Bias') ?? 0),
			standard: readTransition(childNode(zone, 'StandardTime')),
			daylight: readTransition(childNode(zone, 'DaylightTime')),
		},
		periods: childNodes(childNode(node, 'WorkingPeriodArray'), 'WorkingPeriod').map((period) => ({
			days: (childText(period, 'DayOfWeek') ?? '').split(/\s+/).filter(Boolean),
			startMinutes: Number(childText(period, 'StartTimeInMinutes') ?? 0),
			endMinutes: Number(childText(period, 'EndTimeInMinutes') ?? 0),
		})),
	};
}

/**
 * One result per requested mailbox, in request order: its events and working hours, or the error Exchange
 * gave for that mailbox alone (ErrorMailRecipientNotFound...). FreeBusyResponse carries its own
 * ResponseMessage; the answer has no ResponseMessages list.
 */
export function readGetUserAvailability(answer: EwsAnswer, expected: number): Array<PerItem<MailboxAvailability>> {
	const responses = childNodes(childNode(answer.body, 'FreeBusyResponseArray'), 'FreeBusyResponse');
	if (responses.length !== expected) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: `Exchange answered free/busy for ${responses.length} mailboxes instead of ${expected}`,
			processing: 'processed',
		});
	}
	return responses.map((response) => {
		const messageNode = childNode(response, 'ResponseMessage');
		const message = messageNode && readResponseMessage(messageNode);
		if (message?.responseClass === 'Error') return { error: responseMessageError(message) };
		const view = childNode(response, 'FreeBusyView');
		return {
			value: {
				events: childNodes(childNode(view, 'CalendarEventArray'), 'CalendarEvent').map(readEvent),
				workingHours: readWorkingHours(childNode(view, 'WorkingHours')),
			},
		};
	});
}
