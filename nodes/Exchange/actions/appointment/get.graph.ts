import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { namingTheAppointment, readAppointmentTarget } from '../appointmentIds';
import { eventPath } from '../graphEvents';
import type { GraphItemCall } from '../graphTypes';
import { readCalendarSettings } from '../output/calendarItems';
import { graphEventOutput, graphReadHeaders } from '../output/graphEvents';

export const kind = 'read';

/** One appointment by its Graph id (a single one, a series' master, or one occurrence): GET /events/{id}. */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const settings = readCalendarSettings(this, itemIndex, this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const target = readAppointmentTarget(this, itemIndex);
	let answer;
	try {
		answer = await call.send({ method: 'GET', path: eventPath(target.appointmentId), headers: graphReadHeaders(settings) }, target.mailbox);
	} catch (error) {
		throw namingTheAppointment(error, target.appointmentId, target.mailbox);
	}
	yield { json: graphEventOutput(answer.body ?? {}, settings, target.mailbox) };
}
