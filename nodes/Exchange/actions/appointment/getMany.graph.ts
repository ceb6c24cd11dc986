import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { formatEwsDateTime } from '../../helpers/dateTime';
import { graphPages } from '../graphPaging';
import type { GraphItemCall } from '../graphTypes';
import { readMailbox } from '../mailbox';
import { readCalendarSettings } from '../output/calendarItems';
import { graphEventOutput, graphReadHeaders } from '../output/graphEvents';
import { readLimit } from '../paging';
import { readFilter, readWindow } from './getMany.operation';

export const kind = 'read';

/** Graph's showAs in the EWS words the Show As filter compares. */
const LEGACY_SHOW_AS: Record<string, string> = { free: 'Free', tentative: 'Tentative', busy: 'Busy', oof: 'OOF', workingElsewhere: 'WorkingElsewhere', unknown: 'NoData' };

/**
 * Appointments between Window Start and Window End: Graph's calendarView (series expanded into their
 * occurrences by Exchange), page by page through @odata.nextLink. The filters are applied here, as over EWS.
 */
export async function* read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	const { itemIndex } = call;
	const settings = readCalendarSettings(this, itemIndex, this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const mailbox = readMailbox(this, itemIndex);
	const window = readWindow(this, itemIndex, settings.zone);
	const filter = readFilter(this, itemIndex, this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	let remaining = readLimit(this, itemIndex) ?? Infinity;
	if (remaining <= 0) return;
	const first = {
		method: 'GET' as const,
		path: '/calendarView',
		query: {
			startDateTime: formatEwsDateTime(window.start.toUTC()),
			endDateTime: formatEwsDateTime(window.end.toUTC()),
			$orderby: 'start/dateTime',
		},
		headers: graphReadHeaders(settings),
	};
	for await (const event of graphPages(call, first, mailbox)) {
		const fields = { subject: event.subject, categories: event.categories, legacyFreeBusyStatus: LEGACY_SHOW_AS[String(event.showAs)] };
		if (!filter(fields)) continue;
		yield { json: graphEventOutput(event, settings, mailbox) };
		if (--remaining <= 0) return;
	}
}
