import { EwsError } from '../transport/errors';
import { responseMessageError, type EwsAnswer, type EwsResponseMessage } from '../transport/responses';
import { EXCHANGE_VERSIONS, type ExchangeVersion } from '../transport/settings';
import type { XmlElement } from '../transport/xml';

/** Every RequestServerVersion value up to the ones the node can be set to, oldest first. */
const ALL_VERSIONS = ['Exchange2007', 'Exchange2007_SP1', 'Exchange2010', 'Exchange2010_SP1', ...EXCHANGE_VERSIONS] as const;
export type EwsVersion = (typeof ALL_VERSIONS)[number];

/** What every module in ews/ says about its operation. */
export interface EwsOperation {
	/** The operation's element name in the messages namespace. */
	name: string;
	/** The first RequestServerVersion that has the operation. */
	since: EwsVersion;
}

/** Whether a server spoken to as `version` has the operation; the node refuses before sending otherwise. */
export function supports(version: ExchangeVersion, operation: EwsOperation): boolean {
	return ALL_VERSIONS.indexOf(version) >= ALL_VERSIONS.indexOf(operation.since);
}

/**
 * A request that carries many items (CreateItem, MoveItem, DeleteItem, UpdateItem...): one element per
 * input item, answered by one ResponseMessage per element, in order. Items travel together when their
 * mailbox, operation and settings are equal.
 */
export interface BatchRequest {
	operation: EwsOperation;
	/** What the request applies to all its items (disposition, target folder...), plain data. */
	settings: object;
	build(elements: XmlElement[]): XmlElement;
}

/** One ResponseMessage read: its value, or the error Exchange gave for that element of the request. */
export type PerItem<T> = { value: T } | { error: EwsError };

/** Reads each ResponseMessage of an answer with `read`; Error-class messages become their EwsError. */
export function perMessage<T>(answer: EwsAnswer, read: (message: EwsResponseMessage) => T): Array<PerItem<T>> {
	return answer.messages.map((message) => (message.responseClass === 'Error' ? { error: responseMessageError(message) } : { value: read(message) }));
}

/** The value of a one-element request's only ResponseMessage, or its error thrown. */
export function onlyValue<T>(results: Array<PerItem<T>>): T {
	const [result] = results;
	if (!result) throw new EwsError({ code: 'InvalidResponse', message: 'Exchange\'s answer has no ResponseMessage', processing: 'unknown' });
	if ('error' in result) throw result.error;
	return result.value;
}
