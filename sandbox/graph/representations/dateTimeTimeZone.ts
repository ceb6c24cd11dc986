import { DateTime, IANAZone } from 'luxon';
import { findIana, findWindows } from 'windows-iana';
import { findWindowsZone, instantToLocal, localToInstant, type ZoneRule } from '../../timeZoneRules';
import { GraphError } from '../types';

/**
 * Graph's dateTimeTimeZone ({"dateTime": "2026-12-01T09:00:00.0000000", "timeZone": "W. Europe Standard Time"})
 * read and written with the sandbox's own time zone rules (timeZoneRules.ts). Graph takes Windows names and
 * IANA names in `timeZone`; a zone the rules lack but that windows-iana maps is read with luxon's IANA data,
 * as the sandbox's EWS side reads StartTimeZone. Answers are in UTC unless the request's
 * `Prefer: outlook.timezone="..."` names another zone, which the answer then names in Preference-Applied.
 */

export interface GraphZone {
	/** As the client gave it (answers name the zone so). */
	name: string;
	/** The Windows id, when the zone has one (what EWS's StartTimeZone holds). */
	windowsId?: string;
	rule?: ZoneRule;
	/** Only when the rules lack the zone. */
	iana?: string;
}

const UTC_NAMES = ['utc', 'etc/utc', 'etc/gmt', 'gmt', 'tzone://microsoft/utc', 'coordinated universal time'];

export const UTC_ZONE: GraphZone = { name: 'UTC', windowsId: 'UTC', rule: { bias: 0 } };

/** A Windows or IANA zone name as Graph takes it; undefined for a name Graph would not know. */
export function resolveZone(name: string): GraphZone | undefined {
	const trimmed = name.trim();
	if (!trimmed) return undefined;
	if (UTC_NAMES.includes(trimmed.toLowerCase())) return { ...UTC_ZONE, name: trimmed };
	const windows = findWindowsZone(trimmed);
	if (windows) return { name: trimmed, windowsId: windows.id, rule: windows };
	const windowsId = IANAZone.isValidZone(trimmed) ? findWindows(trimmed)[0] : undefined;
	const known = windowsId ? findWindowsZone(windowsId) : undefined;
	if (known) return { name: trimmed, windowsId: known.id, rule: known };
	const iana = findIana(trimmed)[0] ?? (IANAZone.isValidZone(trimmed) ? trimmed : undefined);
	if (!iana) return undefined;
	return { name: trimmed, windowsId: windowsId ?? (findIana(trimmed).length > 0 ? trimmed : undefined), iana };
}

function unsupported(name: string): GraphError {
	return new GraphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`);
}

/** The zone of a request's dateTimeTimeZone; refused as Graph refuses an unknown one. */
export function requireZone(name: unknown): GraphZone {
	const zone = typeof name === 'string' ? resolveZone(name) : undefined;
	if (!zone) throw unsupported(String(name ?? ''));
	return zone;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/** The instant a local wall-clock text names in the zone. */
export function localInstant(text: string, zone: GraphZone): Date | undefined {
	const match = LOCAL.exec(text.trim());
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s] = match;
	if (zone.iana) {
		const parsed = DateTime.fromObject({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +(s ?? 0) }, { zone: zone.iana });
		return parsed.isValid ? parsed.toJSDate() : undefined;
	}
	const wallClock = Date.UTC(+y, +mo - 1, +d, +h, +mi, +(s ?? 0));
	return Number.isNaN(wallClock) ? undefined : localToInstant(zone.rule ?? { bias: 0 }, wallClock);
}

/** A request's dateTimeTimeZone as the instant it names and the zone it was given in; `field` names it in errors. */
export function readDateTimeTimeZone(value: unknown, field: string): { instant: Date; raw: string; zone: GraphZone } {
	const given = value as { dateTime?: unknown; timeZone?: unknown } | null | undefined;
	if (!given || typeof given !== 'object' || typeof given.dateTime !== 'string') {
		throw new GraphError(400, 'ErrorInvalidRequest', `The property '${field}' must be a dateTimeTimeZone with dateTime and timeZone.`);
	}
	const zone = requireZone(given.timeZone);
	const instant = localInstant(given.dateTime, zone);
	if (!instant) throw new GraphError(400, 'ErrorInvalidRequest', `Cannot convert the literal '${given.dateTime}' to the expected type 'Edm.DateTime'.`);
	return { instant, raw: given.dateTime, zone };
}

/** The wall-clock text Graph writes: seven fractional digits, no offset. */
function localText(instant: Date, zone: GraphZone): string {
	const wallClock = zone.iana
		? DateTime.fromJSDate(instant, { zone: zone.iana }).toFormat("yyyy-MM-dd'T'HH:mm:ss")
		: new Date(instantToLocal(zone.rule ?? { bias: 0 }, instant)).toISOString().slice(0, 19);
	return `${wallClock}.0000000`;
}

export function writeDateTimeTimeZone(instant: Date, zone: GraphZone): { dateTime: string; timeZone: string } {
	return { dateTime: localText(instant, zone), timeZone: zone.name };
}

/** One preference of a Prefer header (`outlook.timezone="Pacific Standard Time", outlook.body-content-type="text"`). */
export function preference(headers: Record<string, string | undefined>, name: string): string | undefined {
	const header = headers.prefer ?? '';
	const pattern = new RegExp(`(?:^|,)\\s*${name.replace(/\./g, '\\.')}\\s*=\\s*(?:"([^"]*)"|([^,\\s]*))`, 'i');
	const match = pattern.exec(header);
	return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * The zone answers are written in: the Prefer header's outlook.timezone, or UTC. An unknown zone in the
 * header is ignored, as Graph ignores preferences it cannot apply, and the answer stays in UTC.
 */
export function answerZone(headers: Record<string, string | undefined>): { zone: GraphZone; applied?: string } {
	const wanted = preference(headers, 'outlook.timezone');
	const zone = wanted === undefined ? undefined : resolveZone(wanted);
	return zone ? { zone, applied: `outlook.timezone="${zone.name}"` } : { zone: UTC_ZONE };
}
