import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { EwsError } from '../../transport';
import type { GraphClient } from '../../transport/graph/graphClient';
import type { GraphJson } from '../../transport/graph/types';
import { inputError, readList, readSingleLine, readText } from '../fields';
import { graphMessageWrite, readGraphMessageTarget } from '../graphMessageWrites';
import type { PreparedGraphWrite } from '../graphTypes';
import { namingTheId } from '../messageIds';
import { graphMessagePath, toGraphFlag, toGraphImportance } from '../output/graphMessages';
import { changedCategories, FLAG_STATUS, IMPORTANCE } from './update.operation';

export const kind = 'batchedWrite';

/** Graph's entity tag of a message: its change key, as a weak ETag (what `@odata.etag` carries). */
function etag(changeKey: string): string {
	return `W/"${changeKey}"`;
}

/** The message's categories and change key now, for adding to or removing from them. */
async function currentCategories(client: GraphClient, mailbox: string | undefined, messageId: string): Promise<{ categories: string[]; changeKey: string }> {
	try {
		const answer = await client.request({ method: 'GET', path: graphMessagePath(messageId), query: { $select: 'categories,changeKey' } }, mailbox, { kind: 'read' });
		const categories = Array.isArray(answer.body?.categories) ? (answer.body.categories as string[]) : [];
		return { categories, changeKey: String(answer.body?.changeKey ?? '') };
	} catch (error) {
		throw namingTheId(error, messageId, mailbox);
	}
}

/**
 * One PATCH of the message with the fields Email → Update sets over EWS. A change key (given, or read with
 * the categories to add to or remove from) travels as `If-Match`, so Graph refuses the update with 412 when
 * the message changed since instead of overwriting that change.
 */
export async function prepare(this: IExecuteFunctions, client: GraphClient, itemIndex: number): Promise<PreparedGraphWrite> {
	const target = readGraphMessageTarget(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const givenChangeKey = readText(this, itemIndex, 'Change Key', this.getNodeParameter('changeKey', itemIndex, '')).trim() || undefined;
	const patch: GraphJson = {};
	const output: IDataObject = { id: target.messageId };
	let readChangeKey: string | undefined;
	if (fields.subject !== undefined) {
		const subject = readSingleLine(this, itemIndex, 'Subject', fields.subject);
		patch.subject = subject;
		output.subject = subject;
	}
	if (fields.importance !== undefined) {
		const importance = IMPORTANCE[String(fields.importance)];
		if (!importance) throw inputError(this, itemIndex, `"Importance" "${String(fields.importance)}" is not one of low, normal, high`);
		patch.importance = toGraphImportance(importance);
		output.importance = importance;
	}
	if (fields.flag !== undefined) {
		const status = FLAG_STATUS[String(fields.flag)];
		if (!status) throw inputError(this, itemIndex, `"Flag" "${String(fields.flag)}" is not one of flagged, complete, cleared`);
		// A completed flag carries when it was completed, as Outlook sets it.
		const completeDate = status === 'Complete' ? new Date().toISOString().replace(/\.\d+Z$/, 'Z') : undefined;
		patch.flag = toGraphFlag({ status, completeDate });
		output.flag = String(fields.flag);
	}
	if (fields.categories !== undefined || fields.categoriesAction !== undefined) {
		const action = String(fields.categoriesAction ?? 'set');
		const named = readList(this, itemIndex, 'Categories', fields.categories);
		let categories = named;
		if (action === 'add' || action === 'remove') {
			const current = await currentCategories(client, target.mailbox, target.messageId);
			readChangeKey = current.changeKey || undefined;
			categories = changedCategories(current.categories, named, action);
		} else if (action !== 'set') {
			throw inputError(this, itemIndex, `"Categories Action" "${action}" is not one of set, add, remove`);
		}
		patch.categories = categories;
		output.categories = categories;
	}
	if (Object.keys(patch).length === 0) throw inputError(this, itemIndex, '"Update Fields" is empty: add at least one field to change');

	const changeKey = givenChangeKey ?? readChangeKey;
	const request = {
		method: 'PATCH' as const,
		path: graphMessagePath(target.messageId),
		body: patch,
		...(changeKey ? { headers: { 'If-Match': etag(changeKey) } } : {}),
	};
	const explain = (error: EwsError): EwsError | undefined => {
		if (error.httpStatus !== 412 && error.code !== 'ErrorIrresolvableConflict') return undefined;
		const which = givenChangeKey ? `"Change Key" ${givenChangeKey}` : 'the categories read just before';
		return new EwsError({
			code: error.code,
			message: `${error.message} (the message "Message ID" ${target.messageId} changed since ${which}; nothing was updated)`,
			hint: 'Read the message again and update it with its new change key.',
			processing: error.processing,
			httpStatus: error.httpStatus,
		});
	};
	// Setting values again changes nothing more; with If-Match a second try would fail on the first one's change.
	return graphMessageWrite(
		itemIndex,
		target,
		'updated this message',
		request,
		(answer) => ({ ...output, changeKey: answer.body?.changeKey ?? null }),
		{ explain, idempotent: !changeKey },
	);
}
