import { sameAddress } from '../accounts';
import { busyEvents, mergedFreeBusy, type BusyEvent } from '../mailbox/availability';
import { findWindowsZone, instantToLocal, localDateTimeText, localToInstant, type ZoneRule } from '../timeZoneRules';
import { GraphError, type GraphRequestContext, type GraphRoute } from './types';

/**
 * `POST /users/{id}/calendar/getSchedule` (learn.microsoft.com/graph/api/calendar-getschedule): free/busy of up
 * to 20 mailboxes over a window under 62 days (learn.microsoft.com/graph/outlook-get-free-busy-schedule), from
 * the same calendars and working hours GetUserAvailability reads. Times come in UTC, or in the zone a
 * `Prefer: outlook.timezone` header names; an address the directory does not know gets its own error.
 */

const MAX_SCHEDULES = 20;
const MAX_WINDOW_DAYS = 62;
const DAY = 24 * 60 * 60_000;

const badRequest = (code: string, message: string) => new GraphError(400, code, message);

/** Graph matches the body's property names without regard to case (its own guide writes "Schedules", "StartTime"). */
function property(body: Record<string, unknown>, name: string): unknown {
	const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : body[key];
}

/** The sandbox's Windows zones (timeZoneRules.ts) and UTC. */
function zoneRule(name: string): ZoneRule {
	if (/^(UTC|GMT|Etc\/UTC)$/i.test(name.trim())) return { bias: 0 };
	const zone = findWindowsZone(name.trim());
	if (!zone) throw badRequest('TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`);
	return zone;
}

function readDateTimeTimeZone(value: unknown, name: string): Date {
	const { dateTime, timeZone } = (value ?? {}) as { dateTime?: unknown; timeZone?: unknown };
	if (typeof dateTime !== 'string' || typeof timeZone !== 'string') throw badRequest('ErrorInvalidRequest', `${name} must be a dateTimeTimeZone with dateTime and timeZone.`);
	const wallClock = Date.parse(`${dateTime.trim().replace(/(\.\d{3})\d+$/, '$1')}Z`);
	if (Number.isNaN(wallClock)) throw badRequest('ErrorInvalidRequest', `${name}.dateTime is not a date-time: '${dateTime}'.`);
	return localToInstant(zoneRule(timeZone), wallClock);
}

/** The zone of `Prefer: outlook.timezone="..."`, if the request has one. */
function preferredZone(prefer: string | undefined): { name: string; rule: ZoneRule } {
	const match = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer ?? '');
	return match ? { name: match[1], rule: zoneRule(match[1]) } : { name: 'UTC', rule: { bias: 0 } };
}

const STATUS: Record<BusyEvent['busyType'], string> = { Free: 'free', Tentative: 'tentative', Busy: 'busy', OOF: 'oof', WorkingElsewhere: 'workingElsewhere' };

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const ALL_DAYS = ['sunday', ...WEEKDAYS, 'saturday'];

/** EWS's day names (Monday, Weekday, WeekendDay, Day) as workingHours.daysOfWeek writes them. */
function graphDays(days: string[]): string[] {
	const expanded = days.flatMap((day) => {
		if (day === 'Day') return ALL_DAYS;
		if (day === 'Weekday') return WEEKDAYS;
		if (day === 'WeekendDay') return ['saturday', 'sunday'];
		return [day.toLowerCase()];
	});
	return ALL_DAYS.filter((day) => expanded.includes(day));
}

function clock(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.0000000`;
}

/** May the caller see what the events are? An app with a calendar permission reads every calendar; a user their own and those they hold Full Access on. */
function seesDetails(context: GraphRequestContext, address: string): boolean {
	const { caller, directory } = context;
	if (caller.kind === 'app') return true;
	if (caller.user && sameAddress(caller.user, address)) return true;
	const account = directory.directory.accounts.find((candidate) => caller.user !== undefined && sameAddress(candidate.primarySmtpAddress, caller.user));
	return account?.fullAccessTo.some((mailbox) => sameAddress(mailbox, address)) ?? false;
}

function scheduleInformation(context: GraphRequestContext, address: string, window: { start: Date; end: Date; interval: number }, zone: { name: string; rule: ZoneRule }) {
	if (!context.store.hasMailbox(address)) {
		return {
			scheduleId: address,
			availabilityView: '',
			// The availability service's own code for an unknown recipient, as Graph passes it on (microsoftgraph/microsoft-graph-docs#11225).
			error: { message: `Unable to resolve e-mail address <>SMTP:${address} to an Active Directory object.`, responseCode: '5009' },
		};
	}
	const mailbox = context.store.mailbox(address);
	const events = busyEvents(mailbox.folder('calendar'), window.start, window.end);
	const details = seesDetails(context, mailbox.info.smtpAddress);
	const time = (instant: Date) => ({ dateTime: `${localDateTimeText(instantToLocal(zone.rule, instant))}.0000000`, timeZone: zone.name });
	const { timeZone, periods } = mailbox.workingHours;
	// Graph's workingHours has one span of the day: the first period's, on every day any period names.
	const [first] = periods;
	return {
		scheduleId: address,
		availabilityView: mergedFreeBusy(events, window.start, window.end, window.interval),
		scheduleItems: events.map((event) => ({
			isPrivate: event.item.sensitivity === 'Private',
			status: STATUS[event.busyType],
			...(details ? { subject: event.item.subject ?? '', location: event.item.location ?? '' } : {}),
			start: time(event.start),
			end: time(event.end),
		})),
		workingHours: {
			daysOfWeek: graphDays(periods.flatMap((period) => period.days)),
			startTime: clock(first?.startMinutes ?? 0),
			endTime: clock(first?.endMinutes ?? 0),
			timeZone: { name: timeZone },
		},
	};
}

export const SCHEDULE_ROUTES: GraphRoute[] = [
	{
		method: 'POST',
		pattern: /^\/calendar\/getSchedule$/i,
		scope: 'mailbox',
		permissions: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
		handle: (context) => {
			const body = (context.body ?? {}) as Record<string, unknown>;
			const schedules = property(body, 'schedules');
			if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every((entry) => typeof entry === 'string')) {
				throw badRequest('ErrorInvalidRequest', 'schedules must be a non-empty collection of SMTP addresses.');
			}
			if (schedules.length > MAX_SCHEDULES) throw badRequest('ErrorInvalidRequest', `getSchedule takes at most ${MAX_SCHEDULES} schedules a request.`);
			const start = readDateTimeTimeZone(property(body, 'startTime'), 'startTime');
			const end = readDateTimeTimeZone(property(body, 'endTime'), 'endTime');
			if (end <= start) throw badRequest('ErrorInvalidTimeInterval', 'The time interval specified is invalid: endTime must be after startTime.');
			if (end.getTime() - start.getTime() >= MAX_WINDOW_DAYS * DAY) {
				throw badRequest('ErrorTimeIntervalTooBig', `The time period to look up must be less than ${MAX_WINDOW_DAYS} days.`);
			}
			const interval = Number(property(body, 'availabilityViewInterval') ?? 30);
			if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
				throw badRequest('ErrorInvalidRequest', 'availabilityViewInterval must be a whole number of minutes from 5 to 1440.');
			}
			const zone = preferredZone(context.headers.prefer);
			const value = (schedules as string[]).map((address) => scheduleInformation(context, address.trim(), { start, end, interval }, zone));
			return { status: 200, body: { '@odata.context': `${context.baseUrl}/$metadata#Collection(microsoft.graph.scheduleInformation)`, value } };
		},
	},
];
