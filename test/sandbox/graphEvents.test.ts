import { AccountDirectory, DEFAULT_DIRECTORY } from '../../sandbox/accounts';
import { storeIdOf } from '../../sandbox/graph/ids';
import { GRAPH_ROUTES } from '../../sandbox/graph/routes';
import { GraphError, type GraphResult } from '../../sandbox/graph/types';
import { SandboxStore, StoredCalendarItem } from '../../sandbox/store';

/**
 * The sandbox's Graph event routes, called as the Graph endpoint calls them (route match, then handle), with
 * the outcome checked in the store. Each test names the Graph v1.0 reference page (learn.microsoft.com/graph/api)
 * whose rule it checks.
 */

const ALICE = 'alice@contoso.com';
const BOB = 'bob@contoso.com';
const BASE = 'http://127.0.0.1:1/v1.0';

const directory = new AccountDirectory(DEFAULT_DIRECTORY);
const store = new SandboxStore(directory);

interface Call {
	body?: unknown;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	mailbox?: string;
}

async function graph(method: string, pathAndQuery: string, call: Call = {}): Promise<GraphResult> {
	const [path, search] = pathAndQuery.split('?');
	const query = new URLSearchParams(search ?? '');
	for (const [name, value] of Object.entries(call.query ?? {})) query.set(name, value);
	for (const route of GRAPH_ROUTES) {
		const match = route.method === method ? route.pattern.exec(path) : null;
		if (!match) continue;
		const mailbox = directory.findMailbox(call.mailbox ?? ALICE);
		const headers = Object.fromEntries(Object.entries(call.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
		return route.handle(
			{
				method,
				path,
				query,
				body: call.body,
				headers,
				caller: { kind: 'app', clientId: 'test', permissions: ['Calendars.ReadWrite'] },
				mailbox,
				store,
				directory,
				baseUrl: BASE,
			},
			match.slice(1).map((group) => (group === undefined ? group : decodeURIComponent(group))) as string[],
		);
	}
	throw new Error(`no route for ${method} ${path}`);
}

async function refusal(promise: Promise<unknown>): Promise<GraphError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof GraphError) return error;
		throw error;
	}
	throw new Error('the request was not refused');
}

const json = (result: GraphResult) => result.body as Record<string, any>;

const weeklyMeeting = (extra: Record<string, unknown> = {}) => ({
	subject: 'Standup',
	start: { dateTime: '2026-12-07T09:00:00', timeZone: 'W. Europe Standard Time' },
	end: { dateTime: '2026-12-07T09:15:00', timeZone: 'W. Europe Standard Time' },
	attendees: [{ type: 'required', emailAddress: { address: BOB } }],
	recurrence: {
		pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'wednesday'], firstDayOfWeek: 'sunday' },
		range: { type: 'numbered', startDate: '2026-12-07', numberOfOccurrences: 6, recurrenceTimeZone: 'W. Europe Standard Time' },
	},
	...extra,
});

function storedOf(id: string): StoredCalendarItem {
	return store.getItem(storeIdOf(id) as string) as StoredCalendarItem;
}

