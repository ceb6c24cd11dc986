import { readFileSync } from 'node:fs';
import path from 'node:path';

import { MAX_SECURE_CONTEXTS, secureContextFor } from '../../nodes/Exchange/transport/http/agent';
import { LruCache } from '../../nodes/Exchange/transport/http/lruCache';

const CA = readFileSync(path.join(__dirname, '..', '..', 'sandbox', 'certs', 'ca.pem'), 'utf8');

/** Distinct cache keys for one valid CA: the same PEM with a different number of trailing line breaks. */
const variant = (index: number) => `${CA.trimEnd()}${'\n'.repeat(index + 1)}`;

describe('the TLS contexts kept per custom CA', () => {
	it('are shared while in use and bounded: the least recently used one is dropped, not the oldest', () => {
		const contexts = Array.from({ length: MAX_SECURE_CONTEXTS }, (_, index) => secureContextFor(variant(index)));
		// Using the first again makes the second the least recently used.
		expect(secureContextFor(variant(0))).toBe(contexts[0]);
		secureContextFor(variant(MAX_SECURE_CONTEXTS));

		expect(secureContextFor(variant(0))).toBe(contexts[0]);
		expect(secureContextFor(variant(2))).toBe(contexts[2]);
		expect(secureContextFor(variant(1))).not.toBe(contexts[1]);
	});
});

describe('LruCache', () => {
	it('never holds more than its capacity, whatever the order of use', () => {
		const cache = new LruCache<string, number>(3);
		let created = 0;
		const get = (key: string) => cache.getOrCreate(key, () => ++created);
		['a', 'b', 'c', 'a', 'd', 'e', 'a', 'f'].forEach(get);

		expect(cache.size).toBe(3);
		// 'a' was used all along and kept its value; 'b' and 'c' were dropped and are created anew.
		expect(get('a')).toBe(1);
		expect(get('b')).toBe(created);
	});
});
