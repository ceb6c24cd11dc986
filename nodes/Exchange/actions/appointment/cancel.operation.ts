import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { createItemBatch } from '../../ews/createItem';
import { cancelMeetingElement } from '../../ews/meetingResponses';
import type { EwsClient } from '../../transport';
import { appointmentIdProperty, appointmentWrite, readAppointmentTarget } from '../appointmentIds';
import { batchingOptions } from '../batching';
import { bodyTypeProperty, optionsCollection } from '../commonProperties';
import { readBody } from '../fields';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['appointment'], operation: ['cancel'] };

export const description: INodeProperties[] = [
	appointmentIdProperty(show, 'The ID of a meeting the mailbox organizes, e.g. the ID Appointment → Create output (EWS\'s ID over EWS, Graph\'s over Microsoft Graph)'),
	optionsCollection(show, [
		...batchingOptions,
		{
			displayName: 'Body',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 5 },
			default: '',
			description: 'A message to the attendees, sent with the cancellation',
		},
		bodyTypeProperty,
	]),
];

/** What Exchange's refusals mean here. */
const REASONS: Record<string, string> = {
	ErrorCalendarIsNotOrganizer: 'the mailbox does not organize this meeting, and only its organizer can cancel it; to take it out of this calendar, use Respond with Decline or Delete',
	ErrorInvalidOperation:
		'the mailbox does not organize this meeting, and only its organizer can cancel it; to take it out of this calendar, use Respond with Decline or Delete',
	ErrorInvalidItemForOperationCancelItem: 'it is not a calendar item: give the id of a meeting the mailbox organizes',
};

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const target = readAppointmentTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const note = readBody(this, itemIndex, options.body, options.bodyType);
	const access = client.access(target.mailbox);
	return appointmentWrite(
		itemIndex,
		target,
		createItemBatch({
			messageDisposition: 'SendAndSaveCopy',
			savedItemFolder: access.mode === 'delegate' ? { id: 'sentitems', mailbox: access.address } : undefined,
		}),
		'cancelled this meeting and sent the cancellations',
		cancelMeetingElement({ id: target.appointmentId }, note),
		() => ({ id: target.appointmentId, mailbox: access.address ?? null, cancelled: true }),
		REASONS,
	);
}
