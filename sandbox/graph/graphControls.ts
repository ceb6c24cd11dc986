import type { GraphAccessPolicy, IdentityPlatform } from '../oauthIdentity';
import type { ControlAnswer } from '../testControls';
import { GraphFault, GraphFaultQueue } from './graphFaults';

/**
 * The Graph endpoint's test controls, under /sandbox/api/graph/ (see sandbox/README.md):
 *   graph/faults         {"faults":[GraphFault...]} queued in order (graphFaults.ts)
 *   graph/faults/clear   drops the queued faults
 *   graph/accessPolicies {"policies":[{"appId","mailboxes":[...],"accessRight"}]} replaces the application access policies
 *   graph/onPremisesMailboxes {"mailboxes":[...]} replaces the list of mailboxes still on-premises (hybrid)
 */

export interface GraphControlTarget {
	faults: GraphFaultQueue;
	identity?: IdentityPlatform;
}

class Invalid extends Error {}
type Json = Record<string, unknown>;

const CONTROLS: Record<string, (target: GraphControlTarget, body: Json) => unknown> = {
	'graph/faults': (target, body) => {
		const faults = list(body.faults, 'faults').map((fault, i) => readFault(fault, `faults[${i}]`));
		target.faults.push(...faults);
		return { pending: target.faults.pending };
	},
	'graph/faults/clear': (target) => {
		target.faults.clear();
		return { pending: [] };
	},
	'graph/accessPolicies': (target, body) => {
		if (!target.identity) throw new Invalid('the sandbox runs without the identity platform, so without Graph');
		target.identity.graphAccessPolicies = list(body.policies, 'policies').map((policy, i) => readPolicy(policy, `policies[${i}]`));
		return { policies: target.identity.graphAccessPolicies };
	},
	'graph/onPremisesMailboxes': (target, body) => {
		if (!target.identity) throw new Invalid('the sandbox runs without the identity platform, so without Graph');
		if (!Array.isArray(body.mailboxes)) throw new Invalid('mailboxes: expected an array of addresses');
		target.identity.onPremisesMailboxes = body.mailboxes.map((m: unknown, i) => text(m, `mailboxes[${i}]`));
		return { mailboxes: target.identity.onPremisesMailboxes };
	},
};

/** Runs a graph/... control on its parsed JSON body; undefined for a name that is none. */
export function runGraphControl(target: GraphControlTarget, name: string, body: Json): ControlAnswer | undefined {
	const control = CONTROLS[name];
	if (!control) return undefined;
	try {
		return { status: 200, body: control(target, body) };
	} catch (error) {
		if (error instanceof Invalid) return { status: 400, body: { error: 'BadRequest', message: error.message } };
		throw error;
	}
}

function list(value: unknown, field: string): Json[] {
	if (!Array.isArray(value) || !value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) throw new Invalid(`${field}: expected an array of objects`);
	return value as Json[];
}

function text(value: unknown, field: string): string {
	if (typeof value !== 'string' || value === '') throw new Invalid(`${field}: expected a string`);
	return value;
}

function count(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Invalid(`${field}: expected a whole number`);
	return value;
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
	return value === undefined || value === null ? undefined : read(value);
}

function readFault(fault: Json, field: string): GraphFault {
	const match = {
		method: optional(fault.method, (v) => text(v, `${field}.method`)),
		path: optional(fault.path, (v) => text(v, `${field}.path`)),
		part: optional(fault.part, (v) => count(v, `${field}.part`)),
	};
	switch (fault.kind) {
		case 'status':
			return {
				...match,
				kind: 'status',
				status: count(fault.status, `${field}.status`),
				retryAfter: optional(fault.retryAfter, (v) => count(v, `${field}.retryAfter`)),
				code: optional(fault.code, (v) => text(v, `${field}.code`)),
				message: optional(fault.message, (v) => text(v, `${field}.message`)),
				processed: fault.processed === true,
			};
		case 'dropConnection':
			if (match.part !== undefined) throw new Invalid(`${field}: a batch part cannot drop the connection`);
			if (fault.after !== 'beforeProcessing' && fault.after !== 'afterProcessing') throw new Invalid(`${field}.after: expected beforeProcessing or afterProcessing`);
			return { ...match, kind: 'dropConnection', after: fault.after };
		case 'latency':
			return { ...match, kind: 'latency', ms: count(fault.ms, `${field}.ms`) };
		default:
			throw new Invalid(`${field}.kind: expected status, dropConnection or latency`);
	}
}

function readPolicy(policy: Json, field: string): GraphAccessPolicy {
	if (policy.accessRight !== 'RestrictAccess' && policy.accessRight !== 'DenyAccess') throw new Invalid(`${field}.accessRight: expected RestrictAccess or DenyAccess`);
	if (!Array.isArray(policy.mailboxes)) throw new Invalid(`${field}.mailboxes: expected an array of addresses`);
	return {
		appId: text(policy.appId, `${field}.appId`),
		mailboxes: policy.mailboxes.map((m: unknown, i) => text(m, `${field}.mailboxes[${i}]`)),
		accessRight: policy.accessRight,
	};
}
