import { NS_MESSAGES, NS_SOAP, NS_TYPES, XmlChild, XmlElement, el, serializeDocument, textEl } from '../nodes/Exchange/transport/xml';

/** SOAP envelopes the way Exchange 2016 CU23 writes them: answers, per-item response messages and faults. */

export const NS_ERRORS = 'http://schemas.microsoft.com/exchange/services/2006/errors';

export const SERVER_VERSION = {
	MajorVersion: 15,
	MinorVersion: 1,
	MajorBuildNumber: 2507,
	MinorBuildNumber: 6,
	Version: 'V2017_07_11',
} as const;

export function soapResponse(bodyChild: XmlElement): string {
	return serializeDocument(
		el(
			's:Envelope',
			{ 'xmlns:s': NS_SOAP },
			el(
				's:Header',
				undefined,
				el('h:ServerVersionInfo', { ...SERVER_VERSION, 'xmlns:h': NS_TYPES }),
			),
			el('s:Body', undefined, bodyChild),
		),
	);
}

/** The operation's `<m:XxxResponse>` holding one response message per request item. */
export function operationResponse(operation: string, messages: XmlElement[]): XmlElement {
	return el(
		`m:${operation}Response`,
		{ 'xmlns:m': NS_MESSAGES, 'xmlns:t': NS_TYPES },
		el('m:ResponseMessages', undefined, messages),
	);
}

export function successMessage(operation: string, ...children: XmlChild[]): XmlElement {
	return el(
		`m:${operation}ResponseMessage`,
		{ ResponseClass: 'Success' },
		el('m:ResponseCode', undefined, 'NoError'),
		...children,
	);
}

/** A failed item; `Warning` is for answers that still carry results (e.g. ambiguous name resolution). */
export function errorMessage(
	operation: string,
	code: string,
	text: string,
	children: XmlChild[] = [],
	responseClass: 'Error' | 'Warning' = 'Error',
): XmlElement {
	return el(
		`m:${operation}ResponseMessage`,
		{ ResponseClass: responseClass },
		textEl('m:MessageText', text),
		textEl('m:ResponseCode', code),
		textEl('m:DescriptiveLinkKey', 0),
		...children,
	);
}

export interface FaultOptions {
	code: string;
	message: string;
	/** Machine-readable detail, e.g. `<t:Value Name="BackOffMilliseconds">`. */
	messageXml?: XmlChild[];
}

/** A request-level failure: HTTP 500 with a SOAP 1.1 Fault whose detail names the EWS response code. */
export function soapFault({ code, message, messageXml }: FaultOptions): string {
	return serializeDocument(
		el(
			's:Envelope',
			{ 'xmlns:s': NS_SOAP },
			el(
				's:Body',
				undefined,
				el(
					's:Fault',
					undefined,
					el('faultcode', { 'xmlns:a': NS_TYPES }, `a:${code}`),
					el('faultstring', { 'xml:lang': 'en-US' }, message),
					el(
						'detail',
						undefined,
						el('e:ResponseCode', { 'xmlns:e': NS_ERRORS }, code),
						el('e:Message', { 'xmlns:e': NS_ERRORS }, message),
						messageXml && el('t:MessageXml', { 'xmlns:t': NS_TYPES }, messageXml),
					),
				),
			),
		),
	);
}

/** Thrown anywhere while handling a request to answer it with a SOAP fault. */
export class SoapFaultError extends Error {
	constructor(readonly fault: FaultOptions) {
		super(fault.message);
		this.name = 'SoapFaultError';
	}
}
