import { NS_MESSAGES, NS_TYPES, XmlChild, el, serialize } from '../../nodes/Exchange/transport/xml';
import { SchemaValidator, validateBody, validateEnvelope } from '../../sandbox/schemaValidator';
import { startSandbox } from '../../sandbox/server';
import { SVC, basicAuth, envelope, faultOf, getFolderBody, mailbox, post } from './client';
import { schemaIt } from '../helpers/schemaIt';

const namespaces = { 'xmlns:m': NS_MESSAGES, 'xmlns:t': NS_TYPES };

function createMessage(...messageChildren: XmlChild[]) {
	return el('m:CreateItem', { MessageDisposition: 'SendAndSaveCopy' }, el('m:Items', undefined, el('t:Message', undefined, messageChildren)));
}

const subject = el('t:Subject', undefined, 'Quarterly numbers');
const body = el('t:Body', { BodyType: 'HTML' }, '<p>Hi</p>');
const to = el('t:ToRecipients', undefined, mailbox('bob@contoso.com'));

describe('EWS schema validation', () => {
	schemaIt('accepts a CreateItem envelope with the schema order Subject, Body, ToRecipients', async () => {
		const result = await validateEnvelope(envelope(createMessage(subject, body, to)));
		expect(result).toEqual({ valid: true, errors: [] });
	});

	schemaIt('rejects a Message whose ToRecipients come before its Subject and names the element', async () => {
		const result = await validateEnvelope(envelope(createMessage(to, subject, body)));
		expect(result.valid).toBe(false);
		expect(result.errors.join('\n')).toMatch(/Element '\{http:\/\/schemas\.microsoft\.com\/exchange\/services\/2006\/types\}Subject': This element is not expected/);
	});

	schemaIt('rejects https namespaces, which real servers refuse', async () => {
		const wrongNamespace = envelope(createMessage(subject, body, to)).replace(
			'http://schemas.microsoft.com/exchange/services/2006/messages',
			'https://schemas.microsoft.com/exchange/services/2006/messages',
		);
		expect((await validateEnvelope(wrongNamespace)).valid).toBe(false);
	});

	schemaIt('validates a bare body element, and checks Exchange2010_SP2 requests against the older schema', async () => {
		const calendarItem = serialize(
			el(
				'm:CreateItem',
				{ ...namespaces, SendMeetingInvitations: 'SendToNone' },
				el(
					'm:Items',
					undefined,
					el('t:CalendarItem', undefined, el('t:Subject', undefined, 'Standup'), el('t:StartTimeZoneId', undefined, 'W. Europe Standard Time')),
				),
			),
		);
		expect((await validateBody(calendarItem, 'Exchange2016')).valid).toBe(true);
		const older = await validateBody(calendarItem, 'Exchange2010_SP2');
		expect(older.valid).toBe(false);
		expect(older.errors.join('\n')).toContain('StartTimeZoneId');
	});

	schemaIt('reports a document that is not well-formed as invalid instead of failing the batch', async () => {
		const validator = new SchemaValidator();
		const [good, broken] = await Promise.all([
			validator.validate(envelope(createMessage(subject)), 'envelope'),
			validator.validate('<s:Envelope', 'envelope'),
		]);
		expect(good.valid).toBe(true);
		expect(broken.valid).toBe(false);
		expect(broken.errors.length).toBeGreaterThan(0);
	});

	schemaIt('validates requests that arrive together in one xmllint run', async () => {
		const validator = new SchemaValidator();
		const documents = [createMessage(subject), createMessage(to, subject), createMessage(subject, body, to)].map((b) => envelope(b));
		const results = await Promise.all(documents.map((d) => validator.validate(d, 'envelope')));
		expect(results.map((r) => r.valid)).toEqual([true, false, true]);
		expect(results[1].errors[0]).toMatch(/^line \d+: /);
		expect(validator.runs).toBe(1);
	});

	it('a sandbox without the schema folder says so once and serves unvalidated', async () => {
		const notices: string[] = [];
		const log = (line: string) => notices.push(line);
		const first = await startSandbox({ schemaDir: '/nonexistent/ews-schema', log });
		const second = await startSandbox({ schemaDir: '/nonexistent/ews-schema', log });
		try {
			const answer = await post(first.httpUrl, envelope(getFolderBody('inbox')), basicAuth(SVC.user, SVC.password));
			expect(answer.status).toBe(200);
			expect(first.requests[0].schema).toBe('skipped');
			expect(notices).toEqual(['schema validation skipped: ../shared/ews-schema not found']);
		} finally {
			await Promise.all([first.close(), second.close()]);
		}
	});

	schemaIt('refuses a request declaring a DOCTYPE before validating anything', async () => {
		const sandbox = await startSandbox({ log: () => undefined });
		try {
			const withDoctype = envelope(getFolderBody('inbox')).replace('<s:Envelope', '<!DOCTYPE x [<!ENTITY e "boom">]><s:Envelope');
			const answer = await post(sandbox.httpUrl, withDoctype, basicAuth(SVC.user, SVC.password));
			expect(answer.status).toBe(500);
			expect(faultOf(answer.body)).toMatchObject({
				responseCode: 'ErrorSchemaValidation',
				message: 'The request failed schema validation: DTD is prohibited in this XML document.',
			});
		} finally {
			await sandbox.close();
		}
	});
});
