import { IdentityPlatform } from '../../sandbox/oauthIdentity';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { NewCalendarItem, StoredCalendarItem, StoredMessage } from '../../sandbox/store';

/**
 * The sandbox's delta routes over real HTTP, checked against Graph's delta query documentation
 * (learn.microsoft.com/graph/delta-query-overview, /delta-query-messages, /api/event-delta): rounds paged by
 * `Prefer: odata.maxpagesize` through `@odata.nextLink` to an `@odata.deltaLink`, created and changed items as
 * their resource, removed ones as `@removed`, `changeType`, `$select`, and 410 Gone for a token the store
 * does not know (any more).
 */

const MAILBOX = 'svc-n8n@contoso.com';
const APP = 'graph-app-0000-4000-8000-0000000de17a';

let sandbox: Sandbox;
let identity: IdentityPlatform;
let token: string;

beforeAll(async () => {
	identity = new IdentityPlatform({ apps: [] });
	sandbox = await startSandbox({ graph: true, identity, validateSchema: false, log: () => undefined });
	token = identity.issueAccessToken({ kind: 'app', clientId: APP, audience: sandbox.graphHttpUrl, permissions: ['Mail.ReadWrite', 'Calendars.ReadWrite'] });
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.store.reset();
	sandbox.requests.length = 0;
});

interface Answer {
	status: number;
	headers: Headers;
	body: Record<string, any>;
}

/** GET a path under the mailbox, or a whole link Graph gave. */
async function get(pathOrLink: string, prefer?: string): Promise<Answer> {
	const url = pathOrLink.startsWith('http') ? pathOrLink : `${sandbox.graphHttpUrl}/v1.0/users/${MAILBOX}${pathOrLink}`;
	const response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, ...(prefer ? { Prefer: prefer } : {}) } });
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

/** A whole round: every page's entries, the pages' sizes, and the deltaLink it ended with. */
async function round(start: string, prefer?: string): Promise<{ entries: Answer['body'][]; pages: number[]; deltaLink: string }> {
	const entries: Answer['body'][] = [];
	const pages: number[] = [];
	for (let link: string | undefined = start; ; ) {
		const answer = await get(link, prefer);
		expect(answer.status).toBe(200);
		pages.push(answer.body.value.length);
		entries.push(...answer.body.value);
		if (answer.body['@odata.deltaLink']) return { entries, pages, deltaLink: answer.body['@odata.deltaLink'] as string };
		link = answer.body['@odata.nextLink'] as string;
		expect(link).toMatch(/\/messages\/delta\?\$skiptoken=|\/calendarView\/delta\?\$skiptoken=/);
	}
}

function deliver(subject: string): StoredMessage {
	const [message] = sandbox.store.deliverIncoming({ from: { address: 'dana@fabrikam.example' }, toRecipients: [{ address: MAILBOX }], subject });
	return message;
}

const folder = (name: 'inbox' | 'archive' | 'calendar') => sandbox.store.mailbox(MAILBOX).folder(name);

