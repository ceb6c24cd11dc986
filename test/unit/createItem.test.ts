import { validateBody } from '../../sandbox/schemaValidator';
import { buildCalendarItem } from '../../nodes/Exchange/ews/calendarItem';
import { buildCreateItem, CreateItemError, readCreatedItemIds } from '../../nodes/Exchange/ews/createItem';
import { buildMessage } from '../../nodes/Exchange/ews/message';
import { readSoapAnswer, type EwsResponseMessage } from '../../nodes/Exchange/transport/responses';
import { serialize } from '../../nodes/Exchange/transport/xml';
import { asArray, childObject, parseXml } from '../helpers/xmlObjects';
import { bareBody } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';

const message = (to: string) => buildMessage({ subject: 'Hi', to: [{ address: to }], cc: [], bcc: [], replyTo: [] }, 'Exchange2016');
const appointment = buildCalendarItem(
	{ subject: 'Sync', start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T09:30:00+01:00' },
	'Exchange2016',
);

describe('buildCreateItem', () => {
	schemaIt('sends a message saving the copy in another mailbox’s Sent Items', async () => {
		const request = buildCreateItem({
			items: [message('a@contoso.com')],
			messageDisposition: 'SendAndSaveCopy',
			savedItemFolder: { id: 'sentitems', mailbox: 'shared@contoso.com' },
		});
		expect(serialize(request)).toBe(
			'<m:CreateItem MessageDisposition="SendAndSaveCopy">' +
				'<m:SavedItemFolderId><t:DistinguishedFolderId Id="sentitems"><t:Mailbox><t:EmailAddress>shared@contoso.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></m:SavedItemFolderId>' +
				'<m:Items><t:Message><t:Subject>Hi</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>a@contoso.com</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items>' +
				'</m:CreateItem>',
		);
		expect(await validateBody(bareBody(request))).toEqual({ valid: true, errors: [] });
		expect(await validateBody(bareBody(request), 'Exchange2010_SP2')).toEqual({ valid: true, errors: [] });
	});

	schemaIt('sends without a folder and with several items', async () => {
		const request = buildCreateItem({ items: [message('a@contoso.com'), message('b@contoso.com')], messageDisposition: 'SendOnly' });
		const xml = bareBody(request);
		expect(xml).not.toContain('SavedItemFolderId');
		expect(asArray(childObject(childObject(parseXml(xml), 'CreateItem'), 'Items')?.Message)).toHaveLength(2);
		expect(await validateBody(xml)).toEqual({ valid: true, errors: [] });
	});

	schemaIt('creates a calendar item in a delegate’s calendar with invitations', async () => {
		const request = buildCreateItem({
			items: [appointment],
			sendMeetingInvitations: 'SendToAllAndSaveCopy',
			savedItemFolder: { id: 'calendar', mailbox: 'boss@contoso.com' },
		});
		const xml = bareBody(request);
		expect(xml).toMatch(/^<m:CreateItem [^>]*SendMeetingInvitations="SendToAllAndSaveCopy">/);
		expect(xml).not.toContain('MessageDisposition');
		expect(xml).toContain('<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>boss@contoso.com</t:EmailAddress>');
		expect(await validateBody(xml)).toEqual({ valid: true, errors: [] });
	});

	it('declares no namespaces itself: the envelope does', () => {
		expect(serialize(buildCreateItem({ items: [appointment], sendMeetingInvitations: 'SendToNone' }))).not.toContain('xmlns');
	});

	it('refuses a folder with SendOnly and an empty item list', () => {
		expect(() =>
			buildCreateItem({ items: [message('a@contoso.com')], messageDisposition: 'SendOnly', savedItemFolder: { id: 'sentitems' } }),
		).toThrow(CreateItemError);
		expect(() => buildCreateItem({ items: [], messageDisposition: 'SaveOnly' })).toThrow('CreateItem needs at least one item');
	});
});

const NS = 'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';

/** The CreateItemResponseMessages of an answer, read as the transport reads it. */
function responseMessages(messages: string): EwsResponseMessage[] {
	return readSoapAnswer(
		`<?xml version="1.0" encoding="utf-8"?><s:Envelope ${NS}><s:Body><m:CreateItemResponse><m:ResponseMessages>${messages}</m:ResponseMessages></m:CreateItemResponse></s:Body></s:Envelope>`,
		200,
	).messages;
}

describe('readCreatedItemIds', () => {
	it('reads the ItemId of a created calendar item and of a saved message', () => {
		const [calendar, saved] = responseMessages(
			'<m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>' +
				'<t:CalendarItem><t:ItemId Id="AAMkCal=" ChangeKey="DwAAAB"/></t:CalendarItem></m:Items></m:CreateItemResponseMessage>' +
				'<m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>' +
				'<t:Message><t:ItemId Id="AAMkMsg+/=" ChangeKey="CQAAAB&amp;"/></t:Message></m:Items></m:CreateItemResponseMessage>',
		);
		expect(readCreatedItemIds(calendar)).toEqual([{ id: 'AAMkCal=', changeKey: 'DwAAAB' }]);
		expect(readCreatedItemIds(saved)).toEqual([{ id: 'AAMkMsg+/=', changeKey: 'CQAAAB&' }]);
	});

	it('returns nothing for a sent message, whose Items are empty', () => {
		const [sent] = responseMessages(
			'<m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items/></m:CreateItemResponseMessage>',
		);
		expect(readCreatedItemIds(sent)).toEqual([]);
	});

	it('reads several items of different types in one response message', () => {
		const [response] = responseMessages(
			'<m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>' +
				'<t:Message><t:ItemId Id="m1" ChangeKey="k1"/></t:Message><t:Message><t:ItemId Id="m2" ChangeKey="k2"/></t:Message>' +
				'<t:MeetingRequest><t:ItemId Id="r1"/></t:MeetingRequest></m:Items></m:CreateItemResponseMessage>',
		);
		expect(readCreatedItemIds(response)).toEqual([
			{ id: 'm1', changeKey: 'k1' },
			{ id: 'm2', changeKey: 'k2' },
			{ id: 'r1', changeKey: '' },
		]);
	});

	it('refuses an ItemId without Id', () => {
		const [response] = responseMessages(
			'<m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>' +
				'<t:CalendarItem><t:ItemId ChangeKey="k"/></t:CalendarItem></m:Items></m:CreateItemResponseMessage>',
		);
		expect(() => readCreatedItemIds(response)).toThrow('The server returned an ItemId without an Id');
	});

	it('returns nothing for an error response without Items', () => {
		const [failed] = responseMessages(
			'<m:CreateItemResponseMessage ResponseClass="Error"><m:MessageText>x</m:MessageText><m:ResponseCode>ErrorInvalidRecipients</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/></m:CreateItemResponseMessage>',
		);
		expect(readCreatedItemIds(failed)).toEqual([]);
	});
});
