import * as directoryExpandGroup from './directory/expandGroup.graph';
import * as directoryResolveName from './directory/resolveName.graph';
import * as freeBusyFindTime from './freeBusy/findTime.graph';
import * as freeBusyGet from './freeBusy/get.graph';
import type { GraphOperationModule } from './graphTypes';
import * as roomGetMany from './room/getMany.graph';

/**
 * Every operation Microsoft Graph can carry, by resource and operation value, as OPERATIONS lists them for EWS.
 * An operation missing here refuses to run with a Graph credential and says so.
 */
export const GRAPH_OPERATIONS: Record<string, Record<string, GraphOperationModule>> = {
	directory: { expandGroup: directoryExpandGroup, resolveName: directoryResolveName },
	freeBusy: { findTime: freeBusyFindTime, get: freeBusyGet },
	room: { getMany: roomGetMany },
};
