import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { GraphItemCall } from '../graphTypes';
import { freeBusyItems } from './get.operation';
import { querySchedule } from './graphLookup';

export const kind = 'read';

/** Free/Busy → Get over Microsoft Graph: the same items, from getSchedule. */
export function read(this: IExecuteFunctions, call: GraphItemCall): AsyncIterable<INodeExecutionData> {
	return freeBusyItems(this, call.itemIndex, (query) => querySchedule(call, query));
}
