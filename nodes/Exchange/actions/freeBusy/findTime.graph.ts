import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { GraphItemCall } from '../graphTypes';
import { slotItems } from './findTime.operation';
import { querySchedule } from './graphLookup';

export const kind = 'read';

/** Free/Busy → Find a Time over Microsoft Graph: the same slots (slots.ts), from getSchedule. */
export function read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	return slotItems(this, call.itemIndex, (query) => querySchedule(call, query));
}
