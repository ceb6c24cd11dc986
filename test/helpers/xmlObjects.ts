import { XMLParser } from 'fast-xml-parser';

/**
 * Requests and answers read as plain objects, for tests that look up a few values by name: element names
 * without prefix, attributes under `@name`, text under `#text`. The node reads answers as ordered trees
 * (transport/xml.ts); this form is the tests' own, so they do not check the node with the node's reader.
 */
export type XmlObject = { [key: string]: XmlValue };
export type XmlValue = string | XmlObject | XmlValue[];

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	textNodeName: '#text',
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	// Character references such as &#13; are decoded only with this on; tests never meet HTML's named entities.
	htmlEntities: true,
});

/** DOCTYPE is refused, as the node and the sandbox refuse it. */
export function parseXml(text: string): XmlObject {
	if (/<!DOCTYPE/i.test(text)) throw new Error('the XML declares a DOCTYPE, which is refused');
	try {
		return parser.parse(text, true) as XmlObject;
	} catch (error) {
		throw new Error(`not well-formed XML: ${(error as Error).message}`);
	}
}

/** Repeating elements parse as an array when repeated and as a single value otherwise; this evens that out. */
export function asArray(value: XmlValue | undefined): XmlValue[] {
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

export function childObject(parent: XmlValue | undefined, name: string): XmlObject | undefined {
	if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
	const child = parent[name];
	if (Array.isArray(child)) return typeof child[0] === 'object' && !Array.isArray(child[0]) ? child[0] : undefined;
	if (typeof child === 'string') return { '#text': child };
	return child;
}

/** The text content of an element, whether it parsed as a bare string or as an object with attributes. */
export function textOf(value: XmlValue | undefined): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return textOf(value[0]);
	const text = value['#text'];
	return typeof text === 'string' ? text : text === undefined ? '' : textOf(text);
}
