import type { Recipient } from '../helpers/recipients';
import type { ExchangeVersion } from '../transport/settings';
import { checkElementText, type XmlElement } from '../transport/xml';
import {
	attendees,
	boolean,
	buildFromFields,
	fieldsOf,
	isAtLeast,
	ITEM_FIELDS,
	ItemFieldError,
	text,
	timeZone,
	type ItemField,
	type ItemFields,
} from './itemFields';

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
	/** Windows time zone ids, so that attendees' clients show the zone the organiser meant. */
	startTimeZoneId?: string;
	endTimeZoneId?: string;
}

const calendarField = fieldsOf<CalendarItemFields>();

/** CalendarItemType: ItemType's fields, then its own sequence, restricted to what we write. */
const CALENDAR_ITEM_FIELDS: ReadonlyArray<ItemField<CalendarItemFields>> = [
	...ITEM_FIELDS,
	calendarField('Start', 'start', text),
	calendarField('End', 'end', text),
	calendarField('IsAllDayEvent', 'isAllDay', boolean),
	calendarField('LegacyFreeBusyStatus', 'legacyFreeBusyStatus', text),
	calendarField('Location', 'location', text),
	calendarField('RequiredAttendees', 'requiredAttendees', attendees),
	calendarField('OptionalAttendees', 'optionalAttendees', attendees),
	calendarField('Resources', 'resources', attendees),
	calendarField('StartTimeZone', 'startTimeZoneId', timeZone),
	calendarField('EndTimeZone', 'endTimeZoneId', timeZone),
];

/** A `t:CalendarItem` for CreateItem, refusing values the target version's schema lacks and text XML cannot carry. */
export function buildCalendarItem(item: CalendarItemFields, version: ExchangeVersion): XmlElement {
	const status = item.legacyFreeBusyStatus;
	if (status !== undefined && !isAtLeast(version, FREE_BUSY_SINCE[status])) {
		throw new ItemFieldError(
			'LegacyFreeBusyStatus',
			status,
			`it needs ${FREE_BUSY_SINCE[status]} or later, and the credential's Exchange version is ${version}; choose another status or a later version`,
		);
	}
	const element = buildFromFields('CalendarItem', item, CALENDAR_ITEM_FIELDS);
	checkElementText(element);
	return element;
}
