import type { GraphItemCall } from '../graphTypes';
import { availabilityInPieces, type AvailabilityQuery } from './availability';
import { buildGetSchedule, MAX_SCHEDULE_WINDOW_DAYS, MAX_SCHEDULES, readGetSchedule } from './graphSchedule';

/**
 * Free/busy over Microsoft Graph: getSchedule in the calendar of the node's Mailbox (the credential's own
 * when empty), in pieces Graph takes, joined as the EWS side joins GetUserAvailability's. Rooms are asked
 * for like people: getSchedule has no attendee types.
 */
export function querySchedule(call: GraphItemCall, query: AvailabilityQuery) {
	return availabilityInPieces(query, { windowDays: MAX_SCHEDULE_WINDOW_DAYS, mailboxesPerRequest: MAX_SCHEDULES }, async (mailboxes, window) => {
		const addresses = mailboxes.map((mailbox) => mailbox.address);
		const answer = await call.send(buildGetSchedule(addresses, window), query.actAs);
		return readGetSchedule(answer.body, addresses, window, query.detailed);
	});
}
