/** The sandbox's own XML: reading requests by namespace URI in document order, writing answers with escaping. */
export { NS_ERRORS, NS_MESSAGES, NS_SOAP, NS_TYPES } from './namespaces';
export { ParsedElement, XmlParseError, parseXml } from './parse';
export { el, serialize, serializeDocument, textEl, type BuiltAttributes, type BuiltChild, type BuiltElement } from './build';
