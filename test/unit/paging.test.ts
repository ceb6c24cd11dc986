import { pages } from '../../nodes/Exchange/actions/paging';

/** A folder of `total` items answered the way FindItem pages are. */
function folder(total: number) {
	const asked: Array<[number, number]> = [];
	const fetch = async (offset: number, size: number) => {
		asked.push([offset, size]);
		const items = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => offset + i);
		const next = offset + items.length;
		return { items, nextOffset: next < total ? next : undefined };
	};
	return { asked, fetch };
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of source) out.push(item);
	return out;
}

describe('pages', () => {
	it('returns all items across page boundaries, asking page by page', async () => {
		const { asked, fetch } = folder(250);
		expect(await collect(pages(fetch, undefined, 100))).toEqual(Array.from({ length: 250 }, (_, i) => i));
		expect(asked).toEqual([
			[0, 100],
			[100, 100],
			[200, 100],
		]);
	});

	it('asks for no more than the limit still needs and stops there', async () => {
		const { asked, fetch } = folder(1000);
		expect(await collect(pages(fetch, 130, 100))).toHaveLength(130);
		expect(asked).toEqual([
			[0, 100],
			[100, 30],
		]);
	});

	it('asks for the next page only once the previous one has been consumed', async () => {
		const { asked, fetch } = folder(300);
		const iterator = pages(fetch, undefined, 100)[Symbol.asyncIterator]();
		for (let i = 0; i < 100; i++) await iterator.next();
		expect(asked).toHaveLength(1);
		await iterator.next();
		expect(asked).toHaveLength(2);
	});

	it('ends on an empty folder after one request', async () => {
		const { asked, fetch } = folder(0);
		expect(await collect(pages(fetch))).toEqual([]);
		expect(asked).toEqual([[0, 100]]);
	});
});
