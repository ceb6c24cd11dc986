import { GraphError as SdkGraphError, PageIterator } from '@microsoft/microsoft-graph-client';
import type { NewCalendarItem, StoredMessage } from '../../sandbox/store';
import { useGraphReferee } from './helpers/graphSdk';

/**
 * Microsoft's Graph SDK following the sandbox's delta queries unchanged, as the trigger does over Graph:
 * `mailFolders/{id}/messages/delta` with `changeType` and `$select`, and `calendarView/delta`, through every
 * `@odata.nextLink` (by hand and with the SDK's PageIterator) to the `@odata.deltaLink`, which the next round
 * starts from; a deltaLink the store no longer knows reaches the SDK as its GraphError with 410.
 */

const MAILBOX = 'alice@contoso.com';

const { graph, client } = useGraphReferee();

function deliver(subject: string): StoredMessage {
	const [message] = graph.sandbox.store.deliverIncoming({ from: { address: 'dana@fabrikam.example' }, toRecipients: [{ address: MAILBOX }], subject });
	return message;
}

type Page = { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

/** A round as a client writes it with the SDK: the first request, then each link as it is, with the same Prefer. */
async function round(first: () => Promise<Page>, prefer: string): Promise<{ entries: Array<Record<string, unknown>>; requests: number; deltaLink: string }> {
	const entries: Array<Record<string, unknown>> = [];
	let page = await first();
	let requests = 1;
	for (;;) {
		entries.push(...page.value);
		if (page['@odata.deltaLink']) return { entries, requests, deltaLink: page['@odata.deltaLink'] };
		page = (await client.api(page['@odata.nextLink'] ?? '').header('Prefer', prefer).get()) as Page;
		requests++;
	}
}

test('message delta: a first round through nextLinks to a deltaLink, then only what arrived', async () => {
	const sent = Array.from({ length: 5 }, (_, n) => deliver(`Before ${n}`).subject);
	const prefer = 'odata.maxpagesize=2';
	const path = `/users/${MAILBOX}/mailFolders/inbox/messages/delta`;
	const first = await round(async () => (await client.api(path).header('Prefer', prefer).query({ changeType: 'created' }).select(['subject', 'internetMessageId']).get()) as Page, prefer);
	expect(first.requests).toBe(3);
	expect(first.entries.map((entry) => entry.subject).sort()).toEqual(sent.sort());

	const read = graph.sandbox.store.mailbox(MAILBOX).folder('inbox').items[0];
	graph.sandbox.store.markRead(read.id, true);
	const arrived = deliver('After');
	const next = await round(async () => (await client.api(first.deltaLink).header('Prefer', prefer).get()) as Page, prefer);
	// changeType and $select travel in the links: only the message that arrived, with the selected properties.
	expect(next.entries).toEqual([
		{ '@odata.type': '#microsoft.graph.message', '@odata.etag': expect.any(String), id: expect.any(String), subject: 'After', internetMessageId: arrived.internetMessageId },
	]);
});

test('the SDK\'s PageIterator walks a delta round and hands back its deltaLink', async () => {
	const sent = Array.from({ length: 7 }, (_, n) => deliver(`Iterated ${n}`).subject);
	const options = { headers: { Prefer: 'odata.maxpagesize=3' } };
	const response = (await client.api(`/users/${MAILBOX}/mailFolders/inbox/messages/delta`).headers(options.headers).select('subject').get()) as Page;
	const seen: string[] = [];
	const iterator = new PageIterator(client, response, (entry: { subject: string }) => Boolean(seen.push(entry.subject)), options);
	await iterator.iterate();
	expect(seen.sort()).toEqual(sent.sort());
	const deltaLink = iterator.getDeltaLink();
	expect(deltaLink).toMatch(/\/messages\/delta\?\$deltatoken=/);

	const gone = graph.sandbox.store.mailbox(MAILBOX).folder('inbox').items[0];
	graph.sandbox.store.deleteItem(gone.id, 'HardDelete');
	const next = (await client.api(deltaLink ?? '').get()) as Page;
	expect(next.value).toEqual([{ '@odata.type': '#microsoft.graph.message', id: expect.any(String), '@removed': { reason: 'deleted' } }]);
});

test('a deltaLink the store no longer knows is the SDK\'s GraphError with 410 and syncStateNotFound', async () => {
	deliver('One');
	const page = (await client.api(`/users/${MAILBOX}/mailFolders/inbox/messages/delta`).get()) as Page;
	graph.sandbox.store.syncStates.invalidateAll();
	let error: SdkGraphError | undefined;
	try {
		await client.api(page['@odata.deltaLink'] ?? '').get();
	} catch (caught) {
		error = caught as SdkGraphError;
	}
	expect(error).toBeInstanceOf(SdkGraphError);
	expect({ statusCode: error?.statusCode, code: error?.code }).toEqual({ statusCode: 410, code: 'syncStateNotFound' });
});

test('calendar view delta: the window\'s events in UTC, then a changed one', async () => {
	const start = new Date(Date.UTC(2031, 1, 3, 9));
	const end = new Date(start.getTime() + 3600_000);
	const item: NewCalendarItem = {
		kind: 'calendarItem',
		uid: 'uid-referee-delta',
		subject: 'Referee meeting',
		start: { raw: start.toISOString(), instant: start },
		end: { raw: end.toISOString(), instant: end },
		startTimeZone: 'UTC',
		organizer: { address: MAILBOX },
		requiredAttendees: [{ address: 'bob@contoso.com' }],
		optionalAttendees: [],
		resources: [],
		invitationsSent: 'SendToNone',
		myResponseType: 'Organizer',
		isCancelled: false,
	};
	const stored = graph.sandbox.store.addItem(graph.sandbox.store.mailbox(MAILBOX).folder('calendar'), item);
	const prefer = 'odata.maxpagesize=10, outlook.timezone="UTC"';
	const window = { startDateTime: '2031-02-01T00:00:00Z', endDateTime: '2031-03-01T00:00:00Z' };
	const first = await round(async () => (await client.api(`/users/${MAILBOX}/calendarView/delta`).header('Prefer', prefer).query(window).get()) as Page, prefer);
	expect(first.entries).toHaveLength(1);
	expect(first.entries[0]).toMatchObject({ subject: 'Referee meeting', type: 'singleInstance', start: { dateTime: expect.stringMatching(/^2031-02-03T09:00:00/), timeZone: 'UTC' } });

	graph.sandbox.store.updateItem(stored.id, { location: 'Room 7' });
	const next = await round(async () => (await client.api(first.deltaLink).header('Prefer', prefer).get()) as Page, prefer);
	expect(next.entries.map((entry) => (entry.location as { displayName: string }).displayName)).toEqual(['Room 7']);
});
