import { NS_MESSAGES, NS_TYPES, serialize, type XmlChild, type XmlElement } from '../../nodes/Exchange/transport/xml';

/**
 * Serializes a body element (e.g. m:CreateItem) as a standalone document for validateBody: in a request
 * the SOAP envelope declares the m: and t: namespaces, so builders leave them out and they are added here.
 */
export function bareBody(body: XmlElement): string {
	return serialize({ ...body, attrs: { 'xmlns:m': NS_MESSAGES, 'xmlns:t': NS_TYPES, ...body.attrs } });
}

const isElement = (c: XmlChild): c is XmlElement => typeof c === 'object' && c !== null;

/** Names of the child elements that will be written, in order. */
export function childNames(element: XmlElement): string[] {
	return element.children.filter(isElement).map((c) => c.name);
}

export function child(element: XmlElement, name: string): XmlElement {
	const found = element.children.filter(isElement).find((c) => c.name === name);
	if (!found) throw new Error(`${element.name} has no ${name}`);
	return found;
}
