import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { looksLikeItemId } from '../ews/itemIds';
import { inputError, readText } from './fields';
import { namingTheItemId } from './messageIds';

/** The `appointmentId` parameter every operation on one appointment reads, and Exchange's errors about it. */

export const APPOINTMENT_ID_LABEL = 'Appointment ID';
const LABEL = APPOINTMENT_ID_LABEL;

export function appointmentIdProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: LABEL,
		name: 'appointmentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'AAMkAGI2...',
		description: 'The EWS item ID of the appointment, a series or one occurrence, e.g. the ID that Appointment → Create or Get Many output',
		displayOptions: { show },
	};
}

export function readAppointmentId(context: IExecuteFunctions, itemIndex: number): string {
	const value = readText(context, itemIndex, LABEL, context.getNodeParameter('appointmentId', itemIndex, '')).trim();
	if (!value) throw inputError(context, itemIndex, `"${LABEL}" is empty: give the EWS id of the appointment`);
	if (!looksLikeItemId(value)) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
		throw inputError(context, itemIndex, `"${LABEL}" "${shown}" is not an EWS item id (a long base64 text such as the "id" output of another Exchange node)`);
	}
	return value;
}

/** Exchange's error about the appointment (gone, malformed, no rights), naming the parameter and value. */
export function namingTheAppointment(error: unknown, appointmentId: string, mailbox: string | undefined): unknown {
	return namingTheItemId(error, LABEL, appointmentId, mailbox);
}
