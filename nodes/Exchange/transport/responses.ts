import { EwsError } from './errors';
import { childNode, childText, parseXmlTree, type XmlNode } from './xml';

export type ResponseClass = 'Success' | 'Warning' | 'Error';

/** One ResponseMessage: EWS answers each item of a request with its own outcome. */
export interface EwsResponseMessage {
	responseClass: ResponseClass;
	responseCode: string;
	messageText?: string;
	backOffMs?: number;
	/** The ResponseMessage element, children in document order. */
	node: XmlNode;
}

export interface EwsAnswer {
	/** The operation's response element (e.g. CreateItemResponse), children in document order. */
	body: XmlNode;
	messages: EwsResponseMessage[];
	/** The answer as Exchange sent it, for who asks for the raw XML (Custom EWS Request). */
	xml: string;
}

function backOffFrom(messageXml: XmlNode | undefined): number | undefined {
	for (const value of messageXml?.children ?? []) {
		if (value.name === 'Value' && value.attrs.Name === 'BackOffMilliseconds') {
			const ms = Number(value.text);
			if (Number.isFinite(ms) && ms >= 0) return ms;
		}
	}
	return undefined;
}

/**
 * One element of ResponseMessageType: a ResponseMessage of a list, or a response that is itself one
 * (GetRoomListsResponse, GetUserAvailability's FreeBusyResponse/ResponseMessage).
 */
export function readResponseMessage(message: XmlNode): EwsResponseMessage {
	return {
		responseClass: (message.attrs.ResponseClass as ResponseClass | undefined) ?? 'Error',
		responseCode: childText(message, 'ResponseCode') ?? 'NoError',
		messageText: childText(message, 'MessageText'),
		backOffMs: backOffFrom(childNode(message, 'MessageXml')),
		node: message,
	};
}

function readResponseMessages(body: XmlNode): EwsResponseMessage[] {
	return (childNode(body, 'ResponseMessages')?.children ?? []).map(readResponseMessage);
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

function faultToError(fault: XmlNode, httpStatus: number): EwsError {
	const detail = childNode(fault, 'detail');
	const faultCode = (childText(fault, 'faultcode') ?? '').replace(/^.*:/, '');
	const code = childText(detail, 'ResponseCode') ?? (faultCode || 'SoapFault');
	const message = childText(detail, 'Message') ?? childText(fault, 'faultstring') ?? 'Exchange answered with a SOAP fault';
	const backOffMs = backOffFrom(childNode(detail, 'MessageXml'));
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
	let envelope: XmlNode;
	try {
		envelope = parseXmlTree(text);
	} catch (error) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: `Exchange's answer could not be read: ${(error as Error).message}`,
			hint: 'A proxy or load balancer may have cut the answer short. Try again; if it persists, check the EWS URL and what sits in front of Exchange.',
			httpStatus,
			processing: 'unknown',
		});
	}
	const soapBody = envelope.name === 'Envelope' ? childNode(envelope, 'Body') : undefined;
	if (!soapBody) {
		throw new EwsError({
			code: 'NotEws',
			message: 'The server answered, but not with an EWS (SOAP) message',
			hint: 'Check the EWS URL: it usually ends with /EWS/Exchange.asmx.',
			httpStatus,
			processing: 'unknown',
		});
	}
	const fault = childNode(soapBody, 'Fault');
	if (fault) throw faultToError(fault, httpStatus);
	const body = soapBody.children[0];
	if (!body) {
		throw new EwsError({
			code: 'InvalidResponse',
			message: 'Exchange answered with an empty SOAP body',
			httpStatus,
			processing: 'unknown',
		});
	}
	return {
		body,
		messages: readResponseMessages(body),
		xml: text,
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
