import { EwsError } from '../../nodes/Exchange/transport/errors';
import { readSoapAnswer, responseMessageError } from '../../nodes/Exchange/transport/responses';

const envelope = (body: string) =>
	`<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ServerVersionInfo MajorVersion="15" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header><s:Body>${body}</s:Body></s:Envelope>`;

const M = 'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';

function thrown(action: () => unknown): EwsError {
	try {
		action();
	} catch (error) {
		return error as EwsError;
	}
	throw new Error('expected an error');
}

describe('reading EWS answers', () => {
	it('reads one ResponseMessage per item, in order, with class, code and text', () => {
		const answer = readSoapAnswer(
			envelope(
				`<m:CreateItemResponse ${M}><m:ResponseMessages>` +
					'<m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items/></m:CreateItemResponseMessage>' +
					'<m:CreateItemResponseMessage ResponseClass="Error"><m:MessageText>Recipient unknown</m:MessageText><m:ResponseCode>ErrorInvalidRecipients</m:ResponseCode></m:CreateItemResponseMessage>' +
					'<m:CreateItemResponseMessage ResponseClass="Error"><m:MessageText>Busy</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:MessageXml><t:Value Name="BackOffMilliseconds">2500</t:Value></m:MessageXml></m:CreateItemResponseMessage>' +
					'</m:ResponseMessages></m:CreateItemResponse>',
			),
			200,
		);
		expect(answer.messages.map((m) => [m.responseClass, m.responseCode, m.messageText, m.backOffMs])).toEqual([
			['Success', 'NoError', undefined, undefined],
			['Error', 'ErrorInvalidRecipients', 'Recipient unknown', undefined],
			['Error', 'ErrorServerBusy', 'Busy', 2500],
		]);
		const failed = responseMessageError(answer.messages[1]);
		expect(failed).toMatchObject({ code: 'ErrorInvalidRecipients', processing: 'processed' });
		expect(failed.message).toBe('ErrorInvalidRecipients: Recipient unknown');
		expect(responseMessageError(answer.messages[2])).toMatchObject({ processing: 'notProcessed', backOffMs: 2500 });
	});

	it('turns a SOAP fault into an error with the EWS code, message, hint and back-off', () => {
		const error = thrown(() =>
			readSoapAnswer(
				envelope(
					'<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode><faultstring xml:lang="en-US">The server cannot service this request right now. Try again later.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request right now. Try again later.</e:Message><t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">30000</t:Value></t:MessageXml></detail></s:Fault>',
				),
				500,
			),
		);
		expect(error).toMatchObject({ code: 'ErrorServerBusy', httpStatus: 500, processing: 'notProcessed', backOffMs: 30000 });
		expect(error.hint).toMatch(/throttling/);
	});

	it('falls back to the fault code when a fault has no EWS detail', () => {
		const error = thrown(() => readSoapAnswer(envelope('<s:Fault><faultcode>a:ErrorSchemaValidation</faultcode><faultstring>bad</faultstring></s:Fault>'), 500));
		expect(error).toMatchObject({ code: 'ErrorSchemaValidation', message: 'ErrorSchemaValidation: bad' });
	});

	it('says an XML answer that is not SOAP is not EWS', () => {
		expect(thrown(() => readSoapAnswer('<html><body>Sign in</body></html>', 200)).code).toBe('NotEws');
	});

	it('refuses an answer with a DOCTYPE', () => {
		const error = thrown(() => readSoapAnswer('<!DOCTYPE x [<!ENTITY a "b">]>' + envelope(''), 200));
		expect(error.code).toBe('InvalidResponse');
		expect(error.message).toMatch(/DOCTYPE/);
	});
});
