import type { Recipient } from '../helpers/recipients';
import type { ExchangeVersion } from '../transport/settings';
import type { XmlElement } from '../transport/xml';
import { buildItem, isAtLeast, ItemFieldError, type ItemFields } from './itemFields';
import type { Recurrence } from './recurrence';

export type LegacyFreeBusyStatus = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';

/** The first version whose schema has each LegacyFreeBusyType value. */
const FREE_BUSY_SINCE: Record<LegacyFreeBusyStatus, ExchangeVersion> = {
	Free: 'Exchange2010_SP2',
	Tentative: 'Exchange2010_SP2',
	Busy: 'Exchange2010_SP2',
	OOF: 'Exchange2010_SP2',
	WorkingElsewhere: 'Exchange2013',
	NoData: 'Exchange2010_SP2',
};

/** Refuses a status the target version's schema lacks (WorkingElsewhere before Exchange 2013). */
export function checkFreeBusyStatus(status: LegacyFreeBusyStatus, version: ExchangeVersion): void {
	if (isAtLeast(version, FREE_BUSY_SINCE[status])) return;
	throw new ItemFieldError(
		'LegacyFreeBusyStatus',
		status,
		`it needs ${FREE_BUSY_SINCE[status]} or later, and the credential's Exchange version is ${version}; choose another status or a later version`,
	);
}

/** What the node sets on a calendar item; the table in itemFields.ts says how each is written. */
export interface CalendarItemFields extends ItemFields {
	/** xs:dateTime with an explicit offset, e.g. 2026-12-01T09:00:00+01:00. */
	start: string;
	end: string;
	isAllDay?: boolean;
	legacyFreeBusyStatus?: LegacyFreeBusyStatus;
	location?: string;
	requiredAttendees?: Recipient[];
	optionalAttendees?: Recipient[];
	resources?: Recipient[];
	/** Makes the item a recurring series' master; its Start and End are the first occurrence's. */
	recurrence?: Recurrence;
	/** Windows time zone ids, so that attendees' clients show the zone the organiser meant. */
	startTimeZoneId?: string;
	endTimeZoneId?: string;
}

/**
 * A `t:CalendarItem` for CreateItem, refusing values the target version's schema lacks. A reminder of 0
 * minutes means none: ReminderIsSet false, and no minutes.
 */
export function buildCalendarItem(item: CalendarItemFields, version: ExchangeVersion): XmlElement {
	if (item.legacyFreeBusyStatus !== undefined) checkFreeBusyStatus(item.legacyFreeBusyStatus, version);
	const minutes = item.reminderMinutes;
	const reminder = minutes === undefined ? {} : { reminderIsSet: minutes !== 0, reminderMinutes: minutes === 0 ? undefined : minutes };
	return buildItem('CalendarItem', { ...item, ...reminder }, version);
}
