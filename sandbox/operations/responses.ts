import { errorMessage, successMessage } from '../soap';
import { StoreError } from '../store';
import { BuiltChild, BuiltElement, el } from '../xml';
import { ItemError, OperationContext } from './context';

/**
 * One response message per request element: the element's success children, or, when the store or the
 * operation refuses that element (ItemError, StoreError), an error message with the operation's empty
 * container (`m:Folders`, `m:Items`, ...), so that a client zipping answers with ids stays aligned. An
 * injected itemError fault (faults.ts) fails its element before anything is done for it.
 */
export function respondEach<T>(
	operation: string,
	container: string | undefined,
	inputs: T[],
	context: OperationContext,
	answer: (input: T, index: number) => BuiltChild | BuiltChild[],
): BuiltElement[] {
	return inputs.map((input, index) => {
		const injected = context.itemFaults.find((f) => f.index === index);
		if (injected) {
			const backOff =
				injected.backOffMs !== undefined &&
				el('m:MessageXml', {}, el('t:Value', { Name: 'BackOffMilliseconds' }, String(injected.backOffMs)));
			return errorMessage(operation, injected.code, injected.message ?? injected.code, [backOff, container !== undefined && el(container)]);
		}
		try {
			return successMessage(operation, ...[answer(input, index)].flat());
		} catch (error) {
			if (!(error instanceof ItemError) && !(error instanceof StoreError)) throw error;
			return errorMessage(operation, error.code, error.message, [container !== undefined && el(container)]);
		}
	});
}

/** EWS writes xs:dateTime values in UTC with whole seconds. */
export function dateTimeText(value: Date | undefined): string | undefined {
	return value === undefined ? undefined : value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
