import { buildCustomRequest, CustomRequestError, elementToJson } from '../../nodes/Exchange/ews/customRequest';
import { parseElement, parseXmlTree, serialize, XmlParseError } from '../../nodes/Exchange/transport/xml';
import { soapAnswer } from '../helpers/soapAnswer';

const LABEL = '"Request Body"';

describe('the user\'s request body', () => {
	it('is kept as written, indentation dropped and text escaped again', () => {
		const element = buildCustomRequest(
			'<m:ResolveNames ReturnFullContactData="false">\n  <m:UnresolvedEntry>O&apos;Brien &amp; Co</m:UnresolvedEntry>\n</m:ResolveNames>\n',
			LABEL,
		);
		expect(serialize(element)).toBe('<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>O\'Brien &amp; Co</m:UnresolvedEntry></m:ResolveNames>');
	});

	it.each([
		['not well-formed', '<m:GetFolder><m:FolderShape></m:GetFolder>', /is not well-formed XML: .*line 1/],
		['two elements', '<m:GetFolder/><m:GetItem/>', /must be exactly one XML element, but it has 2/],
		['text before the element', 'hello <m:GetFolder/>', /is not well-formed XML/],
		['text after the element', '<m:GetFolder/> hello', /has 1 top-level elements and text outside them/],
		['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e "boom">]><m:GetFolder>&e;</m:GetFolder>', /declares a DOCTYPE, which is refused/],
		['a whole SOAP envelope', '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>', /is a SOAP Envelope: give only the operation element/],
		['no EWS prefix', '<GetFolder/>', /write it as <m:GetFolder>/],
	])('is refused when %s', (_case, xml, message) => {
		expect(() => buildCustomRequest(xml, LABEL)).toThrow(CustomRequestError);
		expect(() => buildCustomRequest(xml, LABEL)).toThrow(message);
	});

	it('may declare its own namespace', () => {
		expect(buildCustomRequest('<GetFolder xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"/>', LABEL).name).toBe('GetFolder');
	});
});

describe('the ordered tree of an answer', () => {
	it('keeps mixed kinds in document order and refuses DOCTYPE', () => {
		const root = parseXmlTree('<a:Changes xmlns:a="x"><a:Create>1</a:Create><a:ReadFlagChange>2</a:ReadFlagChange><a:Update>3</a:Update><a:Create>4</a:Create><a:Delete>5</a:Delete></a:Changes>');
		expect(root.children.map((child) => `${child.name}:${child.text}`)).toEqual(['Create:1', 'ReadFlagChange:2', 'Update:3', 'Create:4', 'Delete:5']);
		expect(() => parseXmlTree('<!DOCTYPE a><a/>')).toThrow(XmlParseError);
		expect(() => parseElement('<!doctype a><a/>', 'x')).toThrow('DOCTYPE');
	});
});

describe('the JSON mapping of an answer', () => {
	it('maps attributes, text, single and repeated children as README documents', () => {
		const answer = soapAnswer(
			'<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
				'<m:RootFolder TotalItemsInView="3" IncludesLastItemInRange="true"><t:Items>' +
				'<t:Message><t:ItemId Id="a" ChangeKey="k"/><t:Subject>One</t:Subject><t:Body BodyType="Text">Hi</t:Body><t:Categories/></t:Message>' +
				'<t:CalendarItem><t:ItemId Id="b"/></t:CalendarItem><t:Message><t:ItemId Id="c"/></t:Message>' +
				'</t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>',
		);
		expect(elementToJson(answer.body)).toEqual({
			ResponseMessages: {
				FindItemResponseMessage: {
					'@ResponseClass': 'Success',
					ResponseCode: 'NoError',
					RootFolder: {
						'@TotalItemsInView': '3',
						'@IncludesLastItemInRange': 'true',
						Items: {
							Message: [
								{ ItemId: { '@Id': 'a', '@ChangeKey': 'k' }, Subject: 'One', Body: { '@BodyType': 'Text', '#text': 'Hi' }, Categories: '' },
								{ ItemId: { '@Id': 'c' } },
							],
							CalendarItem: { ItemId: { '@Id': 'b' } },
						},
					},
				},
			},
		});
	});
});
