import { validateEnvelope } from '../../sandbox/schemaValidator';
import { buildGetFolder } from '../../nodes/Exchange/ews/getFolder';
import { buildEnvelope } from '../../nodes/Exchange/transport/envelope';
import { EXCHANGE_VERSIONS } from '../../nodes/Exchange/transport/settings';
import { schemaIt } from '../helpers/schemaIt';

describe('SOAP envelope', () => {
	const body = buildGetFolder('msgfolderroot');

	it('puts RequestServerVersion, ExchangeImpersonation and TimeZoneContext in that order', () => {
		const xml = buildEnvelope(body, { version: 'Exchange2016', impersonate: 'alice@contoso.com', timeZoneId: 'W. Europe Standard Time' });
		const order = ['t:RequestServerVersion', 't:ExchangeImpersonation', 't:TimeZoneContext', 'soap:Body'].map((name) => xml.indexOf(`<${name}`));
		expect(order.every((position) => position > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(xml).toContain('<t:ConnectingSID><t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress></t:ConnectingSID>');
		expect(xml).toContain('xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"');
		expect(xml).toContain('xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"');
	});

	it('leaves out impersonation and time zone when not asked for', () => {
		const xml = buildEnvelope(body, { version: 'Exchange2013_SP1' });
		expect(xml).not.toContain('ExchangeImpersonation');
		expect(xml).not.toContain('TimeZoneContext');
		expect(xml).toContain('<t:RequestServerVersion Version="Exchange2013_SP1"/>');
	});

	schemaIt.each(EXCHANGE_VERSIONS.map((v) => [v]))('is schema-valid for %s with every header', async (version) => {
		const xml = buildEnvelope(buildGetFolder('inbox', 'bob@contoso.com'), {
			version,
			impersonate: 'alice@contoso.com',
			timeZoneId: 'Pacific Standard Time',
		});
		expect(await validateEnvelope(xml, version)).toEqual({ valid: true, errors: [] });
	});

	schemaIt('is refused by the schema for a version that does not exist (the check can fail)', async () => {
		const xml = buildEnvelope(body, { version: 'Exchange2019' as never });
		expect((await validateEnvelope(xml, 'Exchange2016')).valid).toBe(false);
	});
});
