import { validateBody } from '../../sandbox/schemaValidator';
import { buildCreateItem } from '../../nodes/Exchange/ews/createItem';
import { buildMessage, type MessageFields } from '../../nodes/Exchange/ews/message';
import { serialize, type XmlElement } from '../../nodes/Exchange/transport/xml';
import { asArray, childObject, parseXml, textOf, type XmlObject } from '../helpers/xmlObjects';
import { bareBody, child, childNames } from '../helpers/ewsXml';
import { schemaIt } from '../helpers/schemaIt';

const sendRequest = (...messages: XmlElement[]) =>
	bareBody(buildCreateItem({ items: messages, messageDisposition: 'SendAndSaveCopy', savedItemFolder: { id: 'sentitems' } }));

/** The message as the server would read it: parsed back from the serialized request. */
const parsedMessage = (message: XmlElement): XmlObject => {
	const parsed = parseXml(serialize(message));
	return childObject(parsed, 'Message') as XmlObject;
};

const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const everything: MessageFields = {
	subject: 'Quarterly report',
	sensitivity: 'Confidential',
	body: { type: 'HTML', text: '<p>Hello</p>' },
	attachments: [
		{ name: 'report.pdf', contentType: 'application/pdf', content: bytes },
		{ name: 'notes.txt', contentType: 'text/plain', content: Buffer.from('plain') },
	],
	categories: ['Finance', 'Q4'],
	importance: 'High',
	to: [{ address: 'ann@contoso.com', name: 'Smith, Ann' }, { address: 'bob@contoso.com' }],
	cc: [{ address: 'cc@contoso.com' }],
	bcc: [{ address: 'bcc@contoso.com' }],
	replyTo: [{ address: 'replies@contoso.com', name: 'Replies' }],
	from: { address: 'shared@contoso.com' },
	isReadReceiptRequested: true,
	isDeliveryReceiptRequested: false,
};

describe('buildMessage', () => {
	it('writes every field in MessageType schema order', () => {
		expect(childNames(buildMessage(everything, 'Exchange2016'))).toEqual([
			't:Subject',
			't:Sensitivity',
			't:Body',
			't:Attachments',
			't:Categories',
			't:Importance',
			't:ToRecipients',
			't:CcRecipients',
			't:BccRecipients',
			't:IsReadReceiptRequested',
			't:IsDeliveryReceiptRequested',
			't:From',
			't:ReplyTo',
		]);
	});

	schemaIt.each(['Exchange2016', 'Exchange2010_SP2'])('passes the %s schema with every field set', async (version) => {
		const result = await validateBody(sendRequest(buildMessage(everything, 'Exchange2016')), version);
		expect(result).toEqual({ valid: true, errors: [] });
	});

	schemaIt('fails the schema when the order is broken, so the checks above can fail', async () => {
		const message = buildMessage(everything, 'Exchange2016');
		const swapped = { ...message, children: [...message.children].reverse() };
		const result = await validateBody(sendRequest(swapped));
		expect(result.valid).toBe(false);
		expect(result.errors.join('\n')).toMatch(/not expected/);
	});

	schemaIt('writes only what is given, leaving out empty recipient lists', async () => {
		const message = buildMessage({ to: [{ address: 'a@contoso.com' }], cc: [], bcc: [], replyTo: [], categories: [], attachments: [] }, 'Exchange2016');
		expect(childNames(message)).toEqual(['t:ToRecipients']);
		expect(await validateBody(sendRequest(message))).toEqual({ valid: true, errors: [] });
	});

	it('writes recipients as Mailbox with Name then EmailAddress, and From as a single Mailbox', () => {
		const message = buildMessage(everything, 'Exchange2016');
		expect(serialize(child(message, 't:ToRecipients'))).toBe(
			'<t:ToRecipients><t:Mailbox><t:Name>Smith, Ann</t:Name><t:EmailAddress>ann@contoso.com</t:EmailAddress></t:Mailbox>' +
				'<t:Mailbox><t:EmailAddress>bob@contoso.com</t:EmailAddress></t:Mailbox></t:ToRecipients>',
		);
		expect(serialize(child(message, 't:From'))).toBe(
			'<t:From><t:Mailbox><t:EmailAddress>shared@contoso.com</t:EmailAddress></t:Mailbox></t:From>',
		);
		expect(serialize(child(message, 't:Categories'))).toBe('<t:Categories><t:String>Finance</t:String><t:String>Q4</t:String></t:Categories>');
		expect(serialize(child(message, 't:IsDeliveryReceiptRequested'))).toBe('<t:IsDeliveryReceiptRequested>false</t:IsDeliveryReceiptRequested>');
	});

	it('writes file attachments in FileAttachmentType order with their bytes intact', () => {
		const message = buildMessage(everything, 'Exchange2016');
		const first = child(child(message, 't:Attachments'), 't:FileAttachment');
		expect(childNames(first)).toEqual(['t:Name', 't:ContentType', 't:IsInline', 't:Content']);
		const parsed = asArray(childObject(parsedMessage(message), 'Attachments')?.FileAttachment) as XmlObject[];
		expect(parsed.map((a) => textOf(a.Name))).toEqual(['report.pdf', 'notes.txt']);
		expect(parsed.map((a) => textOf(a.IsInline))).toEqual(['false', 'false']);
		expect(Buffer.from(textOf(parsed[0].Content) as string, 'base64').equals(bytes)).toBe(true);
	});

	schemaIt('carries markup characters, CDATA ends, quotes, emoji, right-to-left text and a 1 MB body intact', async () => {
		const subject = 'a < b && c > d ]]> "quoted" \'single\' 🎉 שלום עולם مرحبا';
		const text = `<html><body dir="rtl">${'שלום ]]> & 🎉 '.repeat(80_000)}</body></html>\r\nend`;
		expect(Buffer.byteLength(text)).toBeGreaterThan(1_000_000);
		const message = buildMessage({
			subject,
			body: { type: 'HTML', text },
			to: [{ address: 'ann@contoso.com', name: 'אנה "Ann" <Smith> & Co 😀' }],
			cc: [],
			bcc: [],
			replyTo: [],
		}, 'Exchange2016');
		const parsed = parsedMessage(message);
		expect(textOf(parsed.Subject)).toBe(subject);
		expect(textOf(parsed.Body)).toBe(text);
		expect((childObject(parsed, 'Body') as XmlObject)['@BodyType']).toBe('HTML');
		expect(textOf(childObject(childObject(parsed, 'ToRecipients'), 'Mailbox')?.Name)).toBe('אנה "Ann" <Smith> & Co 😀');
		expect(await validateBody(sendRequest(message))).toEqual({ valid: true, errors: [] });
	});
});
