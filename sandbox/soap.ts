import { BuiltChild, BuiltElement, NS_TYPES, el, serializeDocument, textEl } from './xml';

/** SOAP envelopes the way Exchange 2016 CU23 writes them: answers, per-item response messages and faults. */

export const SERVER_VERSION = {
	MajorVersion: 15,
	MinorVersion: 1,
	MajorBuildNumber: 2507,
	MinorBuildNumber: 6,
	Version: 'V2017_07_11',
} as const;

export function soapResponse(bodyChild: BuiltElement): string {
	return serializeDocument(
		el('s:Envelope', {}, el('s:Header', {}, el('h:ServerVersionInfo', { ...SERVER_VERSION, 'xmlns:h': NS_TYPES })), el('s:Body', {}, bodyChild)),
	);
}

/** The operation's `<m:XxxResponse>` holding one response message per request item. */
export function operationResponse(operation: string, messages: BuiltElement[]): BuiltElement {
	return el(`m:${operation}Response`, {}, el('m:ResponseMessages', {}, messages));
}

export function successMessage(operation: string, ...children: BuiltChild[]): BuiltElement {
	return el(
		`m:${operation}ResponseMessage`,
		{ ResponseClass: 'Success' },
		el('m:ResponseCode', {}, 'NoError'),
		...children,
	);
}

/** A failed item; `Warning` is for answers that still carry results (e.g. ambiguous name resolution). */
export function errorMessage(
	operation: string,
	code: string,
	text: string,
	children: BuiltChild[] = [],
	responseClass: 'Error' | 'Warning' = 'Error',
): BuiltElement {
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
	messageXml?: BuiltChild[];
}

/** A request-level failure: HTTP 500 with a SOAP 1.1 Fault whose detail names the EWS response code. */
export function soapFault({ code, message, messageXml }: FaultOptions): string {
	return serializeDocument(
		el(
			's:Envelope',
			{},
			el(
				's:Body',
				{},
				el(
					's:Fault',
					{},
					el('faultcode', { 'xmlns:a': NS_TYPES }, `a:${code}`),
					el('faultstring', { 'xml:lang': 'en-US' }, message),
					el('detail', {}, el('e:ResponseCode', {}, code), el('e:Message', {}, message), messageXml && el('t:MessageXml', {}, messageXml)),
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
