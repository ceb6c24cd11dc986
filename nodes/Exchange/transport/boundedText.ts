/** Error texts keep at most this many characters of what a server sent: enough to act on, small in execution data. */
export const MAX_ERROR_TEXT = 2048;

/** The text, or its first `max` characters with an ellipsis when it is longer; surrogate pairs are not split. */
export function boundedText(text: string, max = MAX_ERROR_TEXT): string {
	if (text.length <= max) return text;
	let cut = max - 1;
	if (/[\uD800-\uDBFF]/.test(text[cut - 1])) cut--;
	return `${text.slice(0, cut)}…`;
}
