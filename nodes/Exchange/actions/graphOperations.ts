import * as appointmentCancel from './appointment/cancel.graph';
import * as appointmentCreate from './appointment/create.graph';
import * as appointmentDelete from './appointment/delete.graph';
import * as appointmentGet from './appointment/get.graph';
import * as appointmentGetMany from './appointment/getMany.graph';
import * as appointmentRespond from './appointment/respond.graph';
import * as appointmentUpdate from './appointment/update.graph';
import type { GraphOperationModule } from './graphTypes';

/**
 * Every operation Microsoft Graph can carry, by resource and operation value, as OPERATIONS lists them for EWS.
 * An operation missing here refuses to run with a Graph credential and says so.
 */
export const GRAPH_OPERATIONS: Record<string, Record<string, GraphOperationModule>> = {
	appointment: {
		cancel: appointmentCancel,
		create: appointmentCreate,
		delete: appointmentDelete,
		get: appointmentGet,
		getMany: appointmentGetMany,
		respond: appointmentRespond,
		update: appointmentUpdate,
	},
};
