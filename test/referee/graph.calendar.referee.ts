import { randomUUID } from 'crypto';
import { BatchRequestContent, BatchResponseContent, PageIterator } from '@microsoft/microsoft-graph-client';
import { storeIdOf } from '../../sandbox/graph/ids';
import type { StoredCalendarItem } from '../../sandbox/store';
import { sdkError, useGraphReferee } from './helpers/graphSdk';

/**
 * Microsoft's Graph SDK against the sandbox's event routes, making each Graph call the node's appointment
 * operations make (create with transactionId, get, calendarView paged through @odata.nextLink, a series'
 * instances, PATCH with If-Match, accept / decline, cancel, delete, permanentDelete, creates in a JSON batch),
 * with the outcome checked in the store. The Graph v1.0 reference page deciding each rule is named.
 */

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const ZONE = 'W. Europe Standard Time';
const PREFER_ZONE = `outlook.timezone="${ZONE}"`;

const { graph, client } = useGraphReferee();

const events = (mailbox: string) => `/users/${mailbox}/events`;
const eventUrl = (mailbox: string, id: string, action?: string) => `${events(mailbox)}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** The body Appointment → Create sends: a weekly meeting in Berlin time with Bob, and a fresh transactionId. */
function meeting(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		subject: 'Planning',
		start: { dateTime: '2026-12-01T09:00:00', timeZone: ZONE },
		end: { dateTime: '2026-12-01T09:45:00', timeZone: ZONE },
		isAllDay: false,
		attendees: [{ type: 'required', emailAddress: { address: BOB } }],
		location: { displayName: 'Room 101' },
		body: { contentType: 'text', content: 'Agenda follows' },
		transactionId: randomUUID(),
		recurrence: {
			pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday', 'thursday'] },
			range: { type: 'numbered', startDate: '2026-12-01', recurrenceTimeZone: ZONE, numberOfOccurrences: 6 },
		},
		...extra,
	};
}

async function create(body: Record<string, unknown> = meeting()): Promise<Record<string, any>> {
	return (await client.api(events(ALICE)).header('Prefer', PREFER_ZONE).post(body)) as Record<string, any>;
}

function stored(id: string): StoredCalendarItem {
	return graph.sandbox.store.getItem(storeIdOf(id) as string) as StoredCalendarItem;
}

test('creates an event, in the zone Prefer names, and a resent create with its transactionId finds it instead of booking twice', async () => {
	// user-post-events; event resource: transactionId.
	const body = meeting();
	const created = await create(body);
	expect(created).toMatchObject({ subject: 'Planning', type: 'seriesMaster', start: { dateTime: '2026-12-01T09:00:00.0000000', timeZone: ZONE }, transactionId: body.transactionId });
	expect(stored(created.id).start?.instant.toISOString()).toBe('2026-12-01T08:00:00.000Z');
	const again = await create(body);
	expect(again.id).toBe(created.id);
	expect(graph.sandbox.store.mailbox(ALICE).folder('calendar').items).toHaveLength(1);
	expect(graph.sandbox.store.mailbox(BOB).folder('inbox').meetingRequests()).toHaveLength(1);
});

test('reads an event with the body as text, and pages a calendar view with the SDK\'s PageIterator', async () => {
	// event-get (Prefer: outlook.body-content-type); calendar-list-calendarview (@odata.nextLink).
	const created = await create();
	const read = (await client.api(eventUrl(ALICE, created.id)).header('Prefer', `${PREFER_ZONE}, outlook.body-content-type="text"`).get()) as Record<string, any>;
	expect(read).toMatchObject({ id: created.id, body: { contentType: 'text', content: 'Agenda follows' }, recurrence: { pattern: { type: 'weekly' } } });

	const first = await client
		.api(`/users/${ALICE}/calendarView`)
		.header('Prefer', PREFER_ZONE)
		.query({ startDateTime: '2026-11-30T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z', $orderby: 'start/dateTime' })
		.top(4)
		.get();
	const seen: Array<Record<string, any>> = [];
	// Graph applies Prefer per request: the next pages are asked for with it too, as the node does.
	await new PageIterator(
		client,
		first,
		(event) => {
			seen.push(event as Record<string, any>);
			return true;
		},
		{ headers: { Prefer: PREFER_ZONE } },
	).iterate();
	expect(seen.map((event) => event.start.dateTime)).toEqual([
		'2026-12-01T09:00:00.0000000',
		'2026-12-03T09:00:00.0000000',
		'2026-12-08T09:00:00.0000000',
		'2026-12-10T09:00:00.0000000',
		'2026-12-15T09:00:00.0000000',
		'2026-12-17T09:00:00.0000000',
	]);
	expect(new Set(seen.map((event) => event.seriesMasterId))).toEqual(new Set([created.id]));
});

test('finds a series\' instance and updates it with If-Match; a stale If-Match is refused with 412', async () => {
	// event-list-instances; event-update.
	const created = await create();
	const instances = (await client
		.api(eventUrl(ALICE, created.id, 'instances'))
		.query({ startDateTime: '2026-12-01T08:00:00Z', endDateTime: '2026-12-29T08:00:00Z', $orderby: 'start/dateTime' })
		.top(100)
		.get()) as { value: Array<Record<string, any>> };
	const third = instances.value[2];
	expect(third.type).toBe('occurrence');
	const patched = (await client
		.api(eventUrl(ALICE, third.id))
		.header('Prefer', PREFER_ZONE)
		.header('If-Match', `W/"${third.changeKey}"`)
		.patch({ subject: 'Planning (moved)', start: { dateTime: '2026-12-08T14:00:00', timeZone: ZONE }, end: { dateTime: '2026-12-08T14:45:00', timeZone: ZONE } })) as Record<string, any>;
	expect(patched).toMatchObject({ type: 'exception', subject: 'Planning (moved)', start: { dateTime: '2026-12-08T14:00:00.0000000' } });
	expect(stored(created.id).modifiedOccurrences?.[0].start.instant.toISOString()).toBe('2026-12-08T13:00:00.000Z');

	const stale = await sdkError(client.api(eventUrl(ALICE, created.id)).header('If-Match', 'W/"CQAAABYAAAAold"').patch({ subject: 'x' }));
	expect({ statusCode: stale.statusCode, code: stale.code }).toEqual({ statusCode: 412, code: 'ErrorIrresolvableConflict' });
	const attendees = (await client
		.api(eventUrl(ALICE, created.id))
		.header('If-Match', `W/"${stored(created.id).changeKey}"`)
		.patch({ attendees: [{ type: 'required', emailAddress: { address: BOB } }, { type: 'optional', emailAddress: { address: 'carol@contoso.com' } }] })) as Record<string, any>;
	expect(attendees.attendees.map((a: Record<string, any>) => a.type)).toEqual(['required', 'optional']);
	expect(graph.sandbox.store.mailbox('carol@contoso.com').folder('inbox').meetingRequests()).toHaveLength(1);
});

test('accepts and declines as attendees, cancels as organizer, and refuses an attendee\'s cancel with 400', async () => {
	// event-accept, event-decline, event-cancel.
	const created = await create(meeting({ attendees: [{ type: 'required', emailAddress: { address: BOB } }, { type: 'optional', emailAddress: { address: 'carol@contoso.com' } }] }));
	const copyOf = (mailbox: string) => graph.sandbox.store.mailbox(mailbox).folder('calendar').calendarItems()[0];
	const bobsId = (await client.api(`/users/${BOB}/calendarView`).query({ startDateTime: '2026-12-01T00:00:00Z', endDateTime: '2026-12-02T00:00:00Z' }).get()).value[0].seriesMasterId as string;
	expect(storeIdOf(bobsId)).toBe(copyOf(BOB).id);
	await client.api(eventUrl(BOB, bobsId, 'accept')).post({ comment: 'See you', sendResponse: true });
	const carolsId = (await client.api(`/users/carol@contoso.com/calendarView`).query({ startDateTime: '2026-12-01T00:00:00Z', endDateTime: '2026-12-02T00:00:00Z' }).get()).value[0].seriesMasterId as string;
	await client.api(eventUrl('carol@contoso.com', carolsId, 'decline')).post({ sendResponse: false });
	const organizers = stored(created.id);
	expect(organizers.requiredAttendees[0].responseType).toBe('Accept');
	expect(organizers.optionalAttendees[0].responseType).toBeUndefined();
	expect(graph.sandbox.store.mailbox('carol@contoso.com').folder('calendar').items).toHaveLength(0);

	const refused = await sdkError(client.api(eventUrl(BOB, bobsId, 'cancel')).post({ comment: 'no' }));
	expect(refused.statusCode).toBe(400);
	expect(refused.message).toContain('You need to be an organizer to cancel a meeting');
	await client.api(eventUrl(ALICE, created.id, 'cancel')).post({ comment: 'Postponed' });
	expect(graph.sandbox.store.mailbox(ALICE).folder('deleteditems').calendarItems()).toHaveLength(1);
	expect(copyOf(BOB).isCancelled).toBe(true);
});

test('deletes into Deleted Items and for good, and creates events in one JSON batch', async () => {
	// event-delete, event-permanentdelete, json-batching.
	const first = await create(meeting({ attendees: [] }));
	const second = await create(meeting({ attendees: [], subject: 'Second' }));
	await client.api(eventUrl(ALICE, first.id)).delete();
	await client.api(eventUrl(ALICE, second.id, 'permanentDelete')).post({});
	expect(graph.sandbox.store.mailbox(ALICE).folder('deleteditems').calendarItems().map((item) => item.subject)).toEqual(['Planning']);
	expect(graph.sandbox.store.findItem(storeIdOf(second.id) as string)).toBeUndefined();

	const base = `${graph.sandbox.graphHttpsUrl}/v1.0`;
	const part = (id: string, subject: string) => ({
		id,
		request: new Request(`${base}${events(ALICE)}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Prefer: PREFER_ZONE },
			body: JSON.stringify(meeting({ subject, attendees: [], recurrence: undefined })),
		}),
	});
	const batch = new BatchResponseContent(await client.api('/$batch').post(await new BatchRequestContent([part('1', 'Batched 1'), part('2', 'Batched 2')]).getContent()));
	for (const id of ['1', '2']) {
		const answer = batch.getResponseById(id);
		expect(answer.status).toBe(201);
		expect(stored(((await answer.json()) as { id: string }).id).subject).toBe(`Batched ${id}`);
	}
});
