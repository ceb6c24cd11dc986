import { operationResponse } from '../soap';
import { el } from '../xml';
import { ItemError, OperationHandler, canAccess } from './context';
import { fileAttachment } from './itemFields';
import { respondEach } from './responses';

/**
 * CreateAttachment: adds each attachment of the request to the item ParentItemId names, answering one
 * CreateAttachmentResponseMessage per attachment, in order. Each answer carries the new AttachmentId with
 * RootItemId and RootItemChangeKey: every attachment gives the item a new ChangeKey, so the last answer's is
 * the current one. A FileAttachment without Name is ErrorRequiredPropertyMissing; a parent that is not an
 * item id, names nothing or lies in a mailbox the caller cannot reach fails every attachment. The store keeps
 * file attachments only, so an ItemAttachment is refused.
 */
export const createAttachment: OperationHandler = (request, context) => {
	const parentId = request.child('m:ParentItemId')?.attr('Id') ?? '';
	const attachments = request.child('m:Attachments')?.children() ?? [];
	return operationResponse(
		'CreateAttachment',
		respondEach('CreateAttachment', 'm:Attachments', attachments, context, (attachment) => {
			const parent = context.store.getItem(parentId);
			if (!canAccess(context, parent.mailbox)) throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
			if (!attachment.is('t:FileAttachment')) {
				throw new ItemError('ErrorInvalidRequest', `The sandbox stores file attachments only, not ${attachment.localName}.`);
			}
			const file = fileAttachment(attachment);
			if (!attachment.child('t:Name')) throw new ItemError('ErrorRequiredPropertyMissing', 'Required property is missing.');
			const stored = context.store.addAttachment(parent.id, file);
			return el(
				'm:Attachments',
				{},
				el('t:FileAttachment', {}, el('t:AttachmentId', { Id: stored.id, RootItemId: parent.id, RootItemChangeKey: parent.changeKey })),
			);
		}),
	);
};
