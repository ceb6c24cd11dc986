/** A map that keeps at most `capacity` entries, dropping the one used least recently. */
export class LruCache<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(private readonly capacity: number) {}

	get size(): number {
		return this.entries.size;
	}

	/** The cached value, made the most recently used; or a new one from `create`, stored in its place. */
	getOrCreate(key: K, create: () => V): V {
		if (this.entries.has(key)) {
			const value = this.entries.get(key) as V;
			this.entries.delete(key);
			this.entries.set(key, value);
			return value;
		}
		const value = create();
		this.entries.set(key, value);
		// A Map iterates in insertion order, and every use re-inserts: the first key is the least recently used.
		if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
		return value;
	}
}
