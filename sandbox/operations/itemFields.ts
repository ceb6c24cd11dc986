import { DateTime } from 'luxon';
import { findIana } from 'windows-iana';
import { XmlObject, XmlValue, asArray, childObject, textOf } from '../../nodes/Exchange/transport/xml';
import { Address, Body, DateTimeValue, NewAttachment } from '../store';
import { ItemError } from './context';

/** Reads the item properties of a CreateItem request into the store's typed shapes. */

export function text(parent: XmlObject | undefined, name: string): string | undefined {
	return parent ? textOf(parent[name]) : undefined;
}

export function bool(parent: XmlObject | undefined, name: string): boolean | undefined {
	const value = text(parent, name)?.trim();
	return value === undefined ? undefined : value === 'true' || value === '1';
}

function objects(value: XmlValue | undefined): XmlObject[] {
	return asArray(value).map((v) => (typeof v === 'string' ? { '#text': v } : (v as XmlObject)));
}

function mailboxAddress(mailbox: XmlObject | undefined): Address | undefined {
	const address = text(mailbox, 'EmailAddress')?.trim();
	if (!address) return undefined;
	const name = text(mailbox, 'Name');
	return name === undefined ? { address } : { address, name };
}

/** `<t:ToRecipients><t:Mailbox>...` and the like. */
export function mailboxList(parent: XmlObject | undefined, name: string): Address[] {
	return objects(childObject(parent, name)?.Mailbox).flatMap((m) => mailboxAddress(m) ?? []);
}

/** `<t:From><t:Mailbox>...</t:Mailbox></t:From>`. */
export function singleMailbox(parent: XmlObject | undefined, name: string): Address | undefined {
	return mailboxAddress(childObject(childObject(parent, name), 'Mailbox'));
}

/** `<t:RequiredAttendees><t:Attendee><t:Mailbox>...` */
export function attendees(parent: XmlObject | undefined, name: string): Address[] {
	return objects(childObject(parent, name)?.Attendee).flatMap((a) => mailboxAddress(childObject(a, 'Mailbox')) ?? []);
}

export function body(parent: XmlObject | undefined): Body | undefined {
	const element = parent?.Body;
	if (element === undefined) return undefined;
	const object = childObject(parent, 'Body');
	const type = textOf(object?.['@BodyType']) === 'HTML' ? 'HTML' : 'Text';
	return { type, text: textOf(element) ?? '' };
}

export function categories(parent: XmlObject | undefined): string[] {
	const list = childObject(parent, 'Categories');
	return asArray(list?.String).map((s) => textOf(s) ?? '');
}

export function fileAttachments(parent: XmlObject | undefined): NewAttachment[] {
	return objects(childObject(parent, 'Attachments')?.FileAttachment).map((a) => ({
		name: text(a, 'Name') ?? '',
		contentType: text(a, 'ContentType'),
		contentId: text(a, 'ContentId'),
		isInline: bool(a, 'IsInline') ?? false,
		content: Buffer.from(text(a, 'Content') ?? '', 'base64'),
	}));
}

export function timeZoneId(parent: XmlObject | undefined, name: string): string | undefined {
	const zone = childObject(parent, name);
	return zone ? textOf(zone['@Id']) : undefined;
}

/**
 * A dateTime with Z or an offset is taken literally; an offset-less one is read in the given Windows time
 * zone when it maps to an IANA zone, else as UTC.
 */
export function dateTime(raw: string | undefined, windowsZone: string | undefined): DateTimeValue | undefined {
	if (raw === undefined) return undefined;
	const value = raw.trim();
	const iana = windowsZone ? findIana(windowsZone)[0] : undefined;
	const parsed = DateTime.fromISO(value, { zone: iana ?? 'utc' });
	if (!parsed.isValid) throw new ItemError('ErrorInvalidValueForProperty', `The value '${value}' is not a valid date and time.`);
	return { raw: value, instant: parsed.toJSDate() };
}
