import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deleteItemBatch } from '../../ews/deleteItem';
import { itemIdElement } from '../../ews/itemIds';
import type { EwsClient } from '../../transport';
import { appointmentIdProperty, appointmentWrite, checkIsAppointment, readAppointmentTarget } from '../appointmentIds';
import { batchingOptions } from '../batching';
import { deleteTypeProperty, optionsCollection, readDeleteType } from '../commonProperties';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['appointment'], operation: ['delete'] };

export const description: INodeProperties[] = [
	appointmentIdProperty(show),
	deleteTypeProperty(show),
	optionsCollection(show, [
		...batchingOptions,
		{
			displayName: 'Send Cancellations',
			name: 'sendCancellations',
			type: 'boolean',
			default: true,
			description:
				'Whether deleting a meeting the mailbox organizes sends a cancellation to its attendees (and keeps a copy in Sent Items). Use Cancel to add a message to it. Over Microsoft Graph cancellations are always sent, and Soft Delete is not available.',
		},
	]),
];

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const target = readAppointmentTarget(this, itemIndex);
	const deleteType = readDeleteType(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const cancellations = options.sendCancellations === false ? 'SendToNone' : 'SendToAllAndSaveCopy';
	// DeleteItem takes any item: a message's id must not delete the message.
	await checkIsAppointment(this, client, itemIndex, target);
	return appointmentWrite(
		itemIndex,
		target,
		deleteItemBatch(deleteType.type, cancellations),
		cancellations === 'SendToNone' ? 'deleted this appointment' : 'deleted this appointment and cancelled it for its attendees',
		itemIdElement({ id: target.appointmentId }),
		() => ({ id: target.appointmentId, deleted: true, deleteType: deleteType.value, sendCancellations: cancellations !== 'SendToNone' }),
	);
}
