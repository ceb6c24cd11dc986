import type { ExchangeVersion } from './settings';
import { el, NS_MESSAGES, NS_SOAP, NS_TYPES, serializeDocument, type XmlElement } from './xml';

export interface EnvelopeOptions {
	version: ExchangeVersion;
	/** SMTP address of the mailbox to act as through EWS impersonation. */
	impersonate?: string;
	/** Windows time zone id for offset-less times in the request and times in the answer. */
	timeZoneId?: string;
}

/** The SOAP envelope around one EWS operation; header children in the order mature clients send them. */
export function buildEnvelope(body: XmlElement, options: EnvelopeOptions): string {
	const header = el(
		'soap:Header',
		undefined,
		el('t:RequestServerVersion', { Version: options.version }),
		options.impersonate !== undefined &&
			el(
				't:ExchangeImpersonation',
				undefined,
				el('t:ConnectingSID', undefined, el('t:PrimarySmtpAddress', undefined, options.impersonate)),
			),
		options.timeZoneId !== undefined &&
			el('t:TimeZoneContext', undefined, el('t:TimeZoneDefinition', { Id: options.timeZoneId })),
	);
	return serializeDocument(
		el(
			'soap:Envelope',
			{ 'xmlns:soap': NS_SOAP, 'xmlns:t': NS_TYPES, 'xmlns:m': NS_MESSAGES },
			header,
			el('soap:Body', undefined, body),
		),
	);
}
