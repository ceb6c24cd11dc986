/**
 * Lookups kept for one run, per client (a client lives for one run): each key is read once however many items
 * ask, and a failed read is not kept, so the next item asks again. The EWS and the Graph folder lookups share it.
 */
export class RunCache<Client extends object> {
	private readonly entries = new WeakMap<Client, Map<string, Promise<unknown>>>();

	async get<T>(client: Client, key: string, load: () => Promise<T>): Promise<T> {
		let entries = this.entries.get(client);
		if (!entries) this.entries.set(client, (entries = new Map()));
		let entry = entries.get(key) as Promise<T> | undefined;
		if (!entry) {
			entry = load();
			entries.set(key, entry);
			entry.catch(() => entries?.delete(key));
		}
		return await entry;
	}

	/** Forgets the keys `matches` names, so that the next lookup reads again (after a folder was created). */
	forget(client: Client, matches: (key: string) => boolean): void {
		const entries = this.entries.get(client);
		for (const key of [...(entries?.keys() ?? [])]) if (matches(key)) entries?.delete(key);
	}
}
