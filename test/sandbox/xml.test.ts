import { NS_MESSAGES, NS_TYPES, XmlParseError, el, parseXml, serialize, serializeDocument, textEl } from '../../sandbox/xml';

/** The sandbox's own XML: namespaces matched by URI, children in document order, escaping on the way out. */

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('parseXml', () => {
	it('matches names by namespace URI, whatever prefixes the document uses', () => {
		// The client's prefixes are swapped against the sandbox's: its "t" is the messages namespace.
		const root = parseXml(
			`<x:Envelope xmlns:x="${SOAP}" xmlns:t="${NS_MESSAGES}" xmlns:m="${NS_TYPES}"><x:Body><t:GetFolder><m:BaseShape>IdOnly</m:BaseShape></t:GetFolder></x:Body></x:Envelope>`,
		);
		expect(root.is('s:Envelope')).toBe(true);
		const request = root.path('s:Body', 'm:GetFolder');
		expect(request?.name).toBe('m:GetFolder');
		expect(request?.childText('t:BaseShape')).toBe('IdOnly');
		expect(request?.child('m:BaseShape')).toBeUndefined();
	});

	it('understands default namespaces and redeclarations further down', () => {
		const root = parseXml(
			`<Items xmlns="${NS_MESSAGES}"><Message xmlns="${NS_TYPES}"><Subject>a</Subject></Message><Subject>not types</Subject></Items>`,
		);
		expect(root.is('m:Items')).toBe(true);
		expect(root.child('t:Message')?.childText('t:Subject')).toBe('a');
		expect(root.child('t:Subject')).toBeUndefined();
		expect(root.child('m:Subject')?.text()).toBe('not types');
	});

	it('does not take an element without namespace for one in the EWS namespaces', () => {
		const root = parseXml(`<m:Items xmlns:m="${NS_MESSAGES}"><Message/><t:Message xmlns:t="urn:not-ews"/></m:Items>`);
		expect(root.children('t:Message')).toEqual([]);
		expect(root.children().map((c) => c.name)).toEqual(['Message', '{urn:not-ews}Message']);
	});

	it('keeps element children in document order across kinds', () => {
		const root = parseXml(
			`<m:Items xmlns:m="${NS_MESSAGES}" xmlns:t="${NS_TYPES}">
				<t:Message><t:Subject>1</t:Subject></t:Message>
				<t:CalendarItem><t:Subject>2</t:Subject></t:CalendarItem>
				<!-- a comment between -->
				<t:Message><t:Subject>3</t:Subject></t:Message>
				<t:MeetingRequest><t:Subject>4</t:Subject></t:MeetingRequest>
			</m:Items>`,
		);
		expect(root.children().map((c) => `${c.name}=${c.childText('t:Subject')}`)).toEqual([
			't:Message=1',
			't:CalendarItem=2',
			't:Message=3',
			't:MeetingRequest=4',
		]);
		expect(root.children('t:Message').map((c) => c.childText('t:Subject'))).toEqual(['1', '3']);
	});

	it('reads unqualified attributes and decoded text, CR from &#13; and CDATA included', () => {
		const root = parseXml(
			`<t:Body xmlns:t="${NS_TYPES}" BodyType="HTML" t:Other="x">a&#13;&#10;b &amp; &lt;c&gt;<![CDATA[<d>]]></t:Body>`,
		);
		expect(root.attr('BodyType')).toBe('HTML');
		expect(root.attr('Other')).toBeUndefined();
		expect(root.attr('Missing')).toBeUndefined();
		expect(root.text()).toBe('a\r\nb & <c><d>');
		expect(root.childText('t:Nothing')).toBeUndefined();
	});

	it.each([
		['a DOCTYPE', '<!DOCTYPE x><x/>', true],
		['an entity declaration', '<!DOCTYPE x [<!ENTITY e "v">]><x>&e;</x>', true],
		['an external entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', true],
		['an undeclared entity', '<x>&e;</x>', false],
		['mismatched tags', '<x></y>', false],
		['an undeclared prefix', '<p:x/>', false],
		['two roots', '<x/><y/>', false],
		['nothing', '', false],
	])('refuses %s', (_, text, hasDoctype) => {
		let caught: unknown;
		try {
			parseXml(text);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(XmlParseError);
		expect((caught as XmlParseError).hasDoctype).toBe(hasDoctype);
	});
});

describe('serialize', () => {
	it('declares the sandbox prefixes the tree uses on its root, and only those', () => {
		const xml = serialize(el('m:Items', {}, el('t:Message', {}, textEl('t:Subject', 'x'))));
		expect(xml).toBe(`<m:Items xmlns:m="${NS_MESSAGES}" xmlns:t="${NS_TYPES}"><t:Message><t:Subject>x</t:Subject></t:Message></m:Items>`);
		expect(serialize(el('s:Body'))).toBe(`<s:Body xmlns:s="${SOAP}"/>`);
	});

	it('keeps a declaration the element makes itself', () => {
		expect(serialize(el('h:Info', { 'xmlns:h': NS_TYPES, A: 1 }))).toBe(`<h:Info xmlns:h="${NS_TYPES}" A="1"/>`);
	});

	it('escapes text and attributes, CR as a character reference', () => {
		const xml = serialize(el('t:Body', { Note: 'a"b<c>&\td\ne\r' }, 'x < y & z > w\r\n"q"'));
		expect(xml).toBe(
			`<t:Body xmlns:t="${NS_TYPES}" Note="a&quot;b&lt;c&gt;&amp;&#9;d&#10;e&#13;">x &lt; y &amp; z &gt; w&#13;\n"q"</t:Body>`,
		);
	});

	it('round-trips through parseXml byte for byte', () => {
		const text = 'line 1\r\nline 2\r & <tags> "quoted" \u00e9\u{1F600}';
		const parsed = parseXml(serializeDocument(el('t:Body', { Name: text }, text)));
		expect(parsed.text()).toBe(text);
		expect(parsed.attr('Name')).toBe(text);
	});

	it('leaves out absent children and attributes', () => {
		expect(serialize(el('x', { A: undefined, B: false }, undefined, null, false, textEl('y', undefined), textEl('z', 0)))).toBe(
			'<x B="false"><z>0</z></x>',
		);
	});

	it('refuses characters XML 1.0 cannot carry', () => {
		expect(() => serialize(el('t:Subject', {}, 'a\u0001b'))).toThrow(/U\+0001/);
		expect(() => serialize(el('t:Subject', { Id: '\uFFFF' }))).toThrow(/t:Subject\/@Id/);
	});

	it('refuses a prefix it does not know', () => {
		expect(() => parseXml('<x/>').is('q:x')).toThrow(/Unknown namespace prefix 'q'/);
	});
});
