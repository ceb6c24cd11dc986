import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { buildGetItem, readGetItem } from '../ews/getItem';
import { onlyValue, type BatchRequest } from '../ews/operation';
import { EwsError, type EwsClient, type EwsResponseMessage } from '../transport';
import type { XmlElement } from '../transport/xml';
import { readMailbox } from './mailbox';
import { namingTheItemId, readItemIdParameter } from './messageIds';
import { requireCalendarItem } from './output/calendarItems';
import type { PreparedWrite } from './types';

/** The `appointmentId` parameter every operation on one appointment reads, and Exchange's errors about it. */

export const APPOINTMENT_ID_LABEL = 'Appointment ID';
const LABEL = APPOINTMENT_ID_LABEL;

export function appointmentIdProperty(show: IDisplayOptions['show'], description?: string): INodeProperties {
	return {
		displayName: LABEL,
		name: 'appointmentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'AAMkAGI2...',
		description: description ?? 'The ID of the appointment, a series or one occurrence, e.g. the ID that Appointment → Create or Get Many output (EWS\'s ID over EWS, Graph\'s over Microsoft Graph)',
		displayOptions: { show },
	};
}

export function readAppointmentId(context: IExecuteFunctions, itemIndex: number): string {
	return readItemIdParameter(context, itemIndex, 'appointmentId', LABEL, 'the appointment');
}

/** Exchange's error about the appointment (gone, malformed, no rights), naming the parameter and value. */
export function namingTheAppointment(error: unknown, appointmentId: string, mailbox: string | undefined): unknown {
	return namingTheItemId(error, LABEL, appointmentId, mailbox);
}

export interface AppointmentTarget {
	mailbox?: string;
	appointmentId: string;
}

export function readAppointmentTarget(context: IExecuteFunctions, itemIndex: number): AppointmentTarget {
	return { mailbox: readMailbox(context, itemIndex), appointmentId: readAppointmentId(context, itemIndex) };
}

/**
 * Reads the item's kind (GetItem IdOnly), so that an id of a message given as an appointment's fails the
 * input item before a write that would act on the message.
 */
export async function checkIsAppointment(context: IExecuteFunctions, client: EwsClient, itemIndex: number, target: AppointmentTarget): Promise<void> {
	const request = buildGetItem({ items: [{ id: target.appointmentId }], shape: { base: 'IdOnly' } }, client.version);
	try {
		requireCalendarItem(context, itemIndex, onlyValue(readGetItem(await client.call(request, { mailbox: target.mailbox, kind: 'read' }))), LABEL, target.appointmentId);
	} catch (error) {
		throw namingTheAppointment(error, target.appointmentId, target.mailbox);
	}
}

/**
 * Exchange's refusal reworded: the codes in `reasons` (or codes starting so) get the reason given, the
 * error's own message and code kept, so the item says what Exchange said and what it means; the others name the id.
 */
export function explainRefusal(target: AppointmentTarget, reasons: Record<string, string>): (error: EwsError) => EwsError {
	return (error) => {
		const reason = Object.entries(reasons).find(([code]) => error.code.startsWith(code))?.[1];
		if (!reason) return namingTheAppointment(error, target.appointmentId, target.mailbox) as EwsError;
		return new EwsError({
			code: error.code,
			message: `${error.message} ("${LABEL}" ${target.appointmentId}: ${reason})`,
			hint: error.hint,
			processing: error.processing,
		});
	};
}

/** A write on one existing calendar item that joins a batch (DeleteItem, CreateItem with a response object). */
export function appointmentWrite(
	itemIndex: number,
	target: AppointmentTarget,
	request: BatchRequest,
	effect: string,
	element: XmlElement,
	output: (message: EwsResponseMessage) => IDataObject,
	reasons: Record<string, string> = {},
): PreparedWrite {
	return { itemIndex, mailbox: target.mailbox, request, effect, build: async () => element, output, explain: explainRefusal(target, reasons) };
}
