import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { looksLikeItemId } from '../ews/itemIds';
import { EwsError } from '../transport/errors';
import { inputError, readText } from './fields';

/** The `messageId` parameter every operation on one message reads, and Exchange's errors about it. */

export function messageIdProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'AAMkAGI2...',
		description: 'The ID of the message, e.g. the ID an earlier Exchange node output (over Microsoft Graph, Graph\'s ID: EWS and Graph IDs differ)',
		displayOptions: { show },
	};
}

export function readMessageId(context: IExecuteFunctions, itemIndex: number): string {
	return readItemIdParameter(context, itemIndex, 'messageId', 'Message ID', 'the message');
}

/** An item id parameter (`messageId`, `appointmentId`): refused before any request when it cannot be an EWS id. */
export function readItemIdParameter(context: IExecuteFunctions, itemIndex: number, name: string, label: string, what: string): string {
	const value = readText(context, itemIndex, label, context.getNodeParameter(name, itemIndex, '')).trim();
	if (!value) throw inputError(context, itemIndex, `"${label}" is empty: give the EWS id of ${what}`);
	if (!looksLikeItemId(value)) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
		throw inputError(context, itemIndex, `"${label}" "${shown}" is not an EWS item id (a long base64 text such as the "id" output of another Exchange node)`);
	}
	return value;
}

const ABOUT_THE_ID = new Set([
	'ErrorItemNotFound',
	'ErrorInvalidIdMalformed',
	'ErrorInvalidIdNotAnItemAttachmentId',
	'ErrorAccessDenied',
	'ErrorInvalidReferenceItem',
	'ErrorInvalidItemForOperationSendItem',
]);

/** Exchange's error about a message (gone, malformed, no rights, not a message), naming the parameter and value it came from. */
export function namingTheId(error: unknown, messageId: string, mailbox: string | undefined): unknown {
	return namingTheItemId(error, 'Message ID', messageId, mailbox);
}

/** Exchange's error about an item named by the parameter `label`, naming the parameter and value it came from. */
export function namingTheItemId(error: unknown, label: string, id: string, mailbox: string | undefined): unknown {
	if (!(error instanceof EwsError) || !ABOUT_THE_ID.has(error.code)) return error;
	return new EwsError({
		code: error.code,
		message: `${error.message} ("${label}" ${id} in ${mailbox ?? 'the credential\'s mailbox'})`,
		hint: error.hint,
		processing: error.processing,
	});
}
