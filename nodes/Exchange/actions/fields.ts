import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { EwsContext } from '../transport/context';
import type { BodyField } from '../ews/itemFields';
import { findForbiddenCharacter } from '../transport/xml';

/** Reading parameters the same way in every operation, with errors that name the field and the item. */

export function inputError(context: EwsContext, itemIndex: number, message: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex });
}

/** Text as the user typed it; a character XML 1.0 cannot carry fails the item here, naming the field. */
export function readText(context: EwsContext, itemIndex: number, label: string, value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value);
	const bad = findForbiddenCharacter(text);
	if (bad) {
		const code = bad.codePoint.toString(16).toUpperCase().padStart(4, '0');
		throw inputError(
			context,
			itemIndex,
			`"${label}" contains the character U+${code} at position ${bad.position + 1}, which Exchange cannot receive (XML 1.0 forbids it); remove it`,
		);
	}
	return text;
}

/** A one-line text (subjects): line breaks would be folded or refused by mail systems, so they are refused here. */
export function readSingleLine(context: IExecuteFunctions, itemIndex: number, label: string, value: unknown): string {
	const text = readText(context, itemIndex, label, value);
	if (/[\r\n]/.test(text)) {
		throw inputError(context, itemIndex, `"${label}" must be a single line, but it contains a line break`);
	}
	return text;
}

/** Comma-separated text or an array from an expression. */
export function readList(context: EwsContext, itemIndex: number, label: string, value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
	return parts.map((part) => readText(context, itemIndex, label, part).trim()).filter(Boolean);
}

export function readBody(context: IExecuteFunctions, itemIndex: number, text: unknown, bodyType: unknown): BodyField | undefined {
	const content = readText(context, itemIndex, 'Body', text);
	if (!content) return undefined;
	return { type: bodyType === 'html' ? 'HTML' : 'Text', text: content };
}