describe('messages/delta', () => {
	test('a first round gives every message once, paged by odata.maxpagesize, and ends with a deltaLink', async () => {
		const sent = Array.from({ length: 7 }, (_, n) => deliver(`Message ${n}`).subject);
		const first = await get('/mailFolders/inbox/messages/delta?$select=subject,isRead', 'odata.maxpagesize=3');
		expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=3');
		expect(first.body['@odata.context']).toBe(`${sandbox.graphHttpUrl}/v1.0/$metadata#Collection(message)`);
		const all = await round('/mailFolders/inbox/messages/delta?$select=subject,isRead', 'odata.maxpagesize=3');
		expect(all.pages).toEqual([3, 3, 1]);
		expect(all.entries.map((entry) => entry.subject).sort()).toEqual(sent.sort());
		// $select: those properties and the id; the type and etag annotations stay.
		expect(Object.keys(all.entries[0]).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'isRead', 'subject']);
		expect(all.deltaLink).toMatch(new RegExp(`^${sandbox.graphHttpUrl}/v1\\.0/users/[^/]+/mailFolders/inbox/messages/delta\\?\\$deltatoken=`));
	});

	test('the next round gives what changed since: new and changed messages, and removed ones as @removed', async () => {
		const kept = deliver('Kept');
		const read = deliver('Read');
		const deleted = deliver('Deleted');
		const moved = deliver('Moved out');
		const { deltaLink } = await round('/mailFolders/inbox/messages/delta?$select=subject');
		const nothing = await get(deltaLink);
		expect(nothing.body.value).toEqual([]);
		expect(nothing.body['@odata.deltaLink']).toBeDefined();

		deliver('New');
		sandbox.store.markRead(read.id, true);
		sandbox.store.deleteItem(deleted.id, 'HardDelete');
		sandbox.store.moveItem(moved.id, folder('archive'));
		const next = await round(deltaLink);
		const byId = new Map(next.entries.map((entry) => [entry.id as string, entry]));
		expect(next.entries.filter((entry) => !entry['@removed']).map((entry) => entry.subject).sort()).toEqual(['New', 'Read']);
		const removed = next.entries.filter((entry) => entry['@removed']);
		expect(removed).toHaveLength(2);
		for (const entry of removed) expect(entry).toEqual({ '@odata.type': '#microsoft.graph.message', id: entry.id, '@removed': { reason: 'deleted' } });
		expect([...byId.values()].some((entry) => entry.subject === kept.subject)).toBe(false);
	});

	test('changeType=created gives only what arrived (moved in included), changeType=updated only changes', async () => {
		const old = deliver('Old');
		const away = sandbox.store.moveItem(deliver('Filed').id, folder('archive'));
		const created = await round('/mailFolders/inbox/messages/delta?changeType=created&$select=subject');
		const updated = await round('/mailFolders/inbox/messages/delta?changeType=updated&$select=subject');
		expect(created.entries.map((entry) => entry.subject)).toEqual(['Old']);
		expect(updated.entries).toEqual([]);

		sandbox.store.markRead(old.id, true);
		sandbox.store.moveItem(away.id, folder('inbox'));
		deliver('New');
		expect((await round(created.deltaLink)).entries.map((entry) => entry.subject).sort()).toEqual(['Filed', 'New']);
		expect((await round(updated.deltaLink)).entries.map((entry) => entry.subject)).toEqual(['Old']);

		const bad = await get('/mailFolders/inbox/messages/delta?changeType=moved');
		expect({ status: bad.status, code: bad.body.error.code }).toEqual({ status: 400, code: 'ErrorInvalidParameter' });
	});

	test('a message leaving the folder in the middle of a round shifts nothing: every other one still comes', async () => {
		const messages = Array.from({ length: 6 }, (_, n) => deliver(`Paged ${n}`));
		const first = await get('/mailFolders/inbox/messages/delta?$select=subject', 'odata.maxpagesize=2');
		expect(first.body.value).toHaveLength(2);
		sandbox.store.moveItem(messages[2].id, folder('archive'));
		const rest = await round(first.body['@odata.nextLink'] as string, 'odata.maxpagesize=2');
		const subjects = [...first.body.value, ...rest.entries].map((entry: Answer['body']) => entry.subject);
		expect(subjects.sort()).toEqual(messages.filter((_, n) => n !== 2).map((message) => message.subject).sort());
		// It is reported removed in the next round.
		expect((await round(rest.deltaLink)).entries.map((entry) => entry['@removed'])).toEqual([{ reason: 'deleted' }]);
	});

	test('a token the store did not issue, one made stale, or one of another folder is 410 Gone with a fresh start in Location', async () => {
		deliver('One');
		const { deltaLink } = await round('/mailFolders/inbox/messages/delta');
		const token = new URL(deltaLink).searchParams.get('$deltatoken') ?? '';

		const madeUp = await get(`/mailFolders/inbox/messages/delta?$deltatoken=${encodeURIComponent(`${token.slice(0, -4)}AAAA`)}`);
		expect({ status: madeUp.status, code: madeUp.body.error.code }).toEqual({ status: 410, code: 'syncStateNotFound' });
		expect(madeUp.headers.get('location')).toBe(`${sandbox.graphHttpUrl}/v1.0/users/${encodeURIComponent(MAILBOX)}/mailFolders/inbox/messages/delta`);

		const otherFolder = await get(`/mailFolders/archive/messages/delta?$deltatoken=${encodeURIComponent(token)}`);
		expect(otherFolder.status).toBe(410);

		expect((await get(deltaLink)).status).toBe(200);
		sandbox.store.syncStates.invalidateAll();
		expect((await get(deltaLink)).status).toBe(410);
	});

	test('a folder that does not exist is 404, an id that is not Graph\'s is 400', async () => {
		const missing = await get(`/mailFolders/AAMkG${Buffer.from('no-such-folder').toString('base64url')}/messages/delta`);
		expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: 'ErrorItemNotFound' });
		const ews = await get('/mailFolders/AAMkAGI2TG93AAA=/messages/delta');
		expect({ status: ews.status, code: ews.body.error.code }).toEqual({ status: 400, code: 'ErrorInvalidIdMalformed' });
	});
});

