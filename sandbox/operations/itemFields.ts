import { DateTime } from 'luxon';
import { findIana } from 'windows-iana';
import { Address, Body, DateTimeValue, NewAttachment } from '../store';
import { ParsedElement } from '../xml';
import { ItemError } from './context';

/** Reads the item properties of a CreateItem request (all in the types namespace) into the store's typed shapes. */

export function text(item: ParsedElement, name: string): string | undefined {
	return item.childText(`t:${name}`);
}

export function bool(item: ParsedElement, name: string): boolean | undefined {
	const value = text(item, name)?.trim();
	return value === undefined ? undefined : value === 'true' || value === '1';
}

function mailboxAddress(mailbox: ParsedElement | undefined): Address | undefined {
	const address = mailbox?.childText('t:EmailAddress')?.trim();
	if (!mailbox || !address) return undefined;
	const name = mailbox.childText('t:Name');
	return name === undefined ? { address } : { address, name };
}

/** `<t:ToRecipients><t:Mailbox>...` and the like. */
export function mailboxList(item: ParsedElement, name: string): Address[] {
	return (item.child(`t:${name}`)?.children('t:Mailbox') ?? []).flatMap((m) => mailboxAddress(m) ?? []);
}

/** `<t:From><t:Mailbox>...</t:Mailbox></t:From>`. */
export function singleMailbox(item: ParsedElement, name: string): Address | undefined {
	return mailboxAddress(item.path(`t:${name}`, 't:Mailbox'));
}

/** `<t:RequiredAttendees><t:Attendee><t:Mailbox>...` */
export function attendees(item: ParsedElement, name: string): Address[] {
	return (item.child(`t:${name}`)?.children('t:Attendee') ?? []).flatMap((a) => mailboxAddress(a.child('t:Mailbox')) ?? []);
}

export function body(item: ParsedElement): Body | undefined {
	const element = item.child('t:Body');
	if (!element) return undefined;
	return { type: element.attr('BodyType') === 'HTML' ? 'HTML' : 'Text', text: element.text() };
}

export function categories(item: ParsedElement): string[] {
	return (item.child('t:Categories')?.children('t:String') ?? []).map((s) => s.text());
}

export function fileAttachments(item: ParsedElement): NewAttachment[] {
	return (item.child('t:Attachments')?.children('t:FileAttachment') ?? []).map(fileAttachment);
}

/** One `t:FileAttachment` of a CreateItem or CreateAttachment request. */
export function fileAttachment(a: ParsedElement): NewAttachment {
	return {
		name: text(a, 'Name') ?? '',
		contentType: text(a, 'ContentType'),
		contentId: text(a, 'ContentId'),
		isInline: bool(a, 'IsInline') ?? false,
		content: Buffer.from(text(a, 'Content') ?? '', 'base64'),
	};
}

export function timeZoneId(item: ParsedElement, name: string): string | undefined {
	return item.child(`t:${name}`)?.attr('Id');
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
