import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { onlyValue } from '../../ews/operation';
import { APPOINTMENT_ID_LABEL, appointmentIdProperty, namingTheAppointment, readAppointmentId } from '../appointmentIds';
import { optionsCollection } from '../commonProperties';
import { readMailbox } from '../mailbox';
import { calendarItemOutput, calendarReadOptions, getCalendarItems, readCalendarSettings, requireCalendarItem } from '../output/calendarItems';
import type { ItemCall } from '../types';

export const kind = 'read';

const show = { resource: ['appointment'], operation: ['get'] };

export const description: INodeProperties[] = [appointmentIdProperty(show), optionsCollection(show, calendarReadOptions)];

/** One appointment by id (a single one, a series' master, or one occurrence), read with GetItem. */
export async function* read(this: IExecuteFunctions, call: ItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const settings = readCalendarSettings(this, itemIndex, this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const mailbox = readMailbox(this, itemIndex);
	const appointmentId = readAppointmentId(this, itemIndex);
	let item;
	try {
		item = onlyValue(await getCalendarItems(call, [{ id: appointmentId }], mailbox, settings));
	} catch (error) {
		throw namingTheAppointment(error, appointmentId, mailbox);
	}
	const address = call.client.access(mailbox).address;
	yield { json: calendarItemOutput(requireCalendarItem(this, itemIndex, item, APPOINTMENT_ID_LABEL, appointmentId), settings, address) };
}
