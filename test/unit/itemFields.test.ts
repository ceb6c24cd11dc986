import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCalendarItem } from '../../nodes/Exchange/ews/calendarItem';
import {
	additionalProperties,
	buildItem,
	CALENDAR_ITEM_FIELDS,
	deleteItemField,
	ItemFieldError,
	MESSAGE_FIELDS,
	readItem,
	setItemField,
} from '../../nodes/Exchange/ews/itemFields';
import { buildMessage } from '../../nodes/Exchange/ews/message';
import { el, parseXmlTree, serialize, type XmlElement } from '../../nodes/Exchange/transport/xml';
import { defaultSchemaDir, validateBody } from '../../sandbox/schemaValidator';
import { bareBody } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';

const valid = { valid: true, errors: [] };

/** An UpdateItem of one item with the given changes, as the next issue's module will send it. */
const updateItem = (...changes: XmlElement[]) =>
	el(
		'm:UpdateItem',
		{ ConflictResolution: 'AutoResolve', MessageDisposition: 'SaveOnly' },
		el('m:ItemChanges', undefined, el('t:ItemChange', undefined, el('t:ItemId', { Id: 'AAMkItem=' }), el('t:Updates', undefined, changes))),
	);

describe('the field table', () => {
	it('declares each field once per kind, with a FieldURI of its kind', () => {
		for (const table of [MESSAGE_FIELDS, CALENDAR_ITEM_FIELDS]) {
			expect(new Set(table.map((field) => field.key)).size).toBe(table.length);
			expect(new Set(table.map((field) => field.element)).size).toBe(table.length);
			for (const field of table) expect(field.uri).toMatch(/^(item|message|calendar):[A-Z]/);
		}
	});

	schemaIt('lists each kind\'s fields in the order of its xs:sequence in types.xsd', () => {
		const types = readFileSync(path.join(defaultSchemaDir(), 'types.xsd'), 'utf8');
		const sequence = (type: string) => {
			const start = types.indexOf(`<xs:complexType name="${type}">`);
			const body = types.slice(start, types.indexOf('</xs:complexType>', start));
			return [...body.matchAll(/<xs:element name="(\w+)"/g)].map((match) => match[1]);
		};
		const item = sequence('ItemType');
		for (const [table, own] of [
			[MESSAGE_FIELDS, sequence('MessageType')],
			[CALENDAR_ITEM_FIELDS, sequence('CalendarItemType')],
		] as const) {
			const order = [...item, ...own];
			const positions = table.map((field) => order.indexOf(field.element));
			expect(positions).not.toContain(-1);
			expect(positions).toEqual([...positions].sort((a, b) => a - b));
		}
	});

	schemaIt('writes a message with the fields given in schema order, the same from any order of input', async () => {
		const message = buildMessage(
			{ isRead: false, replyTo: [], bcc: [], cc: [], to: [{ address: 'bob@contoso.com' }], from: { address: 'shared@contoso.com', name: 'Shared' }, subject: 'Hi', flag: { status: 'Flagged' } },
			'Exchange2016',
		);
		expect(serialize(message)).toBe(
			'<t:Message><t:Subject>Hi</t:Subject><t:Flag><t:FlagStatus>Flagged</t:FlagStatus></t:Flag>' +
				'<t:ToRecipients><t:Mailbox><t:EmailAddress>bob@contoso.com</t:EmailAddress></t:Mailbox></t:ToRecipients>' +
				'<t:From><t:Mailbox><t:Name>Shared</t:Name><t:EmailAddress>shared@contoso.com</t:EmailAddress></t:Mailbox></t:From><t:IsRead>false</t:IsRead></t:Message>',
		);
		expect(await validateBody(bareBody(el('m:CreateItem', { MessageDisposition: 'SaveOnly' }, el('m:Items', undefined, message))))).toEqual(valid);
	});

	it('refuses to write a read-only field and a field newer than the version', () => {
		expect(() => buildItem('Message', { receivedAt: '2026-01-01T00:00:00Z' }, 'Exchange2016')).toThrow(ItemFieldError);
		expect(() => buildItem('Message', { receivedAt: '2026-01-01T00:00:00Z' }, 'Exchange2016')).toThrow('Exchange sets it');
		expect(() => buildMessage({ to: [], cc: [], bcc: [], replyTo: [], flag: { status: 'Flagged' } }, 'Exchange2010_SP2')).toThrow('needs Exchange2013 or later');
	});

	it('keeps a reminder of 0 minutes as ReminderIsSet false on a calendar item', () => {
		const item = serialize(buildCalendarItem({ start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z', reminderMinutes: 0 }, 'Exchange2016'));
		expect(item).toContain('<t:ReminderIsSet>false</t:ReminderIsSet>');
		expect(item).not.toContain('ReminderMinutesBeforeStart');
	});

	it('asks for fields by their FieldURIs, leaving out those the version lacks', () => {
		expect(serialize(additionalProperties('Message', ['subject', 'isRead', 'flag'], 'Exchange2016') as XmlElement)).toBe(
			'<t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="message:IsRead"/><t:FieldURI FieldURI="item:Flag"/></t:AdditionalProperties>',
		);
		expect(serialize(additionalProperties('Message', ['subject', 'flag'], 'Exchange2010_SP2') as XmlElement)).not.toContain('item:Flag');
		expect(() => additionalProperties('Message', ['start'], 'Exchange2016')).toThrow('Message has no field "start"');
	});

	schemaIt('builds SetItemField and DeleteItemField that an UpdateItem carries schema-valid', async () => {
		const changes = [
			setItemField('Message', 'isRead', true, 'Exchange2016'),
			setItemField('Message', 'categories', ['Done'], 'Exchange2016'),
			setItemField('Message', 'flag', { status: 'Complete', completeDate: '2026-12-01T10:00:00Z' }, 'Exchange2016'),
			setItemField('Message', 'importance', 'Low', 'Exchange2016'),
			deleteItemField('Message', 'categories', 'Exchange2016'),
		];
		expect(serialize(changes[0])).toBe('<t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>true</t:IsRead></t:Message></t:SetItemField>');
		expect(serialize(changes[4])).toBe('<t:DeleteItemField><t:FieldURI FieldURI="item:Categories"/></t:DeleteItemField>');
		expect(await validateBody(bareBody(updateItem(...changes)))).toEqual(valid);
		const calendar = setItemField('CalendarItem', 'location', 'Room 2', 'Exchange2016');
		expect(await validateBody(bareBody(el('m:UpdateItem', { ConflictResolution: 'AlwaysOverwrite', SendMeetingInvitationsOrCancellations: 'SendToNone' }, el('m:ItemChanges', undefined, el('t:ItemChange', undefined, el('t:ItemId', { Id: 'x' }), el('t:Updates', undefined, calendar))))))).toEqual(valid);
	});

	it('refuses SetItemField on read-only fields, empty values and versions that lack the field', () => {
		expect(() => setItemField('Message', 'hasAttachments', true, 'Exchange2016')).toThrow('Exchange sets it');
		expect(() => setItemField('Message', 'categories', [], 'Exchange2016')).toThrow('delete the field instead');
		expect(() => setItemField('Message', 'flag', { status: 'Flagged' }, 'Exchange2010_SP2')).toThrow('needs Exchange2013');
		expect(() => deleteItemField('Message', 'receivedAt', 'Exchange2016')).toThrow('Exchange sets it');
	});

	it('reads back what it writes', () => {
		const values = {
			subject: 'Round trip',
			body: { type: 'HTML', text: '<p>x &amp; y</p>' },
			categories: ['A', 'B'],
			importance: 'High',
			to: [{ name: 'Bob', address: 'bob@contoso.com' }],
			cc: [],
			bcc: [],
			replyTo: [],
			isRead: true,
		};
		const xml = serialize({ ...buildMessage(values as never, 'Exchange2016'), attrs: { xmlns: 'x' } });
		expect(readItem(parseXmlTree(xml))).toEqual({
			kind: 'Message',
			fields: { subject: 'Round trip', body: values.body, categories: ['A', 'B'], importance: 'High', to: values.to, isRead: true },
		});
	});
});
