import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * XML for EWS: requests are built as a small element tree and serialized with escaping here, so no
 * operation ever concatenates strings into XML; answers are parsed with DOCTYPE (and so custom entities)
 * refused.
 */

export const NS_MESSAGES = 'http://schemas.microsoft.com/exchange/services/2006/messages';
export const NS_TYPES = 'http://schemas.microsoft.com/exchange/services/2006/types';
export const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

export type XmlAttributes = Record<string, string | number | boolean | undefined>;
/** Children may be conditional: `undefined`, `null` and `false` are skipped. */
export type XmlChild = XmlElement | string | undefined | null | false;

export interface XmlElement {
	name: string;
	attrs?: XmlAttributes;
	children: XmlChild[];
}

export function el(name: string, attrs?: XmlAttributes, ...children: Array<XmlChild | XmlChild[]>): XmlElement {
	return { name, attrs, children: children.flat() };
}

/** An element holding only text, or nothing at all when the value is absent. */
export function textEl(name: string, value: string | number | boolean | undefined | null): XmlElement | undefined {
	if (value === undefined || value === null) return undefined;
	return el(name, undefined, String(value));
}

/** Thrown for text that XML 1.0 cannot carry: the request is refused instead of sent mangled. */
export class XmlCharacterError extends Error {
	constructor(
		readonly elementName: string,
		readonly codePoint: number,
		readonly position: number,
	) {
		super(
			`The value of ${elementName} contains the character U+${codePoint
				.toString(16)
				.toUpperCase()
				.padStart(4, '0')} at position ${position + 1}, which XML 1.0 cannot carry; remove it and try again`,
		);
		this.name = 'XmlCharacterError';
	}
}

// Everything outside XML 1.0's Char production: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function findForbiddenCharacter(text: string): { codePoint: number; position: number } | undefined {
	const match = FORBIDDEN.exec(text);
	if (!match) return undefined;
	return { codePoint: match[0].charCodeAt(0), position: match.index };
}

function checkText(text: string, elementName: string): void {
	const bad = findForbiddenCharacter(text);
	if (bad) throw new XmlCharacterError(elementName, bad.codePoint, bad.position);
}

// CR is written as a reference: a parser would otherwise normalise CRLF to LF and the body would not
// arrive byte for byte. In attributes, tab and LF are referenced too, since attribute normalisation turns
// them into spaces.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = {
	...TEXT_ESCAPES,
	'"': '&quot;',
	'\n': '&#10;',
	'\t': '&#9;',
};

export function escapeText(text: string): string {
	return text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]);
}

export function escapeAttribute(text: string): string {
	return text.replace(/[&<>"\r\n\t]/g, (c) => ATTR_ESCAPES[c]);
}

function serializeInto(node: XmlElement, out: string[]): void {
	out.push('<', node.name);
	for (const [key, value] of Object.entries(node.attrs ?? {})) {
		if (value === undefined) continue;
		const text = String(value);
		checkText(text, `${node.name}/@${key}`);
		out.push(' ', key, '="', escapeAttribute(text), '"');
	}
	const children = node.children.filter((c): c is XmlElement | string => c !== undefined && c !== null && c !== false);
	if (children.length === 0) {
		out.push('/>');
		return;
	}
	out.push('>');
	for (const child of children) {
		if (typeof child === 'string') {
			checkText(child, node.name);
			out.push(escapeText(child));
		} else {
			serializeInto(child, out);
		}
	}
	out.push('</', node.name, '>');
}

/**
 * Checks every text and attribute of an element as serializing will, so that an item whose value XML cannot
 * carry fails alone when it is built, not later with the whole request it would have shared.
 */
export function checkElementText(node: XmlElement): void {
	for (const [key, value] of Object.entries(node.attrs ?? {})) {
		if (value !== undefined) checkText(String(value), `${node.name}/@${key}`);
	}
	for (const child of node.children) {
		if (typeof child === 'string') checkText(child, node.name);
		else if (child) checkElementText(child);
	}
}

export function serialize(node: XmlElement): string {
	const out: string[] = [];
	serializeInto(node, out);
	return out.join('');
}

export function serializeDocument(node: XmlElement): string {
	return `<?xml version="1.0" encoding="utf-8"?>${serialize(node)}`;
}

export class XmlParseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlParseError';
	}
}

const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML's own references only: the five predefined entities and character references. fast-xml-parser's
 * default decoder leaves character references (&#13;) undecoded unless HTML entities are switched on too.
 */
const xmlReferenceDecoder = {
	decode: (text: string) =>
		text.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g, (reference, hex, decimal, name) => {
			if (name) return PREDEFINED_ENTITIES[name];
			const codePoint = hex ? parseInt(hex, 16) : parseInt(decimal, 10);
			return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
		}),
	setExternalEntities: () => undefined,
	addInputEntities: () => undefined,
	reset: () => undefined,
	setXmlVersion: () => undefined,
};

const PARSER_OPTIONS = {
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	textNodeName: '#text',
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: true,
	entityDecoder: xmlReferenceDecoder,
};

