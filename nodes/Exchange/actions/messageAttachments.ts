import type { IDataObject, IExecuteFunctions, INodeProperties, IDisplayOptions } from 'n8n-workflow';
import type { AttachmentInfo } from '../ews/fieldTypes';
import { buildGetItem, readGetItem } from '../ews/getItem';
import { looksLikeItemId } from '../ews/itemIds';
import { onlyValue } from '../ews/operation';
import { inputError, readText } from './fields';
import { namingTheId } from './messageIds';
import type { ItemCall } from './types';

/** What Attachment → Get Many and Download share: the message's attachment list, and each attachment as output. */

/** The Attachment Prefix option; `show` when it depends on another option (Download Attachments). */
export function attachmentPrefixProperty(show?: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Attachment Prefix',
		name: 'attachmentPrefix',
		type: 'string',
		default: 'attachment_',
		description:
			'Prefix of the binary property an attachment goes to, followed by its position among the message\'s attachments (attachment_0, attachment_1)',
		...(show ? { displayOptions: { show } } : {}),
	};
}

export function readAttachmentPrefix(context: IExecuteFunctions, itemIndex: number, options: IDataObject): string {
	return readText(context, itemIndex, 'Attachment Prefix', options.attachmentPrefix ?? 'attachment_').trim() || 'attachment_';
}

/** An attachment listed with its position among the message's attachments, which names its binary property. */
export interface ListedAttachment extends AttachmentInfo {
	index: number;
}

/** The message's attachments as GetItem lists them (id, name, type, size; no content), in the message's order. */
export async function listAttachments(call: ItemCall, mailbox: string | undefined, messageId: string): Promise<ListedAttachment[]> {
	const request = buildGetItem({ items: [{ id: messageId }], shape: { base: 'IdOnly', additional: { kind: 'Message', keys: ['attachments'] } } }, call.client.version);
	try {
		const item = onlyValue(readGetItem(await call.send(request, mailbox)));
		return ((item.fields.attachments as AttachmentInfo[] | undefined) ?? []).map((attachment, index) => ({ ...attachment, index }));
	} catch (error) {
		throw namingTheId(error, messageId, mailbox);
	}
}

export function readAttachmentId(context: IExecuteFunctions, itemIndex: number): string {
	const value = readText(context, itemIndex, 'Attachment ID', context.getNodeParameter('attachmentId', itemIndex, '')).trim();
	if (!value) throw inputError(context, itemIndex, '"Attachment ID" is empty: give the "id" of an attachment, as Attachment → Get Many outputs it');
	if (!looksLikeItemId(value)) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
		throw inputError(context, itemIndex, `"Attachment ID" "${shown}" is not an EWS attachment id (a long base64 text such as the "id" output of Attachment → Get Many)`);
	}
	return value;
}

/** One attachment as an output item's JSON; `binaryProperty` says where its content is, when downloaded. */
export function attachmentJson(attachment: ListedAttachment, messageId: string, binaryProperty?: string): IDataObject {
	return {
		id: attachment.id,
		messageId,
		index: attachment.index,
		name: attachment.name,
		contentType: attachment.contentType ?? (attachment.kind === 'item' ? 'message/rfc822' : null),
		size: attachment.size ?? null,
		isInline: attachment.isInline,
		kind: attachment.kind,
		lastModified: attachment.lastModified ?? null,
		...(binaryProperty ? { binaryProperty } : {}),
	};
}

/** The listed attachment the item names, or the error that says it is not one of the message's (both APIs). */
export function findAttachment<T extends { id: string }>(context: IExecuteFunctions, itemIndex: number, attachments: T[], attachmentId: string, messageId: string): T {
	const attachment = attachments.find((listed) => listed.id === attachmentId);
	if (attachment) return attachment;
	throw inputError(
		context,
		itemIndex,
		`"Attachment ID" ${attachmentId} is not an attachment of the message ("Message ID" ${messageId}), which has ${attachments.length} attachment${attachments.length === 1 ? '' : 's'}`,
	);
}
