import * as draftCreate from './draft/create.graph';
import * as draftSend from './draft/send.graph';
import * as emailForward from './email/forward.graph';
import * as emailReply from './email/reply.graph';
import * as emailReplyAll from './email/replyAll.graph';
import * as emailSend from './email/send.graph';
import type { GraphOperationModule } from './graphTypes';

/**
 * Every operation Microsoft Graph can carry, by resource and operation value, as OPERATIONS lists them for EWS.
 * An operation missing here refuses to run with a Graph credential and says so.
 */
export const GRAPH_OPERATIONS: Record<string, Record<string, GraphOperationModule>> = {
	draft: { create: draftCreate, send: draftSend },
	email: { forward: emailForward, reply: emailReply, replyAll: emailReplyAll, send: emailSend },
};
