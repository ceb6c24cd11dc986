import { childNode, el, parseXmlTree, serialize, textEl, XmlCharacterError, XmlParseError } from '../../nodes/Exchange/transport/xml';

describe('XML building', () => {
	it('escapes markup in text and attributes', () => {
		expect(serialize(el('t:Subject', { Note: 'a "b" <c> & d' }, 'x < y & ]]> "z"'))).toBe(
			'<t:Subject Note="a &quot;b&quot; &lt;c&gt; &amp; d">x &lt; y &amp; ]]&gt; "z"</t:Subject>',
		);
	});

	it('keeps carriage returns, and tabs and newlines in attributes, through a round trip', () => {
		const text = 'line 1\r\nline 2\n\ttabbed';
		const xml = serialize(el('Root', { a: text }, el('B', undefined, text)));
		const parsed = parseXmlTree(xml);
		expect(parsed.attrs.a).toBe(text);
		expect(childNode(parsed, 'B')?.text).toBe(text);
	});

	it('carries emoji and right-to-left text unchanged', () => {
		const text = 'Grüße 😀 שלום مرحبا';
		expect(parseXmlTree(serialize(el('B', undefined, text))).text).toBe(text);
	});

	it('skips absent children and writes empty elements short', () => {
		expect(serialize(el('A', { x: undefined }, undefined, null, false, textEl('B', undefined), textEl('C', 0)))).toBe('<A><C>0</C></A>');
	});

	it.each([
		['a NUL', '\u0000'],
		['a C0 control', 'a\u0001b'],
		['a vertical tab', '\u000b'],
		['a lone high surrogate', 'a\ud83db'],
		['a lone low surrogate', '\ude00'],
		['U+FFFE', '\ufffe'],
	])('refuses %s, naming the element and the character', (_, text) => {
		expect(() => serialize(el('t:Body', undefined, text))).toThrow(XmlCharacterError);
		expect(() => serialize(el('t:Body', undefined, text))).toThrow(/t:Body .*U\+/);
	});

	it('refuses forbidden characters in attributes too', () => {
		expect(() => serialize(el('t:X', { Id: 'a\u0002' }))).toThrow(/t:X\/@Id/);
	});
});

describe('XML parsing', () => {
	it('refuses a DOCTYPE, so no entity can be declared', () => {
		expect(() => parseXmlTree('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')).toThrow(XmlParseError);
	});

	it('refuses malformed XML', () => {
		expect(() => parseXmlTree('<a><b></a>')).toThrow(/not well-formed/);
	});

	it('decodes the predefined entities and character references but no HTML entities', () => {
		expect(parseXmlTree('<a>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;&#x1F600;&nbsp;</a>').text).toBe('<&>"\'AB😀&nbsp;');
	});

	it('removes namespace prefixes and keeps attributes', () => {
		const parsed = parseXmlTree('<s:E xmlns:s="u"><m:R ResponseClass="Success"><m:C>NoError</m:C></m:R></s:E>');
		expect(parsed).toEqual({
			name: 'E',
			attrs: {},
			children: [{ name: 'R', attrs: { ResponseClass: 'Success' }, children: [{ name: 'C', attrs: {}, children: [], text: 'NoError' }], text: '' }],
			text: '',
		});
	});
});
