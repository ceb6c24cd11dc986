import {  PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { runTestControl } from '../../sandbox/testControls';
import { sdkError, useGraphReferee } from './helpers/graphSdk';

/**
 * Microsoft's Graph SDK against the sandbox's Graph routes for free/busy, rooms and the directory, making each
 * call the node's Free/Busy, Room and Directory operations make over Graph (the same paths, query options,
 * headers and bodies): getSchedule, places, users and groups by $search and $filter, a group's members with
 * paging. Where the SDK and the sandbox could disagree, the comment names the Graph documentation that decides.
 */

const PERMISSIONS = ['Calendars.Read', 'Place.Read.All', 'User.Read.All', 'GroupMember.Read.All'];

const { graph, client } = useGraphReferee({}, { permissions: PERMISSIONS });

type Json = Record<string, any>;

/** Every entry of a collection, through the SDK's own PageIterator following @odata.nextLink. */
async function allPages(first: PageCollection): Promise<Json[]> {
	const entries: Json[] = [];
	const iterator = new PageIterator(client, first, (entry: Json) => {
		entries.push(entry);
		return true;
	});
	await iterator.iterate();
	return entries;
}

test('getSchedule: the window in UTC, one schedule information per address, an unknown one with its error (calendar-getschedule)', async () => {
	runTestControl(graph.sandbox.store, 'availability/busy', JSON.stringify({ mailbox: 'bob@contoso.com', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', showAs: 'Tentative' }));
	const answer = (await client.api(`/users/${encodeURIComponent('svc-n8n@contoso.com')}/calendar/getSchedule`).post({
		schedules: ['bob@contoso.com', 'nobody@contoso.com'],
		startTime: { dateTime: '2026-12-01T00:00:00', timeZone: 'UTC' },
		endTime: { dateTime: '2026-12-02T00:00:00', timeZone: 'UTC' },
		availabilityViewInterval: 30,
	})) as Json;

	const [bob, nobody] = answer.value as Json[];
	expect(bob.scheduleItems).toEqual([
		expect.objectContaining({
			status: 'tentative',
			start: { dateTime: '2026-12-01T09:00:00.0000000', timeZone: 'UTC' },
			end: { dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'UTC' },
		}),
	]);
	expect(bob.workingHours).toMatchObject({ daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', timeZone: { name: 'UTC' } });
	expect(nobody).toMatchObject({ scheduleId: 'nobody@contoso.com', error: { responseCode: '5009' } });

	// "The time period to look up must be less than 62 days" (outlook-get-free-busy-schedule).
	const tooLong = await sdkError(
		client.api('/users/svc-n8n@contoso.com/calendar/getSchedule').post({
			schedules: ['bob@contoso.com'],
			startTime: { dateTime: '2026-11-01T00:00:00', timeZone: 'UTC' },
			endTime: { dateTime: '2027-01-02T00:00:00', timeZone: 'UTC' },
		}),
	);
	expect({ statusCode: tooLong.statusCode, code: tooLong.code }).toEqual({ statusCode: 400, code: 'ErrorTimeIntervalTooBig' });
});

test('places: the room lists and a list\'s rooms, paged as the node asks; an unknown list is 404; Place.Read.All is needed (place-list)', async () => {
	const lists = (await client.api('/places/microsoft.graph.roomlist').top(100).get()) as Json;
	expect(lists.value.map((list: Json) => [list.displayName, list.emailAddress])).toEqual([['Headquarters Rooms', 'rooms@contoso.com']]);

	const rooms = (await client.api(`/places/${encodeURIComponent('rooms@contoso.com')}/microsoft.graph.roomlist/rooms`).top(1).get()) as PageCollection;
	expect((await allPages(rooms)).map((room) => room.emailAddress)).toEqual(['room-a@contoso.com', 'room-b@contoso.com']);

	const unknown = await sdkError(client.api(`/places/${encodeURIComponent('team@contoso.com')}/microsoft.graph.roomlist/rooms`).top(100).get());
	expect(unknown.statusCode).toBe(404);

	const denied = await sdkError(graph.client({ permissions: ['User.Read.All'] }).api('/places/microsoft.graph.roomlist').get());
	expect({ statusCode: denied.statusCode, code: denied.code }).toEqual({ statusCode: 403, code: 'Authorization_RequestDenied' });
});

test('users and groups by $search with ConsistencyLevel: eventual, as Resolve Name asks (search-query-parameter, aad-advanced-queries)', async () => {
	const search = (collection: string, term: string, select: string) =>
		client.api(collection).header('ConsistencyLevel', 'eventual').search(`"displayName:${term}" OR "mail:${term}"`).select(select).count(true).top(100).get() as Promise<Json>;

	const users = await search('/users', 'c', 'id,displayName,mail,givenName,surname,companyName,department,jobTitle,officeLocation,businessPhones,mobilePhone,proxyAddresses');
	expect(users['@odata.count']).toBe(2);
	expect(users.value.map((user: Json) => user.mail)).toEqual(['carol@contoso.com', 'room-101@contoso.com']);
	const alice = await search('/users', 'alice@contoso.com', 'id,displayName,mail,jobTitle,businessPhones');
	expect(alice.value).toEqual([{ id: expect.any(String), displayName: 'Alice Anders', mail: 'alice@contoso.com', jobTitle: 'Accountant', businessPhones: ['+1 425 555 0101'] }]);
	const groups = await search('/groups', 'team', 'id,displayName,mail');
	expect(groups.value).toEqual([{ id: expect.any(String), displayName: 'Team', mail: 'team@contoso.com' }]);

	// Without the header Graph refuses $search on directory objects.
	const plain = await sdkError(client.api('/users').search('"displayName:c"').get());
	expect({ statusCode: plain.statusCode, code: plain.code }).toEqual({ statusCode: 400, code: 'Request_UnsupportedQuery' });
});

test('a group by $filter on mail, then its members with @odata.type, page by page, as Expand Group asks (group-list-members)', async () => {
	const found = (await client.api('/groups').filter("mail eq 'all-staff@contoso.com'").select('id,displayName,mail').get()) as Json;
	const [group] = found.value as Json[];
	expect(group).toMatchObject({ displayName: 'All Staff', mail: 'all-staff@contoso.com' });

	const first = (await client.api(`/groups/${encodeURIComponent(group.id)}/members`).select('id,displayName,mail').top(1).get()) as PageCollection;
	expect(first['@odata.nextLink']).toBeDefined();
	expect((await allPages(first)).map((member) => [member['@odata.type'], member.mail])).toEqual([
		['#microsoft.graph.group', 'team@contoso.com'],
		['#microsoft.graph.user', 'svc-n8n@contoso.com'],
	]);

	const denied = await sdkError(graph.client({ permissions: ['User.Read.All'] }).api('/groups').filter("mail eq 'team@contoso.com'").get());
	expect({ statusCode: denied.statusCode, code: denied.code }).toEqual({ statusCode: 403, code: 'Authorization_RequestDenied' });
});
