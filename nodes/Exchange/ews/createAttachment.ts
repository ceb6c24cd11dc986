import { EwsError } from '../transport/errors';
import type { EwsAnswer } from '../transport/responses';
import { checkElementText, childNode, el, type XmlElement } from '../transport/xml';
import { writeFileAttachment, type FileAttachment } from './fieldTypes';
import type { ItemRef } from './itemIds';
import { perMessage, type EwsOperation } from './operation';

export const CREATE_ATTACHMENT: EwsOperation = { name: 'CreateAttachment', since: 'Exchange2007' };

/** `m:CreateAttachment`: files added to an existing item (a saved draft), all in one request. */
export function buildCreateAttachment(parent: ItemRef, attachments: FileAttachment[]): XmlElement {
	const element = el(
		'm:CreateAttachment',
		undefined,
		el('m:ParentItemId', { Id: parent.id, ChangeKey: parent.changeKey }),
		el('m:Attachments', undefined, attachments.map(writeFileAttachment)),
	);
	checkElementText(element);
	return element;
}

/**
 * The parent item as it is after all attachments were added: Exchange answers one ResponseMessage per
 * attachment, and each attachment changes the parent's ChangeKey, so the last answer's RootItemChangeKey is
 * current (CreateAttachment operation reference). The first refused attachment is thrown.
 */
export function readCreateAttachment(answer: EwsAnswer, parent: ItemRef): ItemRef {
	if (answer.messages.length === 0) {
		throw new EwsError({ code: 'InvalidResponse', message: 'Exchange\'s answer to CreateAttachment has no ResponseMessage', processing: 'unknown' });
	}
	// Without a RootItemChangeKey the parent's old one is stale: the item is then named by its id alone.
	let current: ItemRef = { id: parent.id };
	for (const result of perMessage(answer, (message) => childNode(childNode(message.node, 'Attachments')?.children[0], 'AttachmentId'))) {
		if ('error' in result) throw result.error;
		const rootChangeKey = result.value?.attrs.RootItemChangeKey;
		current = rootChangeKey ? { id: result.value?.attrs.RootItemId || parent.id, changeKey: rootChangeKey } : { id: current.id };
	}
	return current;
}
