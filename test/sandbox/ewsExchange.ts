import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox } from '../../sandbox/server';
import { ParsedElement, parseXml } from '../../sandbox/xml';
import { SVC, basicAuth, envelope, post } from './client';

/**
 * Sends one schema-checked EWS request to a sandbox and reads the answer with the sandbox's own
 * namespace-aware reader, so that tests can check element order and names as a client sees them.
 */

export type Request = ReturnType<typeof el>;

export interface Exchange {
	status: number;
	/** The `m:XxxResponseMessage` elements in document order. */
	messages: ParsedElement[];
	body: string;
}

export async function exchange(sandbox: Sandbox, request: Request, as = SVC, impersonate?: string): Promise<Exchange> {
	const answer = await post(
		sandbox.httpUrl,
		envelope(request, impersonate ? { impersonate: { by: 'PrimarySmtpAddress', value: impersonate } } : {}),
		basicAuth(as.user, as.password),
	);
	const entry = sandbox.requests[sandbox.requests.length - 1];
	// The sandbox validated the request against the EWS schema before answering it.
	if (entry.schema === 'skipped' || !entry.schema?.valid) throw new Error(`request not schema-valid: ${JSON.stringify(entry.schema)}`);
	const root = parseXml(answer.body);
	const response = root.path('s:Body')?.children()[0];
	return { status: answer.status, messages: response?.child('m:ResponseMessages')?.children() ?? [], body: answer.body };
}

export function codes(messages: ParsedElement[]): string[] {
	return messages.map((m) => m.childText('m:ResponseCode') ?? '');
}

/** The element names of the children of an element, e.g. the properties of an answered item in order. */
export function childNames(element: ParsedElement | undefined): string[] {
	return (element?.children() ?? []).map((c) => c.name);
}

export function distinguished(id: string, mailboxAddress?: string): Request {
	return el(
		't:DistinguishedFolderId',
		{ Id: id },
		mailboxAddress !== undefined && el('t:Mailbox', undefined, el('t:EmailAddress', undefined, mailboxAddress)),
	);
}

export function folderId(id: string): Request {
	return el('t:FolderId', { Id: id });
}

export function fieldUris(...uris: string[]): Request | false {
	return uris.length > 0 && el('t:AdditionalProperties', undefined, uris.map((uri) => el('t:FieldURI', { FieldURI: uri })));
}
