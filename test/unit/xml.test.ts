import { el, parseXml, serialize, textEl, textOf, XmlCharacterError, XmlParseError } from '../../nodes/Exchange/transport/xml';

describe('XML building', () => {
	it('escapes markup in text and attributes', () => {
		expect(serialize(el('t:Subject', { Note: 'a "b" <c> & d' }, 'x < y & ]]> "z"'))).toBe(
			'<t:Subject Note="a &quot;b&quot; &lt;c&gt; &amp; d">x &lt; y &amp; ]]&gt; "z"</t:Subject>',
		);
	});

	it('keeps carriage returns, and tabs and newlines in attributes, through a round trip', () => {
		const text = 'line 1\r\nline 2\n\ttabbed';
		const xml = serialize(el('Root', { a: text }, el('B', undefined, text)));
		const parsed = parseXml(xml).Root as Record<string, unknown>;
		expect(parsed['@a']).toBe(text);
		expect(textOf(parsed.B as string)).toBe(text);
	});

	it('carries emoji and right-to-left text unchanged', () => {
		const text = 'Grüße 😀 שלום مرحبا';
		expect(textOf(parseXml(serialize(el('B', undefined, text))).B)).toBe(text);
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
		expect(() => parseXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')).toThrow(XmlParseError);
	});

	it('refuses malformed XML', () => {
		expect(() => parseXml('<a><b></a>')).toThrow(/not well-formed/);
	});

	it('decodes the predefined entities and character references but no HTML entities', () => {
		const parsed = parseXml('<a>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;&#x1F600;&nbsp;</a>');
		expect(textOf(parsed.a)).toBe('<&>"\'AB😀&nbsp;');
	});

	it('removes namespace prefixes and keeps attributes', () => {
		const parsed = parseXml('<s:E xmlns:s="u"><m:R ResponseClass="Success"><m:C>NoError</m:C></m:R></s:E>');
		expect(parsed).toEqual({ E: { R: { '@ResponseClass': 'Success', C: 'NoError' } } });
	});
});
