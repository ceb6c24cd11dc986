import { NS_MESSAGES, NS_TYPES, serialize, type XmlElement } from '../../nodes/Exchange/transport/xml';

/**
 * Serializes a body element (e.g. m:CreateItem) as a standalone document for validateBody: in a request
 * the SOAP envelope declares the m: and t: namespaces, so builders leave them out and they are added here.
 */
export function bareBody(body: XmlElement): string {
	return serialize({ ...body, attrs: { 'xmlns:m': NS_MESSAGES, 'xmlns:t': NS_TYPES, ...body.attrs } });
}
