import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { EwsId } from '../../ews/fieldTypes';
import { buildGetItem, readGetItem } from '../../ews/getItem';
import { readResultItemId } from '../../ews/itemIdResults';
import { deleteItemField, ItemFieldError, setItemField, type Importance } from '../../ews/itemFields';
import { onlyValue } from '../../ews/operation';
import { itemChangeElement, updateItemBatch } from '../../ews/updateItem';
import { EwsError, type EwsClient } from '../../transport';
import type { XmlElement } from '../../transport/xml';
import { batchingOptions } from '../batching';
import { importanceProperty, optionsCollection } from '../commonProperties';
import { inputError, readList, readSingleLine, readText } from '../fields';
import { messageIdProperty, namingTheId } from '../messageIds';
import { messageWrite, readMessageTarget } from '../messageWrites';
import type { PreparedWrite } from '../types';

export const kind = 'batchedWrite';

const show = { resource: ['email'], operation: ['update'] };

export const description: INodeProperties[] = [
	messageIdProperty(show),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Categories',
				name: 'categories',
				type: 'string',
				default: '',
				placeholder: 'Invoices, Done',
				description: 'Outlook categories, separated by commas; what happens to them is chosen in Categories Action',
			},
			{
				displayName: 'Categories Action',
				name: 'categoriesAction',
				type: 'options',
				options: [
					{ name: 'Set', value: 'set', description: 'Replace the message\'s categories with these (empty clears them)' },
					{ name: 'Add', value: 'add', description: 'Add these to the message\'s categories' },
					{ name: 'Remove', value: 'remove', description: 'Remove these from the message\'s categories' },
				],
				default: 'set',
			},
			{
				displayName: 'Flag',
				name: 'flag',
				type: 'options',
				options: [
					{ name: 'Flagged', value: 'flagged' },
					{ name: 'Complete', value: 'complete' },
					{ name: 'Cleared', value: 'cleared' },
				],
				default: 'flagged',
				description: 'The follow-up flag (Exchange 2013 or later)',
			},
			importanceProperty('normal'),
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '',
				description: 'The new subject (a single line)',
			},
		],
	},
	{
		displayName: 'Change Key',
		name: 'changeKey',
		type: 'string',
		default: '',
		placeholder: 'CQAAABYAAAC...',
		description:
			'The message\'s "changeKey" as read earlier. When given, Exchange refuses the update if the message changed since (ErrorIrresolvableConflict) instead of overwriting that change.',
		displayOptions: { show },
	},
	optionsCollection(show, batchingOptions),
];

export const IMPORTANCE: Record<string, Importance> = { low: 'Low', normal: 'Normal', high: 'High' };
export const FLAG_STATUS: Record<string, 'Flagged' | 'Complete' | 'NotFlagged'> = { flagged: 'Flagged', complete: 'Complete', cleared: 'NotFlagged' };

/** Categories added to or removed from the current ones, ignoring case as Outlook does. */
export function changedCategories(current: string[], named: string[], action: 'add' | 'remove'): string[] {
	if (action === 'remove') {
		const wanted = new Set(named.map((category) => category.toLowerCase()));
		return current.filter((category) => !wanted.has(category.toLowerCase()));
	}
	return [...current, ...named.filter((category) => !current.some((existing) => existing.toLowerCase() === category.toLowerCase()))];
}

/** The message's categories and ChangeKey now, for adding to or removing from them. */
async function currentCategories(client: EwsClient, mailbox: string | undefined, messageId: string): Promise<{ categories: string[]; changeKey: string }> {
	const request = buildGetItem({ items: [{ id: messageId }], shape: { base: 'IdOnly', additional: { kind: 'Message', keys: ['categories'] } } }, client.version);
	try {
		const item = onlyValue(readGetItem(await client.call(request, { mailbox, kind: 'read' })));
		return { categories: (item.fields.categories as string[] | undefined) ?? [], changeKey: (item.fields.itemId as EwsId | undefined)?.changeKey ?? '' };
	} catch (error) {
		throw namingTheId(error, messageId, mailbox);
	}
}

export async function prepare(this: IExecuteFunctions, client: EwsClient, itemIndex: number): Promise<PreparedWrite> {
	const target = readMessageTarget(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const givenChangeKey = readText(this, itemIndex, 'Change Key', this.getNodeParameter('changeKey', itemIndex, '')).trim() || undefined;
	const updates: XmlElement[] = [];
	const output: IDataObject = { id: target.messageId };
	let readChangeKey: string | undefined;
	try {
		if (fields.subject !== undefined) {
			const subject = readSingleLine(this, itemIndex, 'Subject', fields.subject);
			updates.push(subject ? setItemField('Message', 'subject', subject, client.version) : deleteItemField('Message', 'subject', client.version));
			output.subject = subject;
		}
		if (fields.importance !== undefined) {
			const importance = IMPORTANCE[String(fields.importance)];
			if (!importance) throw inputError(this, itemIndex, `"Importance" "${String(fields.importance)}" is not one of low, normal, high`);
			updates.push(setItemField('Message', 'importance', importance, client.version));
			output.importance = importance;
		}
		if (fields.flag !== undefined) {
			const status = FLAG_STATUS[String(fields.flag)];
			if (!status) throw inputError(this, itemIndex, `"Flag" "${String(fields.flag)}" is not one of flagged, complete, cleared`);
			// A completed flag carries when it was completed, as Outlook sets it.
			const completeDate = status === 'Complete' ? new Date().toISOString().replace(/\.\d+Z$/, 'Z') : undefined;
			updates.push(setItemField('Message', 'flag', { status, completeDate }, client.version));
			output.flag = String(fields.flag);
		}
		if (fields.categories !== undefined || fields.categoriesAction !== undefined) {
			const action = String(fields.categoriesAction ?? 'set');
			const named = readList(this, itemIndex, 'Categories', fields.categories);
			let categories = named;
			if (action === 'add' || action === 'remove') {
				const current = await currentCategories(client, target.mailbox, target.messageId);
				readChangeKey = current.changeKey;
				categories = changedCategories(current.categories, named, action);
			} else if (action !== 'set') {
				throw inputError(this, itemIndex, `"Categories Action" "${action}" is not one of set, add, remove`);
			}
			updates.push(categories.length > 0 ? setItemField('Message', 'categories', categories, client.version) : deleteItemField('Message', 'categories', client.version));
			output.categories = categories;
		}
	} catch (error) {
		if (error instanceof ItemFieldError) throw inputError(this, itemIndex, error.message);
		throw error;
	}
	if (updates.length === 0) throw inputError(this, itemIndex, '"Update Fields" is empty: add at least one field to change');

	// Categories added to or removed from what was just read must not overwrite a change made in between.
	const changeKey = givenChangeKey ?? readChangeKey;
	const change = itemChangeElement({ id: target.messageId, changeKey }, updates);
	const explain = (error: EwsError): EwsError | undefined => {
		if (error.code !== 'ErrorIrresolvableConflict') return undefined;
		const which = givenChangeKey ? `"Change Key" ${givenChangeKey}` : 'the categories read just before';
		return new EwsError({
			code: error.code,
			message: `${error.message} (the message "Message ID" ${target.messageId} changed since ${which}; nothing was updated)`,
			hint: 'Read the message again and update it with its new change key.',
			processing: error.processing,
		});
	};
	return messageWrite(
		itemIndex,
		target,
		updateItemBatch(changeKey ? 'NeverOverwrite' : 'AlwaysOverwrite'),
		'updated this message',
		(message) => ({ ...output, changeKey: readResultItemId(message)?.changeKey ?? null }),
		change,
		explain,
	);
}
