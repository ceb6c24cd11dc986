import { randomUUID } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../../transport/graph/graphClient';
import type { GraphJson } from '../../transport/graph/types';
import { graphAttendees, graphDateTime, graphRecurrence, graphShowAs, refuseOverGraph, timeZonePreference } from '../graphEvents';
import type { PreparedGraphWrite } from '../graphTypes';
import { createdOutput, readAppointmentInput } from './create.operation';

export const kind = 'batchedWrite';

/**
 * Appointment → Create over Graph: POST /events with the same parameters as over EWS. Every create carries a
 * fresh transactionId, so a create whose answer was lost may be sent again: Graph answers it with the event
 * the first one made instead of booking twice. Graph always sends a new event's invitations.
 */
export async function prepare(this: IExecuteFunctions, _client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
	const input = readAppointmentInput(this, itemIndex);
	if (input.invitations === 'SendToNone' && input.invited) {
		refuseOverGraph(this, itemIndex, 'Send Invitations', 'None', 'Graph always sends invitations to a new event\'s attendees and resources; leave the attendees out, or choose Automatic');
	}
	const { zone, windowsZone } = input;
	const event: GraphJson = {
		subject: input.subject,
		start: graphDateTime(input.start, windowsZone, zone),
		end: graphDateTime(input.end, windowsZone, zone),
		isAllDay: input.isAllDay,
		attendees: graphAttendees(input),
		transactionId: randomUUID(),
	};
	if (input.body) event.body = { contentType: input.body.type === 'HTML' ? 'html' : 'text', content: input.body.text };
	if (input.location) event.location = { displayName: input.location };
	if (input.categories.length > 0) event.categories = input.categories;
	if (input.sensitivity) event.sensitivity = input.sensitivity.toLowerCase();
	if (input.showAs) event.showAs = graphShowAs(input.showAs);
	if (input.reminderMinutes !== undefined) {
		event.isReminderOn = input.reminderMinutes > 0;
		if (input.reminderMinutes > 0) event.reminderMinutesBeforeStart = input.reminderMinutes;
	}
	if (input.recurrence) event.recurrence = graphRecurrence(input.recurrence, windowsZone);
	return {
		itemIndex,
		mailbox: input.mailbox,
		effect: input.invited ? 'created this appointment and sent its invitations' : 'created this appointment',
		build: async () => ({ method: 'POST', path: '/events', body: event, headers: { Prefer: timeZonePreference(zone) } }),
		output: (answer) => createdOutput(input, { id: answer.body?.id, changeKey: answer.body?.changeKey }, input.mailbox),
		idempotent: true,
	};
}
