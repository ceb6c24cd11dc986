import { DOMParser, type Element as DomElement } from '@xmldom/xmldom';

import { PREFIXES, splitName } from './namespaces';

/**
 * Reading requests: xmldom parses, and `ParsedElement` gives handlers what they ask of a request: a child
 * by qualified name, the element children in document order, an attribute, the text. Names are written
 * with the prefixes of `namespaces.ts` and matched by namespace URI, whatever prefixes the client chose.
 */

export class XmlParseError extends Error {
	constructor(
		message: string,
		/** Exchange answers a DTD with its own schema-validation text. */
		readonly hasDoctype = false,
	) {
		super(message);
		this.name = 'XmlParseError';
	}
}

const ELEMENT_NODE = 1;
const PREFIX_OF_NAMESPACE = new Map(Object.entries(PREFIXES).map(([prefix, uri]) => [uri, prefix]));

export class ParsedElement {
	constructor(private readonly element: DomElement) {}

	get localName(): string {
		return this.element.localName ?? this.element.nodeName;
	}

	get namespace(): string | null {
		return this.element.namespaceURI;
	}

	/** The name with the sandbox's prefix for its namespace (`t:Message`), for dispatching on element kinds. */
	get name(): string {
		const prefix = this.namespace === null ? undefined : PREFIX_OF_NAMESPACE.get(this.namespace);
		if (this.namespace !== null && prefix === undefined) return `{${this.namespace}}${this.localName}`;
		return prefix === undefined ? this.localName : `${prefix}:${this.localName}`;
	}

	/** Whether this element has the qualified name, e.g. `is('t:CalendarItem')`. */
	is(name: string): boolean {
		const { namespace, localName } = splitName(name);
		return this.localName === localName && this.namespace === namespace;
	}

	/** Element children in document order; with a name, only those of that name. */
	children(name?: string): ParsedElement[] {
		const result: ParsedElement[] = [];
		for (let node = this.element.firstChild; node; node = node.nextSibling) {
			if (node.nodeType !== ELEMENT_NODE) continue;
			const child = new ParsedElement(node as DomElement);
			if (name === undefined || child.is(name)) result.push(child);
		}
		return result;
	}

	/** The first child of that name. */
	child(name: string): ParsedElement | undefined {
		return this.children(name)[0];
	}

	/** Follows a path of child names: `path('t:From', 't:Mailbox')`. */
	path(...names: string[]): ParsedElement | undefined {
		let current: ParsedElement | undefined = this;
		for (const name of names) current = current?.child(name);
		return current;
	}

	/** An unqualified attribute (EWS attributes have no namespace). */
	attr(name: string): string | undefined {
		return this.element.getAttributeNodeNS(null, name)?.value;
	}

	/** All text inside, CDATA included, as parsed (character references decoded). */
	text(): string {
		return this.element.textContent ?? '';
	}

	/** The text of the child of that name, or undefined when there is no such child. */
	childText(name: string): string | undefined {
		return this.child(name)?.text();
	}
}

/**
 * Parses a document and returns its root element. A DOCTYPE is refused before parsing: EWS refuses DTDs
 * ("DTD is prohibited"), and entity declarations are how XXE starts. Anything xmldom reports is an error.
 */
export function parseXml(text: string): ParsedElement {
	if (text.includes('<!DOCTYPE')) throw new XmlParseError('the document declares a DOCTYPE', true);
	try {
		const document = new DOMParser({
			onError: (level, message) => {
				throw new XmlParseError(`${level}: ${message}`);
			},
		}).parseFromString(text, 'text/xml');
		if (!document.documentElement) throw new XmlParseError('no root element');
		return new ParsedElement(document.documentElement);
	} catch (error) {
		if (error instanceof XmlParseError) throw error;
		throw new XmlParseError(`not well-formed: ${(error as Error).message}`);
	}
}
