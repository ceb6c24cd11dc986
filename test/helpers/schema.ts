import type { RequestLogEntry } from '../../sandbox/requestLog';
import { SchemaValidator } from '../../sandbox/schemaValidator';

/**
 * The EWS schema is test data beside the checkout (../shared/ews-schema). Without it, the sandbox skips
 * validation and says so, and tests whose point is a schema check are skipped rather than failed.
 */
export const SCHEMA_AVAILABLE = SchemaValidator.available();

/**
 * Every request that got past authentication was validated against the EWS schema and passed. Requests
 * answered 401 during the NTLM handshake never reach validation, as on a real IIS.
 */
export function expectAllRequestsSchemaValid(requests: RequestLogEntry[]): void {
	const processed = requests.filter((request) => request.account !== undefined && request.body !== '');
	for (const request of processed) {
		expect({ operation: request.operation, schema: request.schema }).toEqual({
			operation: request.operation,
			schema: SCHEMA_AVAILABLE ? { valid: true, errors: [] } : 'skipped',
		});
	}
}

/**
 * Every request that reached the sandbox's schema check passed it. Requests the sandbox answered before the
 * check (injected faults, refused sign-ins) have no result and are left out.
 */
export function expectCheckedRequestsSchemaValid(requests: RequestLogEntry[]): void {
	for (const request of requests) {
		if (request.schema !== undefined && request.schema !== 'skipped') {
			expect({ operation: request.operation, errors: request.schema.errors }).toEqual({ operation: request.operation, errors: [] });
		}
	}
}
