import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { graphId, storeIdOf } from '../../sandbox/graph/ids';
import type { Attendee, StoredCalendarItem, StoredItem } from '../../sandbox/store';
import { useGraphSandbox } from '../helpers/graphWorkflow';
import { NODE_NAME } from '../helpers/exchangeWorkflow';
import { ALICE, BOB, CAROL } from '../helpers/meetings';

const env = useGraphSandbox();

const ROOM = 'room-101@contoso.com';
const CONTINUE = { onError: 'continueRegularOutput' as const };

/** Appointment → Create of a weekly meeting in Berlin time: Bob required, Carol optional, the room as resource. */
const WEEKLY_MEETING: INodeParameters = {
	resource: 'appointment',
	operation: 'create',
	mailbox: ALICE,
	subject: 'Planning',
	start: '2026-12-01T09:00:00',
	duration: 45,
	location: 'Room 101',
	options: {
		timeZone: 'Europe/Berlin',
		requiredAttendees: BOB,
		optionalAttendees: CAROL,
		resources: ROOM,
		body: 'Agenda follows',
		categories: 'Planning',
		reminderMinutes: 10,
		showAs: 'tentative',
		sensitivity: 'private',
		recurrence: { rule: { frequency: 'weekly', interval: 1, daysOfWeek: ['tuesday', 'thursday'], end: 'afterCount', occurrences: 6 } },
	},
};

function calendar(address: string): StoredCalendarItem[] {
	return env.sandbox.store.mailbox(address).folder('calendar').calendarItems();
}

function folderKinds(address: string, name: 'inbox' | 'sentitems' | 'deleteditems'): string[] {
	return env.sandbox.store
		.mailbox(address)
		.folder(name)
		.items.map((item: StoredItem) => `${item.kind}:${item.subject}`)
		.sort();
}

const attendees = (list: Attendee[]) => list.map((attendee) => attendee.address);

/** What a created meeting left in the store, without the ids and times of its making. */
function storedMeeting() {
	const [meeting] = calendar(ALICE);
	return {
		count: calendar(ALICE).length,
		subject: meeting.subject,
		start: meeting.start?.instant.toISOString(),
		end: meeting.end?.instant.toISOString(),
		startTimeZone: meeting.startTimeZone,
		endTimeZone: meeting.endTimeZone,
		location: meeting.location,
		body: meeting.body?.text,
		categories: meeting.categories,
		reminder: [meeting.reminderIsSet, meeting.reminderMinutesBeforeStart],
		showAs: meeting.legacyFreeBusyStatus,
		sensitivity: meeting.sensitivity,
		recurrence: meeting.recurrence && { pattern: { ...meeting.recurrence.pattern, firstDayOfWeek: undefined }, range: meeting.recurrence.range },
		organizer: meeting.organizer.address,
		required: attendees(meeting.requiredAttendees),
		optional: attendees(meeting.optionalAttendees),
		resources: attendees(meeting.resources),
		invitations: [BOB, CAROL, ROOM].map((address) => ({
			address,
			inbox: folderKinds(address, 'inbox'),
			calendar: calendar(address).map((copy) => ({ subject: copy.subject, start: copy.start?.instant.toISOString(), recurring: copy.recurrence !== undefined })),
		})),
		sentItems: folderKinds(ALICE, 'sentitems'),
		deliveries: env.sandbox.store.deliveries.map((delivery) => [delivery.kind, delivery.sender, delivery.recipient]).sort(),
	};
}

const withoutIds = ({ id: _id, changeKey: _changeKey, ...rest }: IDataObject) => rest;

function graphRequests(method: string, path: string) {
	return env.sandbox.requests.filter((request) => request.api === 'graph' && request.method === method && request.path.split('?')[0].endsWith(path));
}