describe('sandbox Graph events', () => {
	beforeEach(() => store.reset());

	// user-post-events: 201 with the event; the dateTimeTimeZone is read in its zone and answered in UTC by default.
	it('creates an event in the zone given, answers in UTC, or in the zone Prefer: outlook.timezone names', async () => {
		const created = await graph('POST', '/events', { body: weeklyMeeting({ recurrence: undefined, attendees: [] }) });
		expect(created.status).toBe(201);
		const stored = storedOf(json(created).id);
		expect(stored.start?.instant.toISOString()).toBe('2026-12-07T08:00:00.000Z');
		expect(stored.startTimeZone).toBe('W. Europe Standard Time');
		expect(json(created).start).toEqual({ dateTime: '2026-12-07T08:00:00.0000000', timeZone: 'UTC' });

		const read = await graph('GET', `/events/${encodeURIComponent(json(created).id)}`, { headers: { Prefer: 'outlook.timezone="Eastern Standard Time"' } });
		expect(json(read).start).toEqual({ dateTime: '2026-12-07T03:00:00.0000000', timeZone: 'Eastern Standard Time' });
		expect(read.headers?.['Preference-Applied']).toBe('outlook.timezone="Eastern Standard Time"');

		const iana = await graph('POST', '/events', { body: { subject: 'x', start: { dateTime: '2026-07-01T09:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-07-01T10:00:00', timeZone: 'Europe/Berlin' } } });
		expect(storedOf(json(iana).id).start?.instant.toISOString()).toBe('2026-07-01T07:00:00.000Z');
		const unknown = await refusal(graph('POST', '/events', { body: { start: { dateTime: '2026-07-01T09:00:00', timeZone: 'Mars/Olympus' }, end: { dateTime: '2026-07-01T10:00:00', timeZone: 'UTC' } } }));
		expect([unknown.status, unknown.code]).toEqual([400, 'TimeZoneNotSupportedException']);
	});

	// event resource, transactionId: a resent create with the same transactionId does not book twice.
	it('answers a repeated transactionId with the event it created, and refuses it for a different event', async () => {
		const transactionId = '6b1a6f2e-4c1e-4d2a-9a55-000000000001';
		const body = weeklyMeeting({ transactionId });
		const first = await graph('POST', '/events', { body });
		const again = await graph('POST', '/events', { body });
		expect(again.status).toBe(201);
		expect(json(again).id).toBe(json(first).id);
		expect(json(again).transactionId).toBe(transactionId);
		expect(store.mailbox(ALICE).folder('calendar').items).toHaveLength(1);
		expect(store.mailbox(BOB).folder('inbox').meetingRequests()).toHaveLength(1);
		const other = await refusal(graph('POST', '/events', { body: { ...body, subject: 'Another' } }));
		expect([other.status, other.code]).toEqual([400, 'ErrorDuplicateTransactionId']);
	});

	// calendar-list-calendarview: series expanded, pages of $top with an @odata.nextLink carrying $skip.
	it('pages a calendar view of an expanded series through @odata.nextLink', async () => {
		await graph('POST', '/events', { body: weeklyMeeting() });
		const query = { startDateTime: '2026-12-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z', $top: '4' };
		const first = await graph('GET', '/calendarView', { query });
		expect(json(first).value).toHaveLength(4);
		expect(json(first).value.map((e: { type: string }) => e.type)).toEqual(['occurrence', 'occurrence', 'occurrence', 'occurrence']);
		const next = new URL(json(first)['@odata.nextLink']);
		expect(decodeURIComponent(next.pathname)).toBe(`/v1.0/users/${ALICE}/calendarView`);
		const second = await graph('GET', `/calendarView${next.search}`);
		expect(json(second).value).toHaveLength(2);
		expect(json(second)['@odata.nextLink']).toBeUndefined();
		const missing = await refusal(graph('GET', '/calendarView'));
		expect(missing.status).toBe(400);
	});

	// event-update: PATCH on an occurrence makes it an exception; If-Match with an old change key is refused.
	it('updates one occurrence, and refuses a stale If-Match', async () => {
		const created = await graph('POST', '/events', { body: weeklyMeeting() });
		const view = await graph('GET', '/calendarView', { query: { startDateTime: '2026-12-08T00:00:00Z', endDateTime: '2026-12-10T00:00:00Z' } });
		const occurrence = json(view).value[0];
		const patched = await graph('PATCH', `/events/${occurrence.id}`, { body: { subject: 'Moved standup' } });
		expect(json(patched).type).toBe('exception');
		expect(storedOf(json(created).id).modifiedOccurrences?.[0].subject).toBe('Moved standup');
		const stale = await refusal(graph('PATCH', `/events/${json(created).id}`, { body: { subject: 'x' }, headers: { 'If-Match': 'W/"old"' } }));
		expect([stale.status, stale.code]).toEqual([412, 'ErrorIrresolvableConflict']);
	});

	// event-accept / event-cancel: the answer reaches the organizer; only the organizer may cancel.
	it('records an attendee\'s answer on the organizer\'s meeting, and lets only the organizer cancel', async () => {
		const created = await graph('POST', '/events', { body: weeklyMeeting() });
		const bobsCopy = store.mailbox(BOB).folder('calendar').calendarItems()[0];
		const bobsId = (await graph('GET', '/calendarView', { mailbox: BOB, query: { startDateTime: '2026-12-01T00:00:00Z', endDateTime: '2026-12-08T00:00:00Z' } })).body as { value: Array<{ seriesMasterId: string }> };
		expect(storeIdOf(bobsId.value[0].seriesMasterId)).toBe(bobsCopy.id);
		const notOrganizer = await refusal(graph('POST', `/events/${bobsId.value[0].seriesMasterId}/cancel`, { mailbox: BOB, body: {} }));
		expect(notOrganizer.message).toMatch(/organizer to cancel/);
		const accepted = await graph('POST', `/events/${bobsId.value[0].seriesMasterId}/accept`, { mailbox: BOB, body: { comment: 'Sure', sendResponse: true } });
		expect(accepted.status).toBe(202);
		expect(storedOf(json(created).id).requiredAttendees[0].responseType).toBe('Accept');
		const cancelled = await graph('POST', `/events/${json(created).id}/cancel`, { body: { Comment: 'Off this week' } });
		expect(cancelled.status).toBe(202);
		expect(store.mailbox(ALICE).folder('deleteditems').calendarItems()).toHaveLength(1);
		expect(store.mailbox(BOB).folder('inbox').items.filter((item) => item.kind === 'meetingCancellation')).toHaveLength(1);
	});
});
