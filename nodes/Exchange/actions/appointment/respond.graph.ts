import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../../transport/graph/graphClient';
import { readAppointmentTarget } from '../appointmentIds';
import { inputError, readBody } from '../fields';
import { eventPath, explainGraphRefusal } from '../graphEvents';
import type { PreparedGraphWrite } from '../graphTypes';

export const kind = 'batchedWrite';

const ACTIONS: Record<string, string> = { accept: 'accept', tentative: 'tentativelyAccept', decline: 'decline' };

const REASONS: Array<[RegExp, string]> = [
	[/organi[sz]e/i, 'the mailbox organizes this meeting, and an organizer does not respond to it'],
	[/cancel/i, 'the meeting has been cancelled'],
];

/**
 * Appointment → Respond over Graph: POST /events/{id}/accept, tentativelyAccept or decline, with the Body as
 * the comment and sendResponse. The ID is the event's in the calendar; without sending, Graph saves no draft.
 */
export async function prepare(this: IExecuteFunctions, _client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
	const target = readAppointmentTarget(this, itemIndex);
	const response = String(this.getNodeParameter('response', itemIndex, 'accept'));
	const action = ACTIONS[response];
	if (!action) throw inputError(this, itemIndex, `"Response" "${response}" is not one of accept, tentative, decline`);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const note = readBody(this, itemIndex, options.body, options.bodyType);
	const send = options.sendResponse !== false;
	return {
		itemIndex,
		mailbox: target.mailbox,
		effect: send ? `answered this meeting (${response}) and sent the response` : `answered this meeting (${response})`,
		build: async () => ({ method: 'POST', path: eventPath(target.appointmentId, action), body: { ...(note ? { comment: note.text } : {}), sendResponse: send } }),
		output: () => ({
			id: target.appointmentId,
			mailbox: target.mailbox ?? null,
			response,
			responseSent: send,
			// The meeting stays in the calendar under the same id, unless declined.
			calendarItemId: response === 'decline' ? null : target.appointmentId,
		}),
		explain: explainGraphRefusal(target, REASONS),
	};
}