describe('Appointment over Microsoft Graph', () => {
	it('creates the same weekly meeting over Graph as over EWS: times, zone, recurrence, attendees and invitations alike', async () => {
		const overEws = await env.runEws({ parameters: WEEKLY_MEETING });
		expect(overEws.error).toBeUndefined();
		const ewsStored = storedMeeting();
		const ewsOutput = overEws.outputOf(NODE_NAME)[0].json;
		env.sandbox.store.reset();

		const overGraph = await env.run({ parameters: WEEKLY_MEETING });
		expect(overGraph.error).toBeUndefined();
		const graphStored = storedMeeting();
		const graphOutput = overGraph.outputOf(NODE_NAME)[0].json;

		expect(graphStored).toEqual(ewsStored);
		expect(graphStored).toMatchObject({
			count: 1,
			start: '2026-12-01T08:00:00.000Z',
			end: '2026-12-01T08:45:00.000Z',
			startTimeZone: 'W. Europe Standard Time',
			recurrence: { pattern: { kind: 'Weekly', daysOfWeek: ['Tuesday', 'Thursday'] }, range: { kind: 'Numbered', numberOfOccurrences: 6 } },
		});
		expect(graphStored.invitations[0].inbox).toEqual(['meetingRequest:Planning']);
		expect(withoutIds(graphOutput)).toEqual(withoutIds(ewsOutput));
		expect(storeIdOf(String(graphOutput.id))).toBe(calendar(ALICE)[0].id);
		// The create carried a transactionId, and the zone Graph was asked to answer in.
		const [post] = graphRequests('POST', '/events');
		expect(JSON.parse(post.body).transactionId).toMatch(/^[0-9a-f-]{36}$/);
		expect(post.headers.prefer).toBe('outlook.timezone="W. Europe Standard Time"');
	});

	it('resends a create whose answer was lost (processed, then 504) with the same transactionId: one event, one invitation each', async () => {
		env.sandbox.graphFaults.push({ kind: 'status', status: 504, processed: true, method: 'POST', path: '/events' });
		const run = await env.run({ parameters: WEEKLY_MEETING });

		expect(run.error).toBeUndefined();
		const posts = graphRequests('POST', '/events');
		expect(posts).toHaveLength(2);
		const [first, second] = posts.map((request) => JSON.parse(request.body).transactionId);
		expect(second).toBe(first);
		expect(calendar(ALICE)).toHaveLength(1);
		expect(run.outputOf(NODE_NAME)[0].json.id).toBe(graphId(calendar(ALICE)[0].id));
		expect(folderKinds(BOB, 'inbox')).toEqual(['meetingRequest:Planning']);
		expect(env.sandbox.store.deliveries.filter((delivery) => delivery.recipient === BOB)).toHaveLength(1);
	});

	it('refuses Send Invitations None for a meeting with attendees, naming the parameter, and creates nothing', async () => {
		const run = await env.run({
			parameters: { ...WEEKLY_MEETING, options: { ...(WEEKLY_MEETING.options as IDataObject), sendInvitations: 'none' } },
			settings: CONTINUE,
		});

		expect(String(run.outputOf(NODE_NAME)[0].json.error)).toContain('"Send Invitations" "None" cannot be used over Microsoft Graph');
		expect(calendar(ALICE)).toHaveLength(0);
		expect(graphRequests('POST', '/events')).toHaveLength(0);
	});

	it('gives the same output fields for an event read over Graph as over EWS', async () => {
		await env.run({ parameters: WEEKLY_MEETING });
		const [series] = calendar(ALICE);
		const options = { timeZone: 'Europe/Berlin', bodyFormat: 'text' };
		const overGraph = await env.run({ parameters: { resource: 'appointment', operation: 'get', mailbox: ALICE, appointmentId: graphId(series.id), options } });
		const overEws = await env.runEws({ parameters: { resource: 'appointment', operation: 'get', mailbox: ALICE, appointmentId: series.id, options } });

		const graphJson = overGraph.outputOf(NODE_NAME)[0].json;
		const ewsJson = overEws.outputOf(NODE_NAME)[0].json;
		expect(Object.keys(graphJson).sort()).toEqual(Object.keys(ewsJson).sort());
		const comparable = ({ attendees: list, organizer, recurrence, ...rest }: IDataObject) => ({
			...withoutIds(rest),
			attendees: (list as IDataObject[]).map(({ address, type, response }) => ({ address, type, response })),
			organizer: (organizer as IDataObject).address,
			recurrence: { ...(recurrence as IDataObject), pattern: { ...((recurrence as IDataObject).pattern as IDataObject), firstDayOfWeek: undefined } },
		});
		expect(comparable(graphJson)).toEqual(comparable(ewsJson));
		expect(graphJson).toMatchObject({ start: '2026-12-01T09:00:00+01:00', type: 'recurringMaster', showAs: 'tentative', reminderMinutes: 10, body: 'Agenda follows' });
	});

	it('reads a calendar view across more than one page, series expanded, through @odata.nextLink', async () => {
		const daily: INodeParameters = {
			...WEEKLY_MEETING,
			subject: 'Daily',
			options: { timeZone: 'Europe/Berlin', recurrence: { rule: { frequency: 'daily', interval: 1, end: 'afterCount', occurrences: 130 } } },
		};
		expect((await env.run({ parameters: daily })).error).toBeUndefined();

		const run = await env.run({
			parameters: {
				resource: 'appointment',
				operation: 'getMany',
				mailbox: ALICE,
				windowStart: '2026-11-30T00:00:00',
				windowEnd: '2027-06-01T00:00:00',
				returnAll: true,
				options: { timeZone: 'Europe/Berlin' },
			},
		});

		const output = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(output).toHaveLength(130);
		expect(new Set(output.map((item) => item.id)).size).toBe(130);
		expect(output.every((item) => item.type === 'occurrence' && item.subject === 'Daily')).toBe(true);
		expect(output[0].start).toBe('2026-12-01T09:00:00+01:00');
		expect(output[129].start).toBe('2027-04-09T09:00:00+02:00');
		const views = graphRequests('GET', '/calendarView');
		expect(views.length).toBeGreaterThan(1);
		expect(views[1].path).toContain('%24skip=100');
		expect(views[1].headers.prefer).toContain('outlook.timezone="W. Europe Standard Time"');
	});

	it('updates one occurrence of a series (the series\' 3rd), leaving the others as they were', async () => {
		await env.run({ parameters: WEEKLY_MEETING });
		const [series] = calendar(ALICE);
		const run = await env.run({
			parameters: {
				resource: 'appointment',
				operation: 'update',
				mailbox: ALICE,
				appointmentId: graphId(series.id),
				updateFields: { subject: 'Planning (moved)', start: '2026-12-08T14:00:00' },
				options: { occurrence: 3, timeZone: 'Europe/Berlin' },
			},
		});

		expect(run.error).toBeUndefined();
		expect(series.modifiedOccurrences).toHaveLength(1);
		expect(series.modifiedOccurrences?.[0]).toMatchObject({ subject: 'Planning (moved)', originalStart: new Date('2026-12-08T08:00:00Z') });
		expect(series.modifiedOccurrences?.[0].start.instant.toISOString()).toBe('2026-12-08T13:00:00.000Z');
		expect(series.modifiedOccurrences?.[0].end.instant.toISOString()).toBe('2026-12-08T13:45:00.000Z');
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ type: 'exception', subject: 'Planning (moved)', start: '2026-12-08T14:00:00+01:00' });
		expect(series.subject).toBe('Planning');
		const patch = graphRequests('PATCH', '')[0];
		expect(patch.headers['if-match']).toMatch(/^W\/"/);
	});

	it('updates the whole meeting: attendees added by read-then-write, the update sent to every attendee', async () => {
		await env.run({ parameters: { ...WEEKLY_MEETING, options: { timeZone: 'Europe/Berlin', requiredAttendees: BOB } } });
		const [meeting] = calendar(ALICE);
		const run = await env.run({
			parameters: {
				resource: 'appointment',
				operation: 'update',
				mailbox: ALICE,
				appointmentId: graphId(meeting.id),
				updateFields: { attendeesAction: 'add', optionalAttendees: CAROL, location: 'Room A' },
			},
		});

		expect(run.error).toBeUndefined();
		expect(attendees(meeting.requiredAttendees)).toEqual([BOB]);
		expect(attendees(meeting.optionalAttendees)).toEqual([CAROL]);
		expect(meeting.location).toBe('Room A');
		expect(folderKinds(CAROL, 'inbox')).toEqual(['meetingRequest:Planning']);
		expect(folderKinds(BOB, 'inbox')).toEqual(['meetingRequest:Planning', 'meetingRequest:Planning']);
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({ location: 'Room A', optionalAttendees: [CAROL] });
	});

	it('accepts a meeting as an attendee: the answer and its comment reach the organizer, whose meeting records it', async () => {
		await env.run({ parameters: WEEKLY_MEETING });
		const [meeting] = calendar(ALICE);
		const [bobsCopy] = calendar(BOB);
		const run = await env.run({
			parameters: { resource: 'appointment', operation: 'respond', mailbox: BOB, appointmentId: graphId(bobsCopy.id), response: 'accept', options: { body: 'See you there' } },
		});

		expect(run.outputOf(NODE_NAME)[0].json).toEqual({
			id: graphId(bobsCopy.id),
			mailbox: BOB,
			response: 'accept',
			responseSent: true,
			calendarItemId: graphId(bobsCopy.id),
		});
		expect(meeting.requiredAttendees).toEqual([expect.objectContaining({ address: BOB, responseType: 'Accept' })]);
		const response = env.sandbox.store.mailbox(ALICE).folder('inbox').items.find((item) => item.kind === 'meetingResponse');
		expect(response).toMatchObject({ subject: 'Accepted: Planning', body: { text: 'See you there' } });
		expect(bobsCopy.myResponseType).toBe('Accept');
		expect(JSON.parse(graphRequests('POST', '/accept')[0].body)).toEqual({ comment: 'See you there', sendResponse: true });
	});

	it('cancels a meeting with a message to its attendees, and says why an attendee cannot', async () => {
		await env.run({ parameters: WEEKLY_MEETING });
		const [meeting] = calendar(ALICE);
		const [bobsCopy] = calendar(BOB);
		const refused = await env.run({
			parameters: { resource: 'appointment', operation: 'cancel', mailbox: BOB, appointmentId: graphId(bobsCopy.id) },
			settings: CONTINUE,
		});
		expect(String(refused.outputOf(NODE_NAME)[0].json.error)).toContain('only its organizer can cancel it');

		const run = await env.run({
			parameters: { resource: 'appointment', operation: 'cancel', mailbox: ALICE, appointmentId: graphId(meeting.id), options: { body: 'Postponed' } },
		});
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({ id: graphId(meeting.id), mailbox: ALICE, cancelled: true });
		expect(calendar(ALICE)).toHaveLength(0);
		expect(folderKinds(ALICE, 'deleteditems')).toEqual(['calendarItem:Planning']);
		const cancellation = env.sandbox.store.mailbox(BOB).folder('inbox').items.find((item) => item.kind === 'meetingCancellation');
		expect(cancellation).toMatchObject({ subject: 'Canceled: Planning', body: { text: 'Postponed' } });
		expect(bobsCopy.isCancelled).toBe(true);
	});

	it('deletes an appointment into Deleted Items, and refuses Soft Delete naming it', async () => {
		await env.run({ parameters: { ...WEEKLY_MEETING, options: { timeZone: 'Europe/Berlin' } } });
		const [appointment] = calendar(ALICE);
		const run = await env.run({
			parameters: { resource: 'appointment', operation: 'delete', mailbox: ALICE, appointmentId: '={{ $json.id }}', deleteType: '={{ $json.type }}' },
			items: [{ json: { id: graphId(appointment.id), type: 'softDelete' } }, { json: { id: graphId(appointment.id), type: 'moveToDeletedItems' } }],
			settings: CONTINUE,
		});

		const [soft, moved] = run.outputOf(NODE_NAME).map((item) => item.json);
		expect(String(soft.error)).toContain('"Delete Type" "Soft Delete" cannot be used over Microsoft Graph');
		expect(moved).toEqual({ id: graphId(appointment.id), deleted: true, deleteType: 'moveToDeletedItems', sendCancellations: true });
		expect(folderKinds(ALICE, 'deleteditems')).toEqual(['calendarItem:Planning']);
	});
});