describe('calendarView/delta', () => {
	const day = (offset: number, hour = 9) => new Date(Date.UTC(2031, 0, 6 + offset, hour));
	const window = `startDateTime=${day(0, 0).toISOString()}&endDateTime=${day(28, 0).toISOString()}`;

	function meeting(subject: string, start: Date, weekly = false): StoredCalendarItem {
		const item: NewCalendarItem = {
			kind: 'calendarItem',
			uid: `uid-${subject}`,
			subject,
			start: { raw: start.toISOString(), instant: start },
			end: { raw: new Date(start.getTime() + 3600_000).toISOString(), instant: new Date(start.getTime() + 3600_000) },
			startTimeZone: 'UTC',
			organizer: { address: MAILBOX },
			requiredAttendees: [],
			optionalAttendees: [],
			resources: [],
			invitationsSent: 'SendToNone',
			myResponseType: 'Organizer',
			isCancelled: false,
			...(weekly ? { recurrence: { pattern: { kind: 'Weekly', interval: 1, daysOfWeek: ['Monday'] }, range: { kind: 'Numbered', startDate: '2031-01-06', numberOfOccurrences: 10 } } } : {}),
		};
		return sandbox.store.addItem(folder('calendar'), item) as StoredCalendarItem;
	}

	test('needs a time window', async () => {
		const answer = await get('/calendarView/delta');
		expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 400, code: 'ErrorInvalidParameter' });
	});

	test('a first round gives the window\'s events, a series as its occurrences; later rounds changes, and what left the window as @removed', async () => {
		const single = meeting('Single', day(1));
		meeting('Weekly', day(0), true);
		meeting('Far away', day(100));
		const first = await round(`/calendarView/delta?${window}`, 'odata.maxpagesize=2');
		const subjects = first.entries.map((entry) => entry.subject);
		expect(subjects.filter((subject) => subject === 'Weekly')).toHaveLength(4);
		expect(subjects.filter((subject) => subject !== 'Weekly')).toEqual(['Single']);
		const occurrences = first.entries.filter((entry) => entry.subject === 'Weekly');
		expect(new Set(occurrences.map((entry) => entry.seriesMasterId)).size).toBe(1);
		expect(occurrences.every((entry) => entry.type === 'occurrence')).toBe(true);
		expect(first.entries.find((entry) => entry.subject === 'Single')).toMatchObject({ type: 'singleInstance', start: { dateTime: expect.stringMatching(/^2031-01-07T09:00:00/), timeZone: 'UTC' } });

		sandbox.store.updateItem(single.id, { location: 'Room 2' });
		const changed = await round(first.deltaLink);
		expect(changed.entries.map((entry) => [entry.subject, entry.location.displayName])).toEqual([['Single', 'Room 2']]);

		sandbox.store.updateItem(single.id, { start: { raw: day(60).toISOString(), instant: day(60) }, end: { raw: day(60, 10).toISOString(), instant: day(60, 10) } });
		const left = await round(changed.deltaLink);
		expect(left.entries).toEqual([{ '@odata.type': '#microsoft.graph.event', id: changed.entries[0].id, '@removed': { reason: 'deleted' } }]);
	});
});
