import type { GraphOperationModule } from './graphTypes';

/**
 * Every operation Microsoft Graph can carry, by resource and operation value, as OPERATIONS lists them for EWS.
 * An operation missing here refuses to run with a Graph credential and says so.
 */
export const GRAPH_OPERATIONS: Record<string, Record<string, GraphOperationModule>> = {};
