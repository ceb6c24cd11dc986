import type { NewCalendarItem, StoredCalendarItem } from '../../sandbox/store';
import { useExchangeSandbox } from '../helpers/exchangeWorkflow';
import { MAILBOX, deliver, subjects, triggerPoller } from './triggerHelpers';

/**
 * Calendar Item Created, Calendar Item Updated and Meeting Request Received through n8n-core's poll context:
 * an update is a change of time, location, subject, attendees or a cancellation, never a dismissed reminder.
 */

jest.setTimeout(300_000);

const env = useExchangeSandbox();

function at(text: string) {
	return { raw: text, instant: new Date(text) };
}

function addMeeting(subject: string, mailbox = MAILBOX): StoredCalendarItem {
	const item: NewCalendarItem = {
		kind: 'calendarItem',
		uid: `uid-${subject}`,
		subject,
		start: at('2030-03-04T09:00:00Z'),
		end: at('2030-03-04T10:00:00Z'),
		location: 'Room 1',
		reminderIsSet: true,
		reminderMinutesBeforeStart: 15,
		organizer: { address: mailbox },
		requiredAttendees: [{ address: 'bob@contoso.com' }],
		optionalAttendees: [],
		resources: [],
		invitationsSent: 'SendToNone',
		myResponseType: 'Organizer',
		isCancelled: false,
	};
	return env.sandbox.store.addItem(env.sandbox.store.mailbox(mailbox).folder('calendar'), item) as StoredCalendarItem;
}

describe('Exchange Trigger: calendar events', () => {
	it('Calendar Item Created emits each new calendar item once, not the ones already there', async () => {
		addMeeting('Existing');
		const poller = triggerPoller(env, { event: 'calendarItemCreated' });
		expect((await poller.poll()).items).toBeNull();
		const created = addMeeting('Planning');
		const [item] = (await poller.poll()).items ?? [];
		expect(item.json).toMatchObject({ id: created.id, subject: 'Planning', start: '2030-03-04T09:00:00Z', location: 'Room 1', isCancelled: false });
		expect((await poller.poll()).items).toBeNull();
	});

	it('Calendar Item Updated emits time, location, subject, attendee changes and a cancellation, not a dismissed reminder', async () => {
		const { store } = env.sandbox;
		const meeting = addMeeting('Review');
		const poller = triggerPoller(env, { event: 'calendarItemUpdated' });
		expect((await poller.poll()).items).toBeNull();

		store.updateItem(meeting.id, { reminderIsSet: false });
		store.updateItem(meeting.id, { categories: ['Blue'] });
		expect((await poller.poll()).items).toBeNull();

		store.updateItem(meeting.id, { start: at('2030-03-05T09:00:00Z'), end: at('2030-03-05T10:00:00Z') });
		const [moved] = (await poller.poll()).items ?? [];
		expect(moved.json).toMatchObject({ id: meeting.id, start: '2030-03-05T09:00:00Z', changed: ['time'] });

		store.updateItem(meeting.id, { location: 'Room 2', subject: 'Review (moved)' });
		expect((await poller.poll()).items?.map((i) => i.json.changed)).toEqual([['location', 'subject']]);

		store.updateItem(meeting.id, { requiredAttendees: [{ address: 'bob@contoso.com' }, { address: 'alice@contoso.com' }] });
		expect((await poller.poll()).items?.map((i) => i.json.changed)).toEqual([['attendees']]);

		store.updateItem(meeting.id, { isCancelled: true });
		const [cancelled] = (await poller.poll()).items ?? [];
		expect(cancelled.json).toMatchObject({ isCancelled: true, changed: ['cancelled'] });
		expect((await poller.poll()).items).toBeNull();

		// A meeting created after activation is remembered when it arrives, so its first change counts.
		const later = addMeeting('Later');
		expect((await poller.poll()).items).toBeNull();
		store.updateItem(later.id, { location: 'Online' });
		expect((await poller.poll()).items?.map((i) => [i.json.subject, i.json.changed])).toEqual([['Later', ['location']]]);
	});

	it('Meeting Request Received emits the invitations that arrive in the Inbox, not other mail', async () => {
		const { store } = env.sandbox;
		const poller = triggerPoller(env, { event: 'meetingRequestReceived' });
		expect((await poller.poll()).items).toBeNull();
		const organizerCopy = addMeeting('Kick-off', 'bob@contoso.com');
		store.sendMeetingRequests(organizerCopy, [MAILBOX], false);
		deliver(env.sandbox, 'Just mail');
		const items = (await poller.poll()).items;
		expect(subjects(items)).toEqual(['Kick-off']);
		expect(items?.[0].json.internetMessageId).toBe(store.mailbox(MAILBOX).folder('inbox').meetingRequests()[0].internetMessageId);
		expect((await poller.poll()).items).toBeNull();
	});
});
