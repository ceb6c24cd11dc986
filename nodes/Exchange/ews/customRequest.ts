import { parseElement, XmlParseError, type XmlElement, type XmlNode } from '../transport/xml';

/** Any EWS operation a user writes as XML: checked, then sent in the node's envelope. */

export class CustomRequestError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CustomRequestError';
	}
}

/**
 * The user's operation element: well-formed, exactly one element, no DOCTYPE, in the messages namespace
 * through the envelope's `m:` prefix (or a namespace it declares itself). A whole SOAP envelope is refused
 * with a hint, because the node writes the envelope (version, impersonation) itself.
 */
export function buildCustomRequest(xml: string, label: string): XmlElement {
	let element: XmlElement;
	try {
		element = parseElement(xml.trim(), label);
	} catch (error) {
		if (error instanceof XmlParseError) throw new CustomRequestError(error.message);
		throw error;
	}
	const [prefix, local] = element.name.includes(':') ? element.name.split(':') : [undefined, element.name];
	if (local === 'Envelope' || local === 'Body' || local === 'Header') {
		throw new CustomRequestError(`${label} is a SOAP ${local}: give only the operation element inside the SOAP body, e.g. <m:GetFolder>...</m:GetFolder>`);
	}
	const declared = Object.keys(element.attrs ?? {}).some((name) => name === 'xmlns' || name === `xmlns:${prefix}`);
	if (prefix !== 'm' && !declared) {
		throw new CustomRequestError(
			`${label}'s element <${element.name}> is in no EWS namespace: write it as <m:${local}> (the node declares m: for EWS messages and t: for EWS types)`,
		);
	}
	return element;
}

/** A JSON value of the mapping README's "Custom EWS Request" section documents. */
export type JsonValue = string | JsonObject | JsonValue[];
export interface JsonObject {
	[key: string]: JsonValue;
}

/**
 * An answer element as JSON: local names as keys; attributes as `@Name`; an element with text only and no
 * attributes is its text; otherwise its text, if any besides layout whitespace, is `#text`. A child name that
 * occurs more than once gives an array in document order, one that occurs once its value.
 */
export function elementToJson(node: XmlNode): JsonValue {
	const hasText = node.children.length === 0 ? node.text !== '' : node.text.trim() !== '';
	if (node.children.length === 0 && Object.keys(node.attrs).length === 0) return node.text;
	const json: JsonObject = {};
	for (const [name, value] of Object.entries(node.attrs)) json[`@${name}`] = value;
	if (hasText) json['#text'] = node.text;
	const counts = new Map<string, number>();
	for (const child of node.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
	for (const child of node.children) {
		const value = elementToJson(child);
		if (counts.get(child.name) === 1) json[child.name] = value;
		else ((json[child.name] ??= []) as JsonValue[]).push(value);
	}
	return json;
}
