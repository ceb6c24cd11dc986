/**
 * Just enough DER (X.690) to find a certificate's signature algorithm: Node's X509Certificate does not
 * expose it, and a full ASN.1 library would be far more than this needs.
 */

export const TAG_SEQUENCE = 0x30;
export const TAG_OID = 0x06;

export interface DerElement {
	tag: number;
	/** The contents, without tag and length. */
	value: Buffer;
	/** Offset of the next element. */
	end: number;
}

export function readDerElement(data: Buffer, offset = 0): DerElement {
	if (offset + 2 > data.length) throw new Error('DER element truncated');
	const tag = data[offset];
	if ((tag & 0x1f) === 0x1f) throw new Error('DER high tag numbers are not supported');
	let length = data[offset + 1];
	let start = offset + 2;
	if (length & 0x80) {
		const octets = length & 0x7f;
		if (octets === 0 || octets > 4) throw new Error('DER length is invalid or too large');
		if (start + octets > data.length) throw new Error('DER element truncated');
		length = data.readUIntBE(start, octets);
		start += octets;
	}
	if (start + length > data.length) throw new Error('DER element truncated');
	return { tag, value: data.subarray(start, start + length), end: start + length };
}

/** The elements directly inside a constructed element's contents. */
export function readDerChildren(contents: Buffer): DerElement[] {
	const children: DerElement[] = [];
	for (let offset = 0; offset < contents.length; ) {
		const child = readDerElement(contents, offset);
		children.push(child);
		offset = child.end;
	}
	return children;
}

export function expectDerTag(element: DerElement | undefined, tag: number, what: string): DerElement {
	if (!element || element.tag !== tag) throw new Error(`DER: ${what} expected`);
	return element;
}

/** An OBJECT IDENTIFIER's contents in dotted form. */
export function decodeOid(contents: Buffer): string {
	if (contents.length === 0) throw new Error('DER: empty OBJECT IDENTIFIER');
	const arcs: number[] = [];
	let value = 0;
	for (const byte of contents) {
		value = value * 128 + (byte & 0x7f);
		if (!(byte & 0x80)) {
			arcs.push(value);
			value = 0;
		}
	}
	if (contents[contents.length - 1] & 0x80) throw new Error('DER: truncated OBJECT IDENTIFIER');
	const first = Math.min(Math.floor(arcs[0] / 40), 2);
	return [first, arcs[0] - first * 40, ...arcs.slice(1)].join('.');
}
