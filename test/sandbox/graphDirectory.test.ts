import { AccountDirectory, DEFAULT_DIRECTORY } from '../../sandbox/accounts';
import { GRAPH_ROUTES } from '../../sandbox/graph/routes';
import { GraphError, type GraphCaller, type GraphRequestContext, type GraphResult } from '../../sandbox/graph/types';
import { SandboxStore } from '../../sandbox/store';
import { runTestControl } from '../../sandbox/testControls';

/**
 * The sandbox's Graph routes for the directory, places and getSchedule, called as the Graph endpoint calls them
 * (after it has checked the token, the permission and the mailbox): what each answers, and Graph's errors.
 */

const directory = new AccountDirectory(DEFAULT_DIRECTORY);
const store = new SandboxStore(directory);
const BASE = 'http://127.0.0.1:1/v1.0';
const APP: GraphCaller = { kind: 'app', clientId: 'app', permissions: ['User.Read.All', 'GroupMember.Read.All', 'Place.Read.All', 'Calendars.Read'] };

beforeEach(() => store.reset());

interface Call {
	method?: string;
	path: string;
	query?: Record<string, string>;
	body?: unknown;
	headers?: Record<string, string>;
	caller?: GraphCaller;
	mailbox?: string;
}

async function call({ method = 'GET', path, query = {}, body, headers = {}, caller = APP, mailbox }: Call): Promise<GraphResult> {
	const scope = mailbox ? 'mailbox' : 'tenant';
	for (const route of GRAPH_ROUTES) {
		const match = route.method === method && route.scope === scope ? route.pattern.exec(path) : null;
		if (!match) continue;
		const context: GraphRequestContext = {
			method,
			path,
			query: new URLSearchParams(query),
			body,
			headers,
			caller,
			mailbox: mailbox ? directory.findMailbox(mailbox) : undefined,
			store,
			directory,
			baseUrl: BASE,
		};
		return await route.handle(context, match.slice(1).map(decodeURIComponent));
	}
	throw new Error(`no route for ${method} ${path}`);
}

async function refusal(request: Call): Promise<GraphError> {
	try {
		await call(request);
	} catch (error) {
		if (error instanceof GraphError) return error;
		throw error;
	}
	throw new Error('the request was answered');
}

type Json = Record<string, any>;
const valueOf = (result: GraphResult) => (result.body as Json).value as Json[];
const EVENTUAL = { consistencylevel: 'eventual' };

