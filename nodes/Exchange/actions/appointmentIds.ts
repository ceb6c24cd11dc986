import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { buildGetItem, readGetItem } from '../ews/getItem';
import { onlyValue, type BatchRequest } from '../ews/operation';
import { EwsError, type EwsClient, type EwsResponseMessage } from '../transport';
import type { XmlElement } from '../transport/xml';
import { readMailbox } from './mailbox';
import { namingTheId, readItemIdParameter } from './messageIds';
import { requireCalendarItem } from './output/calendarItems';
import type { PreparedWrite } from './types';

/** The `appointmentId` parameter of every operation on one calendar item, and Exchange's errors about it. */

const LABEL = 'Appointment ID';

export function appointmentIdProperty(show: IDisplayOptions['show'], description?: string): INodeProperties {
	return {
		displayName: LABEL,
		name: 'appointmentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'AAMkAGI2...',
		description: description ?? 'The EWS item ID of the appointment or meeting, e.g. the ID an earlier Exchange node output',
		displayOptions: { show },
	};
}

export interface AppointmentTarget {
	mailbox?: string;
	appointmentId: string;
}

export function readAppointmentTarget(context: IExecuteFunctions, itemIndex: number): AppointmentTarget {
	return { mailbox: readMailbox(context, itemIndex), appointmentId: readItemIdParameter(context, itemIndex, 'appointmentId', LABEL, 'the appointment') };
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
		throw namingTheAppointment(error, target);
	}
}

/** Exchange's error about the appointment's id, naming the parameter and value it came from. */
export function namingTheAppointment(error: unknown, target: AppointmentTarget): unknown {
	return namingTheId(error, target.appointmentId, target.mailbox, LABEL);
}

/**
 * Exchange's refusal reworded: the codes in `reasons` get the reason given (the error's own message and
 * code kept, so the item says what Exchange said and what it means), the others name the id.
 */
export function explainRefusal(target: AppointmentTarget, reasons: Record<string, string>): (error: EwsError) => EwsError {
	return (error) => {
		const reason = Object.entries(reasons).find(([code]) => error.code.startsWith(code))?.[1];
		if (!reason) return namingTheAppointment(error, target) as EwsError;
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
