import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../../transport/graph/graphClient';
import { readAppointmentTarget } from '../appointmentIds';
import { readBody } from '../fields';
import { eventPath, explainGraphRefusal } from '../graphEvents';
import type { PreparedGraphWrite } from '../graphTypes';

export const kind = 'batchedWrite';

const NOT_ORGANIZER =
	'the mailbox does not organize this meeting, and only its organizer can cancel it; to take it out of this calendar, use Respond with Decline or Delete';

/** Appointment → Cancel over Graph: POST /events/{id}/cancel with the Body as its comment (Graph sends it as text). */
export async function prepare(this: IExecuteFunctions, _client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
	const target = readAppointmentTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const note = readBody(this, itemIndex, options.body, options.bodyType);
	return {
		itemIndex,
		mailbox: target.mailbox,
		effect: 'cancelled this meeting and sent the cancellations',
		build: async () => ({ method: 'POST', path: eventPath(target.appointmentId, 'cancel'), body: note ? { comment: note.text } : {} }),
		output: () => ({ id: target.appointmentId, mailbox: target.mailbox ?? null, cancelled: true }),
		explain: explainGraphRefusal(target, [[/organizer to cancel/i, NOT_ORGANIZER]]),
	};
}
