import { BusyEvent, busyEvents, mergedFreeBusy } from '../mailbox/availability';
import { SoapFaultError } from '../soap';
import { Mailbox } from '../store';
import { ZoneRule, findWindowsZone, instantToLocal, localDateTimeText, readSerializableTimeZone, readZonedDateTime, serializableTimeZone } from '../timeZoneRules';
import { BuiltElement, ParsedElement, el, textEl } from '../xml';
import { OperationContext, OperationHandler, canAccess } from './context';

/**
 * GetUserAvailability (request element GetUserAvailabilityRequest), free/busy only: one FreeBusyResponse per
 * MailboxData, in request order. Times are read and written in the request's TimeZone (local times without
 * offset, as Exchange 2010 and later write them); an unknown address fails alone with
 * ErrorMailRecipientNotFound. The window may be at most 42 days long (Exchange's default), else the whole
 * request is refused with ErrorTimeIntervalTooBig. Details (subject, location) go only to who may open the
 * calendar; everyone else gets the free/busy view, as with Exchange's default "AvailabilityOnly" permission.
 */

const MAX_WINDOW_DAYS = 42;
const DAY = 24 * 60 * 60_000;

const fault = (code: string, message: string) => new SoapFaultError({ code, message });

export const getUserAvailability: OperationHandler = (request, context) => {
	const timeZone = request.child('t:TimeZone');
	// Without a TimeZone times are read and written in UTC.
	const zone: ZoneRule = timeZone ? readSerializableTimeZone(timeZone) : { bias: 0 };
	const options = request.child('t:FreeBusyViewOptions');
	if (!options) throw fault('ErrorInvalidRequest', 'The sandbox answers free/busy requests only: FreeBusyViewOptions is required.');
	const start = readZonedDateTime(options.path('t:TimeWindow', 't:StartTime')?.text() ?? '', zone);
	const end = readZonedDateTime(options.path('t:TimeWindow', 't:EndTime')?.text() ?? '', zone);
	if (!start || !end || end <= start) throw fault('ErrorInvalidTimeInterval', 'The time interval specified is invalid: EndTime must be after StartTime.');
	const days = Math.ceil((end.getTime() - start.getTime()) / DAY);
	if (days > MAX_WINDOW_DAYS) {
		throw fault(
			'ErrorTimeIntervalTooBig',
			`The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = ${MAX_WINDOW_DAYS} days; the actual limit = ${days} days.`,
		);
	}
	const interval = Number(options.childText('t:MergedFreeBusyIntervalInMinutes') ?? 30);
	if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
		throw fault(
			'ErrorInvalidMergedFreeBusyInterval',
			'The specified merged free/busy interval is not valid. Specify an interval that is less than the free/busy time window and between 5 and 1440 minutes.',
		);
	}
	const view = (options.childText('t:RequestedView') ?? 'Detailed').trim();
	const window: Window = { start, end, zone, interval };
	const responses = (request.child('m:MailboxDataArray')?.children('t:MailboxData') ?? []).map((data) =>
		freeBusyResponse(data, view, window, context),
	);
	return el('m:GetUserAvailabilityResponse', {}, el('m:FreeBusyResponseArray', {}, responses));
};

interface Window {
	start: Date;
	end: Date;
	zone: ZoneRule;
	interval: number;
}

function freeBusyResponse(data: ParsedElement, requestedView: string, window: Window, context: OperationContext): BuiltElement {
	const address = data.path('t:Email', 't:Address')?.text().trim() ?? '';
	if (!context.store.hasMailbox(address)) {
		return el(
			'm:FreeBusyResponse',
			{},
			el(
				'm:ResponseMessage',
				{ ResponseClass: 'Error' },
				textEl('m:MessageText', `Unable to resolve e-mail address <>SMTP:${address} to an Active Directory object.`),
				textEl('m:ResponseCode', 'ErrorMailRecipientNotFound'),
				textEl('m:DescriptiveLinkKey', 0),
			),
			el('m:FreeBusyView', {}, textEl('t:FreeBusyViewType', 'None')),
		);
	}
	const mailbox = context.store.mailbox(address);
	const view = canAccess(context, mailbox.info.smtpAddress) ? requestedView : requestedView.replace('Detailed', 'FreeBusy');
	const detailed = view.startsWith('Detailed');
	const merged = view.endsWith('Merged') || view === 'MergedOnly';
	const events = busyEvents(mailbox.folder('calendar'), window.start, window.end);
	return el(
		'm:FreeBusyResponse',
		{},
		el('m:ResponseMessage', { ResponseClass: 'Success' }, textEl('m:ResponseCode', 'NoError')),
		el(
			'm:FreeBusyView',
			{},
			textEl('t:FreeBusyViewType', view),
			merged && textEl('t:MergedFreeBusy', mergedFreeBusy(events, window.start, window.end, window.interval)),
			view !== 'MergedOnly' && el('t:CalendarEventArray', {}, events.map((event) => calendarEvent(event, window.zone, detailed))),
			workingHours(mailbox),
		),
	);
}

function calendarEvent(event: BusyEvent, zone: ZoneRule, detailed: boolean): BuiltElement {
	const { item } = event;
	return el(
		't:CalendarEvent',
		{},
		textEl('t:StartTime', localDateTimeText(instantToLocal(zone, event.start))),
		textEl('t:EndTime', localDateTimeText(instantToLocal(zone, event.end))),
		textEl('t:BusyType', event.busyType),
		detailed &&
			el(
				't:CalendarEventDetails',
				{},
				textEl('t:ID', item.id),
				textEl('t:Subject', item.subject ?? ''),
				textEl('t:Location', item.location ?? ''),
				textEl('t:IsMeeting', item.requiredAttendees.length + item.optionalAttendees.length + item.resources.length > 0),
				textEl('t:IsRecurring', false),
				textEl('t:IsException', false),
				textEl('t:IsReminderSet', item.reminderIsSet ?? false),
				textEl('t:IsPrivate', item.sensitivity === 'Private'),
			),
	);
}

function workingHours(mailbox: Mailbox): BuiltElement {
	const { timeZone, periods } = mailbox.workingHours;
	const zone = findWindowsZone(timeZone) ?? { bias: 0 };
	return el(
		't:WorkingHours',
		{},
		el('t:TimeZone', {}, serializableTimeZone(zone)),
		el(
			't:WorkingPeriodArray',
			{},
			periods.map((period) =>
				el(
					't:WorkingPeriod',
					{},
					textEl('t:DayOfWeek', period.days.join(' ')),
					textEl('t:StartTimeInMinutes', period.startMinutes),
					textEl('t:EndTimeInMinutes', period.endMinutes),
				),
			),
		),
	);
}
