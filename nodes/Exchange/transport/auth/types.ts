import type { EwsError } from '../errors';
import type { HttpAnswer } from '../http/answer';

/**
 * One way of authenticating a SOAP request. Every credential plugs in here; the EWS client above it
 * never knows which one it talks through.
 */
export interface SoapTransport {
	/**
	 * Sends one SOAP envelope and returns the HTTP answer, whatever its status; throws EwsError when no answer
	 * came. Once `signal` (the run's cancellation) aborts, no request starts and the connections used close.
	 */
	post(envelope: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpAnswer>;
	/** Explains a 401 that survived authentication, in words an admin can act on. */
	unauthorized(answer: HttpAnswer): EwsError;
	/** Explains a 403: on-premises and Exchange Online refuse EWS for different reasons. */
	forbidden(answer: HttpAnswer): EwsError;
}
