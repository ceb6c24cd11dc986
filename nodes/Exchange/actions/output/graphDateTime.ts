import { DateTime } from 'luxon';
import { ianaZoneOf } from '../../helpers/dateTime';
import { EwsError } from '../../transport/errors';
import type { GraphJson } from '../../transport/graph/types';

/** Microsoft Graph's dateTimeTimeZone: a wall-clock time without offset and the zone it is in (Windows or IANA name). */

/** An instant as a dateTimeTimeZone in UTC. */
export function utcDateTimeTimeZone(milliseconds: number): { dateTime: string; timeZone: string } {
	return { dateTime: new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, ''), timeZone: 'UTC' };
}

/** The instant (UTC milliseconds) a dateTimeTimeZone names; Graph writes seven fractional digits, luxon reads three. */
export function readGraphDateTime(value: GraphJson | undefined, what: string): number {
	const text = String(value?.dateTime ?? '').replace(/(\.\d{3})\d+$/, '$1');
	const zone = ianaZoneOf(String(value?.timeZone ?? 'UTC'));
	// An offset in the text (which Graph does not write) would win over the zone.
	const parsed = zone ? DateTime.fromISO(text, { zone }) : undefined;
	if (!parsed?.isValid) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: `Microsoft Graph answered a ${what} that is not a date-time: ${JSON.stringify(value)}`,
			processing: 'processed',
		});
	}
	return parsed.toMillis();
}
