import type { IExecuteFunctions } from 'n8n-workflow';
import { inputError, readText } from './fields';

/**
 * Id parameters read over Microsoft Graph. Graph's ids are its own (REST ids, URL-safe base64 with "-" and
 * "_"); the ids EWS gives are plain base64 with "+" and "/", which Graph refuses as malformed. Such a value
 * is refused here, before any request, saying where a Graph id comes from.
 */
const GRAPH_ID = /^[A-Za-z0-9_-]+={0,2}$/;

export function readGraphId(context: IExecuteFunctions, itemIndex: number, name: string, label: string, what: string): string {
	const value = readText(context, itemIndex, label, context.getNodeParameter(name, itemIndex, '')).trim();
	if (!value) throw inputError(context, itemIndex, `"${label}" is empty: give the Microsoft Graph id of ${what}`);
	if (!GRAPH_ID.test(value) || value.length > 2048) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
		const ews = /[+/]/.test(value) ? ' It looks like an EWS id: ids read through EWS do not work over Graph; read the item again with this credential.' : '';
		throw inputError(context, itemIndex, `"${label}" "${shown}" is not a Microsoft Graph id (the "id" output of another Exchange node with a Graph credential).${ews}`);
	}
	return value;
}

export function readGraphMessageId(context: IExecuteFunctions, itemIndex: number): string {
	return readGraphId(context, itemIndex, 'messageId', 'Message ID', 'the message');
}
