import { IncomingHttpHeaders } from 'http';
import { NtlmHandshakeFacts } from './auth';
import { ValidationResult } from './schemaValidator';

/** One received request as the sandbox saw it, for tests to inspect. Never holds the Authorization header. */
export interface RequestLogEntry {
	/** 'graph' for the Graph endpoint's requests (sandbox/graph); absent for EWS and the identity endpoints. */
	api?: 'graph';
	/** Graph: the id of a JSON batch's part; the batch itself has its own entry. */
	batchPartId?: string;
	/** Graph: the mailbox the request was for, once resolved. */
	mailbox?: string;
	connectionId: number;
	protocol: 'http' | 'https';
	method: string;
	path: string;
	/** All request headers but Authorization. */
	headers: IncomingHttpHeaders;
	/** The authentication scheme the client used, if it sent an Authorization header. */
	authorizationScheme?: string;
	body: string;
	/** The request element's name, e.g. 'CreateItem'. */
	operation?: string;
	/** The authenticated account, e.g. 'CONTOSO\svc-n8n'. */
	account?: string;
	/** Why authentication refused the request or was still under way (never secrets). */
	authReason?: string;
	/** Set on the request that completed an NTLM handshake. */
	ntlm?: NtlmHandshakeFacts;
	impersonatedMailbox?: string;
	anchorMailbox?: string;
	requestedVersion?: string;
	/** 'skipped' when validation is off or the schema is missing. */
	schema?: ValidationResult | 'skipped';
	injectedFault?: string;
	status?: number;
	/** The EWS code of a request-level fault; over Graph, the error code of the answer. */
	faultCode?: string;
}

export interface SandboxStats {
	/** TCP connections accepted, over both listeners. */
	connections: number;
	ntlmHandshakes: number;
	requests: number;
}
