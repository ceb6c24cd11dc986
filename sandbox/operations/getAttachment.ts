import { operationResponse } from '../soap';
import { el } from '../xml';
import { ItemError, OperationHandler, canAccess } from './context';
import { attachmentElement } from './itemProperties';
import { respondEach } from './responses';

/**
 * GetAttachment: one response message per AttachmentId, each `m:Attachments` holding the FileAttachment with
 * its Content in base64, or the ItemAttachment with its item (the item's MIME content only when the
 * AttachmentShape's IncludeMimeContent asks for it). An id that is not an attachment id is
 * ErrorInvalidIdMalformed; one that names nothing is ErrorItemNotFound (the schema's ResponseCodeType has no
 * attachment-specific "not found" code).
 */
export const getAttachment: OperationHandler = (request, context) => {
	const ids = request.child('m:AttachmentIds')?.children() ?? [];
	const includeMime = request.path('m:AttachmentShape', 't:IncludeMimeContent')?.text().trim() === 'true';
	return operationResponse(
		'GetAttachment',
		respondEach('GetAttachment', 'm:Attachments', ids, context, (id) => {
			const { item, attachment } = context.store.getAttachment(id.attr('Id') ?? '');
			if (!canAccess(context, item.mailbox)) throw new ItemError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
			return el('m:Attachments', {}, attachmentElement(attachment, true, includeMime));
		}),
	);
};
