import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { createItemBatch } from '../../ews/createItem';
import { id } from '../../ews/fieldTypes';
import { meetingAnswerElement, type MeetingAnswer } from '../../ews/meetingResponses';
import type { EwsClient } from '../../transport';
import { childNode } from '../../transport/xml';
import { appointmentIdProperty, appointmentWrite, readAppointmentTarget } from '../appointmentIds';
import { batchingOptions } from '../batching';
import { bodyTypeProperty, optionsCollection } from '../commonProperties';
import { inputError, readBody } from '../fields';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['appointment'], operation: ['respond'] };

export const description: INodeProperties[] = [
	appointmentIdProperty(
		show,
		'The ID of the meeting request (in the Inbox) or of the meeting in the calendar, e.g. the ID Email → Get Many or Appointment → Get Many output. Over Microsoft Graph: the Graph ID of the meeting in the calendar.',
	),
	{
		displayName: 'Response',
		name: 'response',
		type: 'options',
		options: [
			{ name: 'Accept', value: 'accept', description: 'The meeting stays in the calendar as accepted' },
			{ name: 'Decline', value: 'decline', description: 'The meeting leaves the calendar (to Deleted Items)' },
			{ name: 'Tentative', value: 'tentative', description: 'Accept tentatively' },
		],
		default: 'accept',
		displayOptions: { show },
	},
	optionsCollection(show, [
		...batchingOptions,
		{
			displayName: 'Body',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 5 },
			default: '',
			description: 'A message to the organizer, sent with the response',
		},
		bodyTypeProperty,
		{
			displayName: 'Send Response',
			name: 'sendResponse',
			type: 'boolean',
			default: true,
			description:
				'Whether the organizer gets the response (a copy is kept in Sent Items). Off, the calendar takes the answer and the response is only saved in Drafts (over Microsoft Graph it is not saved).',
		},
	]),
];

const ANSWERS: Record<string, MeetingAnswer> = { accept: 'AcceptItem', tentative: 'TentativelyAcceptItem', decline: 'DeclineItem' };

/** What Exchange's refusals mean here (the codes end in the response: ...ForAccept, ...ForDecline, ...). */
const REASONS: Record<string, string> = {
	ErrorCalendarIsOrganizerFor: 'the mailbox organizes this meeting, and an organizer does not respond to it',
	ErrorCalendarIsCancelledFor: 'the meeting has been cancelled',
	ErrorInvalidItemForOperation: 'it is neither a meeting request nor a meeting in a calendar',
};

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const target = readAppointmentTarget(this, itemIndex);
	const response = String(this.getNodeParameter('response', itemIndex, 'accept'));
	const answer = ANSWERS[response];
	if (!answer) throw inputError(this, itemIndex, `"Response" "${response}" is not one of accept, tentative, decline`);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const note = readBody(this, itemIndex, options.body, options.bodyType);
	const send = options.sendResponse !== false;
	const access = client.access(target.mailbox);
	const folder = send ? 'sentitems' : 'drafts';
	return appointmentWrite(
		itemIndex,
		target,
		createItemBatch({
			// Without sending, Exchange applies the answer to the calendar and saves the response unsent.
			messageDisposition: send ? 'SendAndSaveCopy' : 'SaveOnly',
			savedItemFolder: access.mode === 'delegate' ? { id: folder, mailbox: access.address } : undefined,
		}),
		send ? `answered this meeting (${response}) and sent the response` : `answered this meeting (${response})`,
		meetingAnswerElement(answer, { id: target.appointmentId }, note),
		(message) => {
			// The answer names the meeting in the calendar (not when declined: it left the calendar).
			const meeting = (childNode(message.node, 'Items')?.children ?? []).find((item) => item.name === 'CalendarItem');
			const meetingId = childNode(meeting, 'ItemId');
			return {
				id: target.appointmentId,
				mailbox: access.address ?? null,
				response,
				responseSent: send,
				calendarItemId: meetingId ? id.read(meetingId).id : null,
			};
		},
		REASONS,
	);
}
