import type { IDataObject } from 'n8n-workflow';
import type { AttachmentInfo, BodyField, EwsId } from '../../ews/fieldTypes';
import type { ReadItem } from '../../ews/itemFields';

/** Field table keys the simplified output is made of (issue 11's names). */
export const SIMPLIFIED_MESSAGE_FIELDS = [
	'itemId',
	'parentFolderId',
	'subject',
	'receivedAt',
	'sentAt',
	'categories',
	'importance',
	'hasAttachments',
	'conversationId',
	'webLink',
	'bodyPreview',
	'from',
	'to',
	'cc',
	'internetMessageId',
	'isRead',
] as const;

// Carried elsewhere in the output (ids flattened, bytes as binary), so not repeated as fields.
const NOT_COPIED = new Set(['itemId', 'parentFolderId', 'conversationId', 'mimeContent', 'body', 'attachments']);

/**
 * A message as the node outputs it: the simplified fields always in the same shape (absent ones null, lists
 * empty), and with Simplify off every other field read as well, under its field table key.
 */
export function messageOutput(item: ReadItem, simplify: boolean): IDataObject {
	const fields = item.fields;
	const itemId = fields.itemId as EwsId | undefined;
	const body = fields.body as BodyField | undefined;
	const output: IDataObject = {
		id: itemId?.id ?? null,
		changeKey: itemId?.changeKey ?? null,
		conversationId: (fields.conversationId as EwsId | undefined)?.id ?? null,
		subject: fields.subject ?? null,
		from: fields.from ?? null,
		to: fields.to ?? [],
		cc: fields.cc ?? [],
		receivedAt: fields.receivedAt ?? null,
		sentAt: fields.sentAt ?? null,
		isRead: fields.isRead ?? null,
		hasAttachments: fields.hasAttachments ?? null,
		importance: fields.importance ?? null,
		categories: fields.categories ?? [],
		bodyPreview: fields.bodyPreview ?? null,
		...(body ? { body: body.text, bodyType: body.type === 'HTML' ? 'html' : 'text' } : {}),
		internetMessageId: fields.internetMessageId ?? null,
		folder: { id: (fields.parentFolderId as EwsId | undefined)?.id ?? null },
		webLink: fields.webLink ?? null,
	};
	if (simplify) return output;
	const attachments = fields.attachments as AttachmentInfo[] | undefined;
	for (const [key, value] of Object.entries(fields)) {
		if (!NOT_COPIED.has(key) && !(key in output)) output[key] = value as IDataObject[keyof IDataObject];
	}
	return { kind: item.kind, ...output, ...(attachments ? { attachments: attachments as unknown as IDataObject[] } : {}) };
}
