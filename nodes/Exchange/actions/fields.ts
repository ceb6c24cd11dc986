import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { BodyField } from '../ews/itemFields';

/** Reading parameters the same way in every operation, with errors that name the field and the item. */

export function inputError(context: IExecuteFunctions, itemIndex: number, message: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex });
}

/** A one-line text (subjects): line breaks would be folded or refused by mail systems, so they are refused here. */
export function readSingleLine(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value);
	if (/[\r\n]/.test(text)) {
		throw inputError(context, itemIndex, `"${label}" must be a single line, but it contains a line break`);
	}
	return text;
}

/** Comma-separated text or an array from an expression. */
export function readList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
	return parts.map((part) => part.trim()).filter(Boolean);
}

export function readBody(text: unknown, bodyType: unknown): BodyField | undefined {
	const content = text === undefined || text === null ? '' : String(text);
	if (!content) return undefined;
	return { type: bodyType === 'html' ? 'HTML' : 'Text', text: content };
}
