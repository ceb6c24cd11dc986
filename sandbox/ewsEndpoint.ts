import { AccountDirectory } from './accounts';
import { Principal } from './auth';
import { Fault, FaultQueue } from './faults';
import { iisErrorPage } from './iisPages';
import { OPERATIONS } from './operations';
import { OperationContext } from './operations/context';
import { RequestLogEntry } from './requestLog';
import { SchemaValidator, schemaSetFor } from './schemaValidator';
import { SoapFaultError, soapFault, soapResponse } from './soap';
import { readImpersonation, readRequestedVersion } from './soapHeader';
import { SandboxStore } from './store';
import { BuiltChild, NS_MESSAGES, ParsedElement, XmlParseError, el, parseXml, textEl } from './xml';

/**
 * One authenticated POST to /EWS/Exchange.asmx, from raw body to answer, in the order Exchange works:
 * the envelope is read, injected faults fire, the header's version is checked, the schema is validated,
 * impersonation is resolved, and only then does the operation run.
 */

export type Answer =
	| { kind: 'respond'; status: number; headers: Record<string, string>; body: string }
	/** Destroy the socket without answering. */
	| { kind: 'drop' }
	/** Never answer; the socket stays open until the sandbox closes. */
	| { kind: 'hang' }
	/** 401 and forget the connection's authentication. */
	| { kind: 'unauthorized' }
	/** The answer, its body one byte every `intervalMs`. */
	| { kind: 'trickle'; status: number; headers: Record<string, string>; body: string; intervalMs: number };

export interface EndpointDependencies {
	store: SandboxStore;
	directory: AccountDirectory;
	faults: FaultQueue;
	/** Undefined when schema validation is off. */
	validator?: SchemaValidator;
	latencyMs: number;
	/** Waits, but ends early when the sandbox closes. */
	wait(ms: number): Promise<void>;
}

const XML_HEADERS = { 'Content-Type': 'text/xml; charset=utf-8' };

export async function handleEwsRequest(
	body: string,
	principal: Principal,
	entry: RequestLogEntry,
	deps: EndpointDependencies,
): Promise<Answer> {
	let envelope: ParsedElement;
	try {
		envelope = parseXml(body);
	} catch (error) {
		if (!(error instanceof XmlParseError)) throw error;
		const reason = error.hasDoctype ? 'DTD is prohibited in this XML document.' : 'the request is not well-formed XML.';
		return fault(entry, 'ErrorSchemaValidation', `The request failed schema validation: ${reason}`);
	}
	const soapBody = envelope.is('s:Envelope') ? envelope.child('s:Body') : undefined;
	const request = soapBody?.children()[0];
	const operation = request?.localName;
	if (!request || !operation) {
		return fault(entry, 'ErrorSchemaValidation', 'The request failed schema validation: no SOAP Envelope/Body with a request element.');
	}
	entry.operation = operation;

	const injected = deps.faults.take(operation);
	entry.injectedFault = injected?.kind;
	const latency = deps.latencyMs + (injected?.kind === 'latency' ? injected.ms : 0);
	if (latency > 0) await deps.wait(latency);
	const early = injected && answerForInjectedFault(injected, entry);
	if (early) return early;

	try {
		const header = envelope.child('s:Header');
		const version = readRequestedVersion(header);
		entry.requestedVersion = version;
		if (deps.validator) {
			const result = await deps.validator.validate(body, 'envelope', schemaSetFor(version));
			entry.schema = result;
			if (!result.valid) {
				return fault(entry, 'ErrorSchemaValidation', `The request failed schema validation: ${result.errors.join(' ')}`);
			}
		} else {
			entry.schema = 'skipped';
		}
		const impersonated = readImpersonation(header, principal, deps.directory);
		entry.impersonatedMailbox = impersonated;
		const actingMailbox = impersonated ?? principal.primarySmtpAddress;
		if (!actingMailbox) {
			throw new SoapFaultError({
				code: 'ErrorInvalidExchangeImpersonationHeader',
				message: 'ExchangeImpersonation SOAP header must be present for this type of OAuth token.',
			});
		}
		if (!deps.store.hasMailbox(actingMailbox)) {
			throw new SoapFaultError({ code: 'ErrorNonExistentMailbox', message: 'The SMTP address has no mailbox associated with it.' });
		}
		const handler = request.namespace === NS_MESSAGES ? OPERATIONS[operation] : undefined;
		if (!handler) throw new SoapFaultError({ code: 'ErrorInvalidRequest', message: 'The request is invalid.' });
		const context: OperationContext = {
			store: deps.store,
			directory: deps.directory,
			principal,
			actingMailbox,
			impersonating: impersonated !== undefined,
			version,
			itemFaults: injected?.kind === 'itemError' ? [injected] : [],
		};
		const answer = soapResponse(handler(request, context));
		if (injected?.kind === 'dropConnection') return { kind: 'drop' };
		entry.status = 200;
		if (injected?.kind === 'trickle') return { kind: 'trickle', status: 200, headers: XML_HEADERS, body: answer, intervalMs: injected.intervalMs };
		return { kind: 'respond', status: 200, headers: XML_HEADERS, body: answer };
	} catch (error) {
		if (error instanceof SoapFaultError) return fault(entry, error.fault.code, error.fault.message, error.fault.messageXml);
		throw error;
	}
}

/** Faults that answer before the request is processed; undefined lets processing go on. */
function answerForInjectedFault(injected: Fault, entry: RequestLogEntry): Answer | undefined {
	switch (injected.kind) {
		case 'serverBusy':
			return fault(entry, 'ErrorServerBusy', 'The server cannot service this request right now. Try again later.', [
				el('t:Value', { Name: 'BackOffMilliseconds' }, String(injected.backOffMs)),
			]);
		case 'soapFault':
			return fault(entry, injected.code, injected.message);
		case 'httpStatus': {
			const headers: Record<string, string> = { 'Content-Type': 'text/html' };
			if (injected.retryAfter !== undefined) headers['Retry-After'] = String(injected.retryAfter);
			entry.status = injected.status;
			return { kind: 'respond', status: injected.status, headers, body: injected.body ?? iisErrorPage(injected.status) };
		}
		case 'html':
			entry.status = injected.status;
			return { kind: 'respond', status: injected.status, headers: { 'Content-Type': 'text/html' }, body: iisErrorPage(injected.status) };
		case 'malformed': {
			// A well-started answer cut off mid-element, as when a proxy truncates a response.
			const whole = soapResponse(el('m:GetFolderResponse', {}, textEl('m:ResponseMessages', '')));
			entry.status = 200;
			return { kind: 'respond', status: 200, headers: XML_HEADERS, body: whole.slice(0, Math.floor(whole.length * 0.6)) };
		}
		case 'hang':
			return { kind: 'hang' };
		case 'unauthorized':
			return { kind: 'unauthorized' };
		case 'dropConnection':
			return injected.after === 'beforeProcessing' ? { kind: 'drop' } : undefined;
		case 'latency':
		case 'itemError':
		case 'trickle':
		case 'resetConnection':
			return undefined;
	}
}

function fault(entry: RequestLogEntry, code: string, message: string, messageXml?: BuiltChild[]): Answer {
	entry.status = 500;
	entry.faultCode = code;
	return { kind: 'respond', status: 500, headers: XML_HEADERS, body: soapFault({ code, message, messageXml }) };
}
