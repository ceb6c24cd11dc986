import * as path from 'path';
import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { OPERATIONS } from '../../nodes/Exchange/actions/operations';
import {
	formatProblems,
	operationProblems,
	operationsOf,
	parameterProblems,
	visibleProperties,
	type OperationRef,
} from '../helpers/nodeDescriptionRules';

/**
 * The descriptions of every node and credential the package declares (package.json's `n8n` lists, so a node
 * added there is checked with no change here), built as n8n builds them, against n8n's parameter rules (see
 * nodeDescriptionRules.ts). The editor check (npm run test:editor) shows the same panels in a real n8n.
 */

const ROOT = path.join(__dirname, '..', '..');
const { n8n: declared } = require(path.join(ROOT, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };

/** dist/x/Y.node.js → the class exported from x/Y.node.ts, instantiated. */
function instantiate<T>(distFile: string): T {
	const source = path.join(ROOT, distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const exported = Object.values(require(source) as Record<string, new () => T>);
	if (exported.length !== 1) throw new Error(`${source} exports ${exported.length} classes, expected one`);
	return new exported[0]();
}

const nodes = declared.nodes.map((file) => instantiate<INodeType>(file).description as INodeTypeDescription);
const credentials = declared.credentials.map((file) => instantiate<ICredentialType>(file));

/** The Exchange node's own table of operations says which parameters belong to which operation. */
const ownedByExchange = (ref: OperationRef) => OPERATIONS[ref.resource]?.[ref.operation]?.description ?? [];

describe.each(nodes.map((d) => [d.displayName, d] as const))('node %s', (_name, description) => {
	test('every parameter has a label, a description where needed and options in n8n\'s order', () => {
		expect(formatProblems(parameterProblems(description.properties, description.displayName))).toBe('');
	});

	test('each operation shows its own parameters only, each name once', () => {
		const owned = description.name === 'exchange' ? ownedByExchange : undefined;
		expect(formatProblems(operationProblems(description, owned))).toBe('');
	});

	test('each operation offered has a node creator entry, unique across the node', () => {
		const actions = operationsOf(description).map((ref) => ref.action);
		expect(actions.filter((a, i) => actions.indexOf(a) !== i)).toEqual([]);
	});
});

describe('the Exchange node\'s operations', () => {
	const exchange = nodes.find((d) => d.name === 'exchange');
	if (!exchange) throw new Error('package.json declares no exchange node');
	const offered = operationsOf(exchange).map((ref) => `${ref.resource}.${ref.operation}`);

	test('every operation in the table is offered in the editor, and nothing else', () => {
		const implemented = Object.entries(OPERATIONS).flatMap(([resource, ops]) => Object.keys(ops).map((op) => `${resource}.${op}`));
		expect([...offered].sort()).toEqual([...implemented].sort());
	});

	test('the rules catch what they are meant to catch', () => {
		// A parameter without resource/operation conditions in an operation's own list would show everywhere.
		const leaking = { displayName: 'Leak', name: 'leak', type: 'string' as const, default: '', description: 'x' };
		const withLeak = { ...exchange, properties: [...exchange.properties, leaking] };
		const first = operationsOf(exchange)[0];
		const isFirst = (ref: OperationRef) => ref.resource === first.resource && ref.operation === first.operation;
		const owned = (ref: OperationRef) => (isFirst(ref) ? [leaking] : ownedByExchange(ref));
		expect(formatProblems(operationProblems(withLeak, owned))).toMatch(/"Leak" also shows under/);
		const unsorted = {
			displayName: 'Unsorted',
			name: 'unsorted',
			type: 'options' as const,
			default: 'e',
			description: 'x',
			options: ['E', 'D', 'C', 'B', 'A'].map((name) => ({ name, value: name.toLowerCase() })),
		};
		expect(formatProblems(parameterProblems([unsorted], 'Test'))).toMatch(/expected: A \| B \| C \| D \| E/);
		const unlabelled = { displayName: '', name: 'x', type: 'string' as const, default: '' };
		expect(formatProblems(parameterProblems([unlabelled], 'Test'))).toMatch(/has no label/);
		expect(visibleProperties(withLeak, { resource: first.resource, operation: first.operation }).map((p) => p.name)).toContain('leak');
	});
});

describe.each(credentials.map((c) => [c.displayName, c] as const))('credential %s', (_name, credential) => {
	test('every field has a label, a description where needed and options in n8n\'s order', () => {
		expect(formatProblems(parameterProblems(credential.properties, credential.displayName))).toBe('');
	});
});
