import type { Fault } from '../../sandbox/faults';
import {
	CONTINUE_ON_FAIL,
	deliveriesPerItem,
	reportPerItem,
	sendBatched,
	sendsPerItem,
	type BatchedSendOptions,
	type ItemReport,
} from '../helpers/batchedSend';
import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

/**
 * README, "Errors": every answer kind in its table, against the sandbox, through n8n. Three messages
 * travel in one CreateItem; the answer is injected into it. "Not processed" answers either fail the items
 * with their code (nothing was carried out, sending them again is safe) or are sent again by the node;
 * "outcome unknown" answers are never sent again.
 */
interface Row {
	answer: string;
	fault?: Fault;
	options?: Partial<BatchedSendOptions>;
	report: ItemReport;
	/** CreateItem requests that reached Exchange (authenticated) carrying the items. */
	sends: number;
	/** Whether the sandbox carried the request out before the fault. */
	delivered: 0 | 1;
}

const soapFault = (code: string): Fault => ({ kind: 'soapFault', code, message: `Injected ${code}.` });

const ROWS: Row[] = [
	{ answer: '401, sign-in refused', options: { credential: { password: 'Wrong-Secret-1' } }, report: 'failed: Unauthorized', sends: 0, delivered: 0 },
	{ answer: '403', fault: { kind: 'httpStatus', status: 403 }, report: 'failed: Forbidden', sends: 1, delivered: 0 },
	{ answer: '429 with Retry-After', fault: { kind: 'httpStatus', status: 429, retryAfter: 1 }, report: 'sent', sends: 2, delivered: 1 },
	{ answer: '503 with Retry-After', fault: { kind: 'httpStatus', status: 503, retryAfter: 1 }, report: 'sent', sends: 2, delivered: 1 },
	{ answer: '503 without Retry-After', fault: { kind: 'httpStatus', status: 503 }, report: 'sent', sends: 2, delivered: 1 },
	{ answer: '500 SOAP fault ErrorServerBusy', fault: { kind: 'serverBusy', backOffMs: 0 }, report: 'sent', sends: 2, delivered: 1 },
	...[
		'ErrorSchemaValidation',
		'ErrorInvalidServerVersion',
		'ErrorImpersonateUserDenied',
		'ErrorNonExistentMailbox',
		'ErrorAccessDenied',
	].map((code): Row => ({ answer: `500 SOAP fault ${code}`, fault: soapFault(code), report: `failed: ${code}`, sends: 1, delivered: 0 })),
	...['ErrorInternalServerError', 'ErrorTimeoutExpired', 'ErrorMailboxStoreUnavailable'].map(
		(code): Row => ({ answer: `500 SOAP fault ${code}`, fault: soapFault(code), report: 'unknown', sends: 1, delivered: 0 }),
	),
	{ answer: '500 HTML page', fault: { kind: 'html', status: 500 }, report: 'unknown', sends: 1, delivered: 0 },
	{ answer: '502', fault: { kind: 'html', status: 502 }, report: 'unknown', sends: 1, delivered: 0 },
	{ answer: '504', fault: { kind: 'html', status: 504 }, report: 'unknown', sends: 1, delivered: 0 },
	{ answer: 'connection reset before the request was sent', fault: { kind: 'resetConnection' }, report: 'sent', sends: 1, delivered: 1 },
	{ answer: 'connection reset after the request was sent', fault: { kind: 'dropConnection', after: 'afterProcessing' }, report: 'unknown', sends: 1, delivered: 1 },
	{ answer: 'no answer within the timeout', fault: { kind: 'hang' }, options: { credential: { timeout: 2 } }, report: 'unknown', sends: 1, delivered: 0 },
	{
		answer: 'an answer whose body is still arriving at the timeout',
		fault: { kind: 'trickle', intervalMs: 200 },
		options: { credential: { timeout: 2 } },
		report: 'unknown',
		sends: 1,
		delivered: 1,
	},
];

describe('Answer kinds (README table): not processed, or outcome unknown and never sent again', () => {
	it.each(ROWS.map((row) => [row.answer, row] as const))('%s', async (_answer, row) => {
		if (row.fault?.kind === 'resetConnection') await env.sandbox.closeIdleConnections();
		if (row.fault) env.sandbox.faults.push(row.fault.kind === 'resetConnection' ? row.fault : { ...row.fault, operation: 'CreateItem' });

		const run = await sendBatched(env, { count: 3, batchSize: 3, concurrency: 1, ...CONTINUE_ON_FAIL, ...row.options });

		expect(env.sandbox.faults.pending).toEqual([]);
		expect(reportPerItem(run, 3)).toEqual(new Array(3).fill(row.report));
		expect(sendsPerItem(env, 3)).toEqual(new Array(3).fill(row.sends));
		expect(deliveriesPerItem(env, 3)).toEqual(new Array(3).fill(row.delivered));
		if (row.report === 'unknown') expect(run.outputOf(NODE_NAME)[0].json.error).toMatch(/it was not sent again/);
	});
});
