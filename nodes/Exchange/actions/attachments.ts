import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { FileAttachment } from '../ews/itemFields';
import { findForbiddenCharacter } from '../transport/xml';
import { inputError, readList } from './fields';

/** Files from the input item's binary properties, attached to what an operation sends (Send, Draft, Reply, Forward). */

export const attachmentsProperty: INodeProperties = {
	displayName: 'Attachments',
	name: 'attachments',
	type: 'string',
	default: '',
	placeholder: 'data, invoice',
	description: 'Names of the input item\'s binary properties to attach, separated by commas',
};

export interface AttachmentSource {
	property: string;
	name: string;
	contentType: string;
}

// type "/" subtype, then parameters: RFC 2045's tokens, which Exchange stores as the attachment's ContentType.
// eslint-disable-next-line no-control-regex
const MIME_TYPE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\s*;\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=("[^"\\\x00-\x1F\x7F]*"|[!#$%&'*+\-.^_`|~0-9A-Za-z]+))*$/;

// eslint-disable-next-line no-control-regex
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** What is wrong with an attachment's file name, which travels in the request's XML and in the sent message. */
function fileNameProblem(name: string): string | undefined {
	const control = LINE_BREAK_OR_CONTROL.exec(name);
	const forbidden = findForbiddenCharacter(name);
	const index = control ? control.index : forbidden?.position;
	if (index === undefined) return undefined;
	const code = name.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
	return `contains the character U+${code} at position ${index + 1}, which a file name cannot carry; rename the file`;
}

/**
 * The "Attachments" option read and checked now: every named binary property exists and its file name and
 * MIME type can be sent, so a bad attachment fails its own item before anything is sent; the bytes are read
 * only when the item is built.
 */
export function findAttachments(context: IExecuteFunctions, itemIndex: number, option: unknown): AttachmentSource[] {
	return readList(context, itemIndex, 'Attachments', option).map((property) => {
		const binary = context.getInputData()[itemIndex]?.binary?.[property];
		if (!binary) {
			throw inputError(
				context,
				itemIndex,
				`"Attachments" names the binary property "${property}", but the input item has no binary property of that name`,
			);
		}
		const name = binary.fileName || property;
		const nameProblem = fileNameProblem(name);
		if (nameProblem) {
			throw inputError(context, itemIndex, `"Attachments": the file name ${JSON.stringify(name)} of binary property "${property}" ${nameProblem}`);
		}
		const contentType = binary.mimeType || 'application/octet-stream';
		if (!MIME_TYPE.test(contentType)) {
			throw inputError(
				context,
				itemIndex,
				`"Attachments": the MIME type ${JSON.stringify(contentType)} of binary property "${property}" is not a MIME type (type/subtype, e.g. application/pdf)`,
			);
		}
		return { property, name, contentType };
	});
}

export async function readAttachments(context: IExecuteFunctions, itemIndex: number, sources: AttachmentSource[]): Promise<FileAttachment[]> {
	return await Promise.all(
		sources.map(async ({ property, name, contentType }) => ({
			name,
			contentType,
			content: await context.helpers.getBinaryDataBuffer(itemIndex, property),
		})),
	);
}
