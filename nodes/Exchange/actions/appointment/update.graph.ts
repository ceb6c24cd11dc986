import type { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { windowsZoneId } from '../../helpers/dateTime';
import { EwsError } from '../../transport';
import type { GraphJson } from '../../transport/graph/types';
import { namingTheAppointment, readAppointmentTarget, type AppointmentTarget } from '../appointmentIds';
import { inputError, readText } from '../fields';
import { attendeeLists, eventPath, graphAttendees, graphDateTime, graphShowAs, readEvent, refuseOverGraph, timeZonePreference } from '../graphEvents';
import { graphPages } from '../graphPaging';
import type { GraphItemCall } from '../graphTypes';
import { readCalendarSettings } from '../output/calendarItems';
import { graphEventOutput, graphInstant, graphReadHeaders } from '../output/graphEvents';
import { newAttendeeLists, newTimes, readOccurrence, readUpdateValues, type UpdateValues } from './update.operation';

export const kind = 'singleCall';
export const sends = 'write';

const SEND_UPDATES_LABELS: Record<string, string> = { changed: 'Changed Attendees Only', none: 'None' };

/** How far a series' Nth occurrence can be from its start: N periods of the pattern, and one more. */
const PERIOD: Record<string, 'days' | 'weeks' | 'months' | 'years'> = {
	daily: 'days',
	weekly: 'weeks',
	absoluteMonthly: 'months',
	relativeMonthly: 'months',
	absoluteYearly: 'years',
	relativeYearly: 'years',
};

/**
 * The series' `index`-th occurrence (from 1) among its instances: GET /events/{id}/instances from the
 * series' start, over a window sure to hold it. Graph lists no deleted occurrences, so they are not counted,
 * where EWS's InstanceIndex counts them.
 */
async function occurrenceOf(context: IExecuteFunctions, call: GraphItemCall, target: AppointmentTarget, series: GraphJson, index: number, zone: string): Promise<GraphJson> {
	const pattern = series.recurrence?.pattern as GraphJson | undefined;
	const start = graphInstant(series.start);
	if (series.type !== 'seriesMaster' || !pattern || !start) {
		throw inputError(
			context,
			call.itemIndex,
			`"Occurrence" ${index} was given, but "Appointment ID" ${target.appointmentId} is not a recurring series: give the series' ID, or set Occurrence to 0`,
		);
	}
	const interval = Number(pattern.interval ?? 1) || 1;
	const end: DateTime = start.plus({ [PERIOD[String(pattern.type)] ?? 'years']: (index + 1) * interval });
	const request = {
		method: 'GET' as const,
		path: eventPath(target.appointmentId, 'instances'),
		query: { startDateTime: start.toUTC().toISO() ?? '', endDateTime: end.toUTC().toISO() ?? '', $orderby: 'start/dateTime' },
		headers: { Prefer: timeZonePreference(zone) },
	};
	let count = 0;
	for await (const instance of graphPages(call, request, target.mailbox)) {
		if (++count === index) return instance;
	}
	throw new EwsError({
		code: 'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
		message: `The series "Appointment ID" ${target.appointmentId} has no occurrence ${index}`,
		processing: 'processed',
	});
}

/** The PATCH body: what was asked, on top of the event as just read. */
function patchOf(context: IExecuteFunctions, itemIndex: number, values: UpdateValues, current: GraphJson, zone: string): GraphJson {
	const patch: GraphJson = {};
	if (values.subject !== undefined) patch.subject = values.subject;
	if (values.body !== undefined) patch.body = values.body ? { contentType: values.body.type === 'HTML' ? 'html' : 'text', content: values.body.text } : { contentType: 'text', content: '' };
	if (values.categories !== undefined) patch.categories = values.categories;
	if (values.reminderMinutes !== undefined) {
		patch.isReminderOn = values.reminderMinutes > 0;
		if (values.reminderMinutes > 0) patch.reminderMinutesBeforeStart = values.reminderMinutes;
	}
	if (values.showAs !== undefined) patch.showAs = graphShowAs(values.showAs);
	if (values.location !== undefined) patch.location = { displayName: values.location };
	const span = newTimes(context, itemIndex, values, { start: graphInstant(current.start), end: graphInstant(current.end) }, zone);
	if (span) {
		const windowsZone = windowsZoneId(zone);
		patch.start = graphDateTime(span.start, windowsZone, zone);
		patch.end = graphDateTime(span.end, windowsZone, zone);
	}
	if (Object.keys(values.attendees).length > 0) {
		// Graph keeps one list of attendees: the lists not changed go back as they are.
		const lists = attendeeLists(current);
		const changed = newAttendeeLists(values, (key) => lists[key]);
		if (Object.keys(changed).length > 0) patch.attendees = graphAttendees({ ...lists, ...changed });
	}
	if (Object.keys(patch).length === 0) throw inputError(context, itemIndex, '"Update Fields" is empty: add at least one field to change');
	return patch;
}

/**
 * Appointment → Update over Graph: reads the event (or the series' occurrence), PATCHes the change with
 * If-Match on the version read (or the Change Key given), so a change made in between is refused rather than
 * overwritten, and outputs the event as Graph answers it. Graph tells every attendee of an organizer's change.
 */
export async function call(this: IExecuteFunctions, itemCall: GraphItemCall): Promise<INodeExecutionData> {
	const { itemIndex } = itemCall;
	const target = readAppointmentTarget(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const givenChangeKey = readText(this, itemIndex, 'Change Key', this.getNodeParameter('changeKey', itemIndex, '')).trim() || undefined;
	const settings = readCalendarSettings(this, itemIndex, options);
	const mode = String(options.sendUpdates ?? 'all');
	if (mode !== 'all') {
		if (!SEND_UPDATES_LABELS[mode]) throw inputError(this, itemIndex, `"Send Updates To" has an unknown value "${mode}"`);
		refuseOverGraph(this, itemIndex, 'Send Updates To', SEND_UPDATES_LABELS[mode], 'Graph sends an organizer\'s change to every attendee; choose All Attendees');
	}
	const instanceIndex = readOccurrence(this, itemIndex, options.occurrence);
	const values = readUpdateValues(this, itemIndex, fields, settings.zone);

	let current = await readEvent(itemCall.send, target, settings.zone);
	if (instanceIndex !== undefined) {
		try {
			current = await occurrenceOf(this, itemCall, target, current, instanceIndex, settings.zone);
		} catch (error) {
			throw namingTheAppointment(error, target.appointmentId, target.mailbox);
		}
	}
	const patch = patchOf(this, itemIndex, values, current, settings.zone);
	const changeKey = givenChangeKey ?? current.changeKey;
	const headers: Record<string, string> = { ...graphReadHeaders(settings), ...(changeKey ? { 'If-Match': `W/"${changeKey}"` } : {}) };
	try {
		const answer = await itemCall.send({ method: 'PATCH', path: eventPath(String(current.id ?? target.appointmentId)), body: patch, headers }, target.mailbox);
		return { json: graphEventOutput(answer.body ?? {}, settings, target.mailbox) };
	} catch (error) {
		if (error instanceof EwsError && (error.code === 'ErrorIrresolvableConflict' || error.httpStatus === 412)) {
			const which = givenChangeKey ? `"Change Key" ${givenChangeKey}` : 'it was read just before';
			throw new EwsError({
				code: 'ErrorIrresolvableConflict',
				message: `${error.message} (the appointment "Appointment ID" ${target.appointmentId} changed since ${which}; nothing was updated)`,
				hint: 'Read the appointment again and update it with its new change key.',
				processing: error.processing,
			});
		}
		throw namingTheAppointment(error, target.appointmentId, target.mailbox);
	}
}
