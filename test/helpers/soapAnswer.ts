import { readSoapAnswer, type EwsAnswer } from '../../nodes/Exchange/transport/responses';

const NS =
	'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';

/** An answer as Exchange 2016 writes it around the given response element, read as the transport reads it. */
export function soapAnswer(response: string): EwsAnswer {
	return readSoapAnswer(
		`<?xml version="1.0" encoding="utf-8"?><s:Envelope ${NS}><s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header><s:Body>${response}</s:Body></s:Envelope>`,
		200,
	);
}