const orderedParser = new XMLParser({ ...PARSER_OPTIONS, preserveOrder: true });
const qualifiedParser = new XMLParser({ ...PARSER_OPTIONS, preserveOrder: true, removeNSPrefix: false });

function refuseDoctype(text: string, what: string): void {
	if (/<!DOCTYPE/i.test(text)) throw new XmlParseError(`${what} declares a DOCTYPE, which is refused`);
}

/**
 * An element of a parsed answer with its children in document order, so that lists mixing element kinds
 * (Items holding Message, CalendarItem and MeetingRequest; Changes holding Create, Update and Delete) keep
 * their order. Names are local (prefixes removed); `text` is the element's own text, concatenated.
 */
export interface XmlNode {
	name: string;
	attrs: Record<string, string>;
	children: XmlNode[];
	text: string;
}

/** fast-xml-parser's preserveOrder form: `{ [name]: children, ':@': attributes }` or `{ '#text': text }`. */
type OrderedEntry = Record<string, unknown>;

function toNode(name: string, entry: OrderedEntry): XmlNode {
	const node: XmlNode = { name, attrs: {}, children: [], text: '' };
	for (const [key, value] of Object.entries((entry[':@'] ?? {}) as Record<string, unknown>)) node.attrs[key.slice(1)] = String(value);
	for (const child of entry[name] as OrderedEntry[]) {
		const childName = Object.keys(child).find((key) => key !== ':@');
		if (childName === undefined || childName.startsWith('?')) continue;
		if (childName === '#text') node.text += String(child['#text']);
		else node.children.push(toNode(childName, child));
	}
	return node;
}

/** The elements at the top of a parsed document, with text outside them (whitespace or not) reported. */
function topLevel(entries: OrderedEntry[]): { elements: XmlNode[]; strayText: boolean } {
	const elements: XmlNode[] = [];
	let strayText = false;
	for (const entry of entries) {
		const name = Object.keys(entry).find((key) => key !== ':@');
		if (name === undefined || name.startsWith('?')) continue;
		if (name === '#text') strayText ||= String(entry['#text']).trim() !== '';
		else elements.push(toNode(name, entry));
	}
	return { elements, strayText };
}

/** Parses an EWS answer into its root element, children in document order. DOCTYPE is refused outright: EWS never sends one, and it is how XXE starts. */
export function parseXmlTree(text: string): XmlNode {
	refuseDoctype(text, 'the answer');
	let entries: OrderedEntry[];
	try {
		entries = orderedParser.parse(text, true) as OrderedEntry[];
	} catch (error) {
		throw new XmlParseError(`the answer is not well-formed XML (${(error as Error).message})`);
	}
	const { elements } = topLevel(entries);
	if (elements.length !== 1) throw new XmlParseError(`the answer has ${elements.length} top-level elements instead of one`);
	return elements[0];
}

/** The first child element of that local name. */
export function childNode(node: XmlNode | undefined, name: string): XmlNode | undefined {
	return node?.children.find((child) => child.name === name);
}

/** Every child element of that local name, in document order. */
export function childNodes(node: XmlNode | undefined, name: string): XmlNode[] {
	return node ? node.children.filter((child) => child.name === name) : [];
}

/** The text of the first child element of that local name. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
	return childNode(node, name)?.text;
}

function toElement(node: XmlNode): XmlElement {
	// Indentation between child elements is not content; EWS element-only types carry none.
	const text = node.children.length > 0 && node.text.trim() === '' ? undefined : node.text || undefined;
	return { name: node.name, attrs: { ...node.attrs }, children: [text, ...node.children.map(toElement)] };
}

/**
 * One XML element given by a user (a request body), checked and turned into an element tree: well-formed,
 * exactly one element and nothing but whitespace around it, no DOCTYPE. Prefixes are kept as written, so the
 * envelope's m: and t: declarations apply; serializing the tree escapes its text again. Mixed text and
 * elements are kept as the text first, which EWS requests (element-only or text-only content) never mix.
 */
export function parseElement(text: string, what: string): XmlElement {
	refuseDoctype(text, what);
	const valid = XMLValidator.validate(text);
	if (valid !== true) {
		throw new XmlParseError(`${what} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
	}
	const { elements, strayText } = topLevel(qualifiedParser.parse(text, true) as OrderedEntry[]);
	// The parser drops text after the last element, so that is checked on the text itself.
	const trailingText = !text.replace(/<!--[\s\S]*?-->/g, '').trimEnd().endsWith('>');
	if (elements.length !== 1 || strayText || trailingText) {
		throw new XmlParseError(`${what} must be exactly one XML element, but it has ${elements.length} top-level elements${strayText || trailingText ? ' and text outside them' : ''}`);
	}
	return toElement(elements[0]);
}

/** About how many characters an element serializes to, without serializing it: for splitting requests by size. */
export function estimatedLength(node: XmlElement): number {
	let length = node.name.length * 2 + 5;
	for (const [key, value] of Object.entries(node.attrs ?? {})) {
		if (value !== undefined) length += key.length + String(value).length + 4;
	}
	for (const child of node.children) {
		if (typeof child === 'string') length += child.length;
		else if (child) length += estimatedLength(child);
	}
	return length;
}
