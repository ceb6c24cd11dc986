import { EwsError } from './errors';
import { asArray, childObject, parseXml, textOf, type XmlObject, type XmlValue } from './xml';

export type ResponseClass = 'Success' | 'Warning' | 'Error';

/** One ResponseMessage: EWS answers each item of a request with its own outcome. */
export interface EwsResponseMessage {
	responseClass: ResponseClass;
	responseCode: string;
	messageText?: string;
	backOffMs?: number;
	raw: XmlObject;
}

export interface EwsAnswer {
	/** The operation's response element (e.g. CreateItemResponse), namespace prefixes removed. */
	body: XmlObject;
	messages: EwsResponseMessage[];
	serverVersion?: string;
}

function backOffFrom(messageXml: XmlValue | undefined): number | undefined {
	if (!messageXml || typeof messageXml !== 'object' || Array.isArray(messageXml)) return undefined;
	for (const value of asArray(messageXml.Value)) {
		if (typeof value === 'object' && !Array.isArray(value) && value['@Name'] === 'BackOffMilliseconds') {
			const ms = Number(textOf(value));
			if (Number.isFinite(ms) && ms >= 0) return ms;
		}
	}
	return undefined;
}

function readResponseMessages(body: XmlObject): EwsResponseMessage[] {
	const container = childObject(body, 'ResponseMessages');
	if (!container) return [];
	const messages: EwsResponseMessage[] = [];
	for (const [name, value] of Object.entries(container)) {
		if (name.startsWith('@') || name === '#text') continue;
		for (const message of asArray(value)) {
			if (typeof message !== 'object' || Array.isArray(message)) continue;
			messages.push({
				responseClass: (message['@ResponseClass'] as ResponseClass) ?? 'Error',
				responseCode: textOf(message.ResponseCode) ?? 'NoError',
				messageText: textOf(message.MessageText),
				backOffMs: backOffFrom(message.MessageXml),
				raw: message,
			});
		}
	}
	return messages;
}

/**
 * SOAP faults Exchange raises before it touches any item of the request: the request was not carried out.
 * Any other fault (ErrorInternalServerError, ErrorTimeoutExpired, ...) may come after some items of a
 * batch were committed, so their outcome is unknown.
 */
const FAULTS_BEFORE_ANY_ITEM = new Set([
	'ErrorServerBusy',
	'ErrorSchemaValidation',
	'ErrorInvalidServerVersion',
	'ErrorImpersonateUserDenied',
	'ErrorImpersonationFailed',
	'ErrorInvalidExchangeImpersonationHeader',
	'ErrorNonExistentMailbox',
	'ErrorAccessDenied',
]);

function faultToError(fault: XmlObject, httpStatus: number): EwsError {
	const detail = childObject(fault, 'detail');
	const faultCode = (textOf(fault.faultcode) ?? '').replace(/^.*:/, '');
	const code = textOf(detail?.ResponseCode) ?? (faultCode || 'SoapFault');
	const message = textOf(detail?.Message) ?? textOf(fault.faultstring) ?? 'Exchange answered with a SOAP fault';
	const backOffMs = backOffFrom(detail?.MessageXml);
	return new EwsError({
		code,
		message: `${code}: ${message}`,
		httpStatus,
		processing: FAULTS_BEFORE_ANY_ITEM.has(code) ? 'notProcessed' : 'unknown',
		backOffMs,
	});
}

/**
 * Reads a SOAP answer: the operation's response element, or an EwsError for a SOAP fault. Anything that
 * is not a SOAP envelope (an HTML page from a proxy or OWA, say) means the URL is not an EWS endpoint.
 */
export function readSoapAnswer(text: string, httpStatus: number): EwsAnswer {
	let document: XmlObject;
	try {
		document = parseXml(text);
	} catch (error) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: `Exchange's answer could not be read: ${(error as Error).message}`,
			hint: 'A proxy or load balancer may have cut the answer short. Try again; if it persists, check the EWS URL and what sits in front of Exchange.',
			httpStatus,
			processing: 'unknown',
		});
	}
	const envelope = childObject(document, 'Envelope');
	const soapBody = childObject(envelope, 'Body');
	if (!soapBody) {
		throw new EwsError({
			code: 'NotEws',
			message: 'The server answered, but not with an EWS (SOAP) message',
			hint: 'Check the EWS URL: it usually ends with /EWS/Exchange.asmx.',
			httpStatus,
			processing: 'unknown',
		});
	}
	const fault = childObject(soapBody, 'Fault');
	if (fault) throw faultToError(fault, httpStatus);
	const name = Object.keys(soapBody).find((key) => !key.startsWith('@') && key !== '#text');
	const body = name ? childObject(soapBody, name) : undefined;
	if (!body) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: 'Exchange answered with an empty SOAP body',
			httpStatus,
			processing: 'unknown',
		});
	}
	const header = childObject(envelope, 'Header');
	const serverVersion = childObject(header, 'ServerVersionInfo');
	return {
		body,
		messages: readResponseMessages(body),
		serverVersion: serverVersion ? (serverVersion['@Version'] as string | undefined) : undefined,
	};
}

/** The error an Error-class ResponseMessage stands for, with the hint that fits its code. */
export function responseMessageError(message: EwsResponseMessage): EwsError {
	return new EwsError({
		code: message.responseCode,
		message: `${message.responseCode}: ${message.messageText ?? 'Exchange did not process this item'}`,
		processing: message.responseCode === 'ErrorServerBusy' ? 'notProcessed' : 'processed',
		backOffMs: message.backOffMs,
	});
}

/** The ResponseMessage for one item of a request; an Error-class message or a missing one becomes an EwsError. */
export function successfulMessage(answer: EwsAnswer, index = 0): EwsResponseMessage {
	const message = answer.messages[index];
	if (!message) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: `Exchange's answer has no response for item ${index + 1} of the request`,
			processing: 'unknown',
		});
	}
	if (message.responseClass === 'Error') throw responseMessageError(message);
	return message;
}