describe('users and groups', () => {
	it('searches display names by the start of any word and addresses by their start, with ConsistencyLevel: eventual', async () => {
		const result = await call({ path: '/users', query: { $search: '"displayName:c" OR "mail:c"', $select: 'displayName,mail', $count: 'true' }, headers: EVENTUAL });
		expect(valueOf(result)).toEqual([
			{ id: expect.any(String), displayName: 'Carol Castro', mail: 'carol@contoso.com' },
			{ id: expect.any(String), displayName: 'Conference Room 101', mail: 'room-101@contoso.com' },
		]);
		expect(result.body).toMatchObject({ '@odata.count': 2 });
		const groups = await call({ path: '/groups', query: { $search: '"displayName:staff"' }, headers: EVENTUAL });
		expect(valueOf(groups).map((group) => group.mail)).toEqual(['all-staff@contoso.com']);
	});

	it('refuses $search without ConsistencyLevel: eventual, and filter clauses it does not know', async () => {
		expect(await refusal({ path: '/users', query: { $search: '"displayName:al"' } })).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
		expect(await refusal({ path: '/users', query: { $filter: "contains(mail,'al')" } })).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
	});

	it('finds a group by mail with $filter, quotes doubled', async () => {
		const [team] = valueOf(await call({ path: '/groups', query: { $filter: "mail eq 'TEAM@contoso.com'" } }));
		expect(team).toMatchObject({ displayName: 'Team', mail: 'team@contoso.com', mailEnabled: true });
		expect(valueOf(await call({ path: '/groups', query: { $filter: "mail eq 'o''brien@contoso.com'" } }))).toEqual([]);
	});

	it('pages with $top and @odata.nextLink', async () => {
		const first = await call({ path: '/users', query: { $top: '4', $select: 'mail' } });
		expect(valueOf(first)).toHaveLength(4);
		const next = new URL((first.body as Json)['@odata.nextLink']);
		expect(next.href.startsWith(`${BASE}/users?`)).toBe(true);
		const second = await call({ path: '/users', query: Object.fromEntries(next.searchParams) });
		expect(valueOf(second).map((user) => user.mail)).not.toContain(valueOf(first)[0].mail);
	});

	it('shows only basic properties with User.ReadBasic.All', async () => {
		const caller: GraphCaller = { ...APP, permissions: ['User.ReadBasic.All'] };
		const [alice] = valueOf(await call({ path: '/users', query: { $filter: "mail eq 'alice@contoso.com'" }, caller }));
		expect(alice).toEqual({ id: expect.any(String), displayName: 'Alice Anders', givenName: 'Alice', surname: 'Anders', mail: 'alice@contoso.com', userPrincipalName: 'alice@contoso.com' });
	});

	it('lists members typed by @odata.type, nested groups as groups, and transitiveMembers at any depth', async () => {
		const [allStaff] = valueOf(await call({ path: '/groups', query: { $filter: "mail eq 'all-staff@contoso.com'" } }));
		const members = valueOf(await call({ path: `/groups/${allStaff.id}/members`, query: { $select: 'id,displayName,mail' } }));
		expect(members.map((member) => [member['@odata.type'], member.mail])).toEqual([
			['#microsoft.graph.group', 'team@contoso.com'],
			['#microsoft.graph.user', 'svc-n8n@contoso.com'],
		]);
		const transitive = valueOf(await call({ path: `/groups/${allStaff.id}/transitiveMembers`, query: { $select: 'mail' } }));
		expect(transitive.map((member) => member.mail)).toEqual(['team@contoso.com', 'alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'svc-n8n@contoso.com']);
	});

	it('shows user members by id alone to a caller that may not read users', async () => {
		const caller: GraphCaller = { ...APP, permissions: ['GroupMember.Read.All'] };
		const [team] = valueOf(await call({ path: '/groups', query: { $filter: "mail eq 'team@contoso.com'" }, caller }));
		const members = valueOf(await call({ path: `/groups/${team.id}/members`, caller }));
		expect(members[0]).toEqual({ '@odata.type': '#microsoft.graph.user', id: expect.any(String) });
	});

	it('answers 404 for a group id that does not exist', async () => {
		expect(await refusal({ path: '/groups/00000000-0000-0000-0000-000000000000/members' })).toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
	});
});

describe('places', () => {
	it('lists room lists, a list\'s rooms and all rooms', async () => {
		expect(valueOf(await call({ path: '/places/microsoft.graph.roomlist' })).map((list) => [list.displayName, list.emailAddress])).toEqual([
			['Headquarters Rooms', 'rooms@contoso.com'],
		]);
		expect(valueOf(await call({ path: '/places/rooms@contoso.com/microsoft.graph.roomlist/rooms' })).map((room) => room.emailAddress)).toEqual([
			'room-a@contoso.com',
			'room-b@contoso.com',
		]);
		expect(valueOf(await call({ path: '/places/microsoft.graph.room' })).map((room) => room.emailAddress)).toEqual([
			'room-101@contoso.com',
			'room-a@contoso.com',
			'room-b@contoso.com',
		]);
	});

	it('answers 404 for an address that is no room list', async () => {
		expect(await refusal({ path: '/places/team@contoso.com/microsoft.graph.roomlist/rooms' })).toMatchObject({ status: 404 });
	});
});

describe('getSchedule', () => {
	const window = { startTime: { dateTime: '2026-12-01T00:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-12-02T00:00:00', timeZone: 'UTC' } };
	const schedule = (body: unknown, headers: Record<string, string> = {}) =>
		call({ method: 'POST', path: '/calendar/getSchedule', mailbox: 'svc-n8n@contoso.com', body, headers });

	it('answers each address with its items, availability view and working hours, an unknown one with its error', async () => {
		runTestControl(store, 'availability/busy', JSON.stringify({ mailbox: 'bob@contoso.com', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', subject: 'Review' }));
		runTestControl(
			store,
			'availability/workingHours',
			JSON.stringify({ mailbox: 'bob@contoso.com', timeZone: 'W. Europe Standard Time', periods: [{ days: ['Weekday'], start: '09:00', end: '17:30' }] }),
		);
		// Graph's own guide writes the property names capitalised.
		const [bob, nobody] = valueOf(await schedule({ Schedules: ['bob@contoso.com', 'nobody@contoso.com'], StartTime: window.startTime, EndTime: window.endTime, availabilityViewInterval: 60 }));
		expect(bob).toEqual({
			scheduleId: 'bob@contoso.com',
			availabilityView: `${'0'.repeat(9)}2${'0'.repeat(14)}`,
			scheduleItems: [
				{
					isPrivate: false,
					status: 'busy',
					subject: 'Review',
					location: '',
					start: { dateTime: '2026-12-01T09:00:00.0000000', timeZone: 'UTC' },
					end: { dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'UTC' },
				},
			],
			workingHours: {
				daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
				startTime: '09:00:00.0000000',
				endTime: '17:30:00.0000000',
				timeZone: { name: 'W. Europe Standard Time' },
			},
		});
		expect(nobody).toEqual({ scheduleId: 'nobody@contoso.com', availabilityView: '', error: { message: expect.stringContaining('nobody@contoso.com'), responseCode: '5009' } });
	});

	it('reads the window in its zone and answers in the Prefer header\'s zone', async () => {
		runTestControl(store, 'availability/busy', JSON.stringify({ mailbox: 'bob@contoso.com', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z' }));
		const body = {
			schedules: ['bob@contoso.com'],
			startTime: { dateTime: '2026-12-01T08:00:00', timeZone: 'W. Europe Standard Time' },
			endTime: { dateTime: '2026-12-01T11:00:00', timeZone: 'W. Europe Standard Time' },
		};
		const [bob] = valueOf(await schedule(body, { prefer: 'outlook.timezone="Pacific Standard Time"' }));
		expect(bob.scheduleItems[0].start).toEqual({ dateTime: '2026-12-01T01:00:00.0000000', timeZone: 'Pacific Standard Time' });
		// 08:00 to 11:00 in Berlin is 07:00 to 10:00 UTC: six half hours, the last two busy.
		expect(bob.availabilityView).toBe('000022');
	});

	it('refuses a window of 62 days or more, more than 20 schedules, and an end before the start', async () => {
		const long = { schedules: ['bob@contoso.com'], startTime: window.startTime, endTime: { dateTime: '2027-02-01T00:00:00', timeZone: 'UTC' } };
		expect(await refusal({ method: 'POST', path: '/calendar/getSchedule', mailbox: 'svc-n8n@contoso.com', body: long })).toMatchObject({ status: 400, code: 'ErrorTimeIntervalTooBig' });
		const many = { ...window, schedules: Array.from({ length: 21 }, (_, index) => `user${index}@contoso.com`) };
		expect(await refusal({ method: 'POST', path: '/calendar/getSchedule', mailbox: 'svc-n8n@contoso.com', body: many })).toMatchObject({ status: 400 });
		const backwards = { schedules: ['bob@contoso.com'], startTime: window.endTime, endTime: window.startTime };
		expect(await refusal({ method: 'POST', path: '/calendar/getSchedule', mailbox: 'svc-n8n@contoso.com', body: backwards })).toMatchObject({ status: 400 });
	});

	it('leaves subject and location out for a delegated user who may not open the calendar', async () => {
		runTestControl(store, 'availability/busy', JSON.stringify({ mailbox: 'bob@contoso.com', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', subject: 'Secret' }));
		const alice: GraphCaller = { kind: 'delegated', clientId: 'app', permissions: ['Calendars.Read'], user: 'alice@contoso.com' };
		const result = await call({ method: 'POST', path: '/calendar/getSchedule', mailbox: 'alice@contoso.com', body: { schedules: ['bob@contoso.com'], ...window }, caller: alice });
		expect(valueOf(result)[0].scheduleItems[0]).not.toHaveProperty('subject');
	});
});
