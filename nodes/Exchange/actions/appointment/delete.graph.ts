import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { GraphClient } from '../../transport/graph/graphClient';
import { readAppointmentTarget } from '../appointmentIds';
import { readDeleteType } from '../commonProperties';
import { eventPath, explainGraphRefusal, refuseOverGraph } from '../graphEvents';
import type { PreparedGraphWrite } from '../graphTypes';

export const kind = 'batchedWrite';

/**
 * Appointment → Delete over Graph: DELETE /events/{id} moves it to Deleted Items, POST .../permanentDelete
 * deletes it for good; deleting a meeting the mailbox organizes always cancels it for its attendees.
 */
export async function prepare(this: IExecuteFunctions, _client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
	const target = readAppointmentTarget(this, itemIndex);
	const deleteType = readDeleteType(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (deleteType.type === 'SoftDelete') {
		refuseOverGraph(this, itemIndex, 'Delete Type', 'Soft Delete', 'Graph deletes an event into Deleted Items or for good; choose Move to Deleted Items or Hard Delete');
	}
	if (options.sendCancellations === false) {
		refuseOverGraph(this, itemIndex, 'Send Cancellations', 'false', 'Graph always cancels a deleted meeting for its attendees; turn the option on');
	}
	const hard = deleteType.type === 'HardDelete';
	return {
		itemIndex,
		mailbox: target.mailbox,
		effect: 'deleted this appointment and cancelled it for its attendees',
		build: async () => (hard ? { method: 'POST', path: eventPath(target.appointmentId, 'permanentDelete') } : { method: 'DELETE', path: eventPath(target.appointmentId) }),
		output: () => ({ id: target.appointmentId, deleted: true, deleteType: deleteType.value, sendCancellations: true }),
		explain: explainGraphRefusal(target, []),
	};
}
