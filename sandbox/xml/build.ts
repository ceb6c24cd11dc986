import { PREFIXES } from './namespaces';

/**
 * Writing answers: elements are built as a tree and serialized here with escaping, so no handler ever
 * concatenates strings into XML. Names carry the prefixes of `namespaces.ts` (`m:Items`, `t:Message`);
 * the document element declares every such prefix the tree uses.
 */

export type BuiltAttributes = Record<string, string | number | boolean | undefined>;
/** Children may be conditional: `undefined`, `null` and `false` are left out. */
export type BuiltChild = BuiltElement | string | undefined | null | false;

export interface BuiltElement {
	name: string;
	attributes: BuiltAttributes;
	children: BuiltChild[];
}

export function el(name: string, attributes: BuiltAttributes = {}, ...children: Array<BuiltChild | BuiltChild[]>): BuiltElement {
	return { name, attributes, children: children.flat() };
}

/** An element holding only text, or nothing at all when the value is absent. */
export function textEl(name: string, value: string | number | boolean | undefined | null): BuiltElement | undefined {
	return value === undefined || value === null ? undefined : el(name, {}, String(value));
}

// CR is referenced so that a reader does not normalise CRLF to LF; in attributes tab and LF are too, which
// attribute-value normalisation would otherwise turn into spaces.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };
// Outside XML 1.0's Char production: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function escaped(text: string, escapes: Record<string, string>, pattern: RegExp, where: string): string {
	const bad = NOT_XML_CHAR.exec(text);
	if (bad) throw new Error(`${where} holds U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}, which XML 1.0 cannot carry`);
	return text.replace(pattern, (c) => escapes[c]);
}

function usedPrefixes(node: BuiltElement, found: Set<string>): Set<string> {
	for (const name of [node.name, ...Object.keys(node.attributes)]) {
		const colon = name.indexOf(':');
		if (colon > 0 && name.slice(0, colon) !== 'xmlns') found.add(name.slice(0, colon));
	}
	for (const child of node.children) if (child && typeof child !== 'string') usedPrefixes(child, found);
	return found;
}

function write(node: BuiltElement, out: string[]): void {
	out.push('<', node.name);
	for (const [name, value] of Object.entries(node.attributes)) {
		if (value === undefined) continue;
		out.push(' ', name, '="', escaped(String(value), ATTRIBUTE_ESCAPES, /[&<>"\r\n\t]/g, `${node.name}/@${name}`), '"');
	}
	const children = node.children.filter((c): c is BuiltElement | string => c !== undefined && c !== null && c !== false);
	if (children.length === 0) {
		out.push('/>');
		return;
	}
	out.push('>');
	for (const child of children) {
		if (typeof child === 'string') out.push(escaped(child, TEXT_ESCAPES, /[&<>\r]/g, node.name));
		else write(child, out);
	}
	out.push('</', node.name, '>');
}

/** The element as XML, its used sandbox prefixes declared on it (besides any `xmlns:` attributes it has). */
export function serialize(root: BuiltElement): string {
	const declarations: BuiltAttributes = {};
	for (const prefix of usedPrefixes(root, new Set())) {
		const uri = PREFIXES[prefix];
		if (uri !== undefined && root.attributes[`xmlns:${prefix}`] === undefined) declarations[`xmlns:${prefix}`] = uri;
	}
	const out: string[] = [];
	write({ ...root, attributes: { ...declarations, ...root.attributes } }, out);
	return out.join('');
}

export function serializeDocument(root: BuiltElement): string {
	return `<?xml version="1.0" encoding="utf-8"?>${serialize(root)}`;
}
