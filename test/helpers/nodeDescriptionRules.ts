import {
	displayParameter,
	getNodeParameters,
	type ICredentialType,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * What a person sees in n8n's editor, read from a node's (or credential's) description as data: the resources
 * and operations it offers, the parameters n8n shows for each with default values, and n8n's published rules
 * for parameters (eslint-plugin-n8n-nodes-base, `nodes` and `credentials` configs) applied to the description
 * as built at run time, which also sees what the linter cannot: option lists assembled from variables, spread
 * properties, displayOptions across files. The unit test (test/unit/nodeDescriptions.test.ts) and the editor
 * check (test/editor) both read it.
 */

export interface OperationRef {
	resource: string;
	resourceName: string;
	operation: string;
	operationName: string;
	/** The node creator's entry for this operation (n8n's `action`). */
	action: string;
}

/** Every lint rule name below is one of eslint-plugin-n8n-nodes-base's. */
export interface Problem {
	where: string;
	rule: string;
	message: string;
}

/** The value of the "Custom API Call" option n8n injects into the operation lists it serves to its editor. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

const isOptionList = (property: INodeProperties) => property.type === 'options' || property.type === 'multiOptions';
const optionItems = (property: INodeProperties) => (property.options ?? []) as INodePropertyOptions[];

/** Every resource/operation pair, in the editor's order; a node without resources has operations only or none. */
export function operationsOf(description: INodeTypeDescription): OperationRef[] {
	const resourceProperty = description.properties.find((p) => p.name === 'resource' && p.type === 'options');
	const resources: Array<{ value: string; name: string }> = resourceProperty
		? optionItems(resourceProperty).map((o) => ({ value: String(o.value), name: o.name }))
		: [{ value: '', name: '' }];
	const refs: OperationRef[] = [];
	for (const resource of resources) {
		const values: INodeParameters = resourceProperty ? { resource: resource.value } : {};
		for (const property of visibleProperties(description, values)) {
			if (property.name !== 'operation' || property.type !== 'options') continue;
			for (const option of optionItems(property)) {
				// n8n adds this option to nodes whose credentials it can sign HTTP requests with; it is no operation.
				if (option.value === CUSTOM_API_CALL) continue;
				refs.push({
					resource: resource.value,
					resourceName: resource.name,
					operation: String(option.value),
					operationName: option.name,
					action: option.action ?? option.name,
				});
			}
		}
	}
	return refs;
}

/** The values a fresh node holds once these are set: n8n fills in the default of every parameter shown. */
export function nodeValuesWith(description: INodeTypeDescription, values: INodeParameters): INodeParameters {
	const node = { typeVersion: latestVersion(description) };
	return getNodeParameters(description.properties, values, true, false, node, description) ?? values;
}

/** The top-level parameters n8n shows for these values (and defaults), in description order. */
export function visibleProperties(description: INodeTypeDescription, values: INodeParameters): INodeProperties[] {
	const node = { typeVersion: latestVersion(description) };
	const nodeValues = nodeValuesWith(description, values);
	return description.properties.filter(
		(property) => property.type !== 'hidden' && displayParameter(nodeValues, property, node, description),
	);
}

/**
 * The parameter n8n's editor takes out of the panel and sets through the credential picker instead (its
 * "main auth field": `authentication`, when the node's credentials depend on it and it has no "none" option).
 */
export function mainAuthField(description: INodeTypeDescription): INodeProperties | undefined {
	const authKeys = new Set((description.credentials ?? []).flatMap((c) => Object.keys(c.displayOptions?.show ?? {})));
	return description.properties.find(
		(p) => p.name === 'authentication' && authKeys.has(p.name) && !optionItems(p).some((o) => o.value === 'none'),
	);
}

/** The credential's own fields a person sees in its dialog with default values (parents' fields not included). */
export function visibleCredentialFields(credential: Pick<ICredentialType, 'properties'>): INodeProperties[] {
	const values: INodeParameters = {};
	for (const property of credential.properties) values[property.name] = property.default;
	return credential.properties.filter(
		(property) => property.type !== 'hidden' && displayParameter(values, property, null, null),
	);
}

function latestVersion(description: INodeTypeDescription): number {
	return Array.isArray(description.version) ? Math.max(...description.version) : description.version;
}

/**
 * The rules a parameter list must follow, for a node's properties or a credential's. Each names n8n's lint rule
 * it applies; where the rule has exceptions, they are kept:
 * - node-param-options-type-unsorted-items / node-param-multi-options-type-unsorted-items: lists of five or more
 *   options alphabetized by `name` (localeCompare; names like v1.0 newest first); not lists whose first value
 *   is a number written as digits, nor lists in calendar order (weekdays, months, First … Last), which n8n's own
 *   Schedule Trigger keeps in that order too, switching the rule off there.
 * - node-param-collection-type-unsorted-items: five or more collection fields alphabetized by `displayName`.
 *   (Fixed collections: the project switches node-param-fixed-collection-type-unsorted-items off; not checked.)
 * - node-param-display-name-untrimmed and the editor itself: every shown parameter has a label.
 * - node-param-description-empty-string, -untrimmed, -identical-to-display-name, -boolean-without-whether,
 *   -missing-for-return-all, -missing-from-limit, -missing-for-simplify, -missing-for-ignore-ssl-issues,
 *   -missing-from-dynamic-options, -missing-from-dynamic-multi-options.
 * - The project's own rule (the "no label or description"): a parameter a person fills in has a
 *   description (the label's "?" tooltip) or a hint under the field. Exempt: resource and operation (n8n calls
 *   descriptions such as "Operation to perform" weak, node-param-description-weak, and its nodes have none),
 *   collections (their fields have their own) and option lists whose every option is described.
 * - node-param-default-missing, node-param-option-name-duplicate, node-param-option-value-duplicate,
 *   node-param-operation-option-without-action, node-param-operation-without-no-data-expression,
 *   node-param-resource-without-no-data-expression.
 * - displayOptions name parameters that exist, and resource/operation values those lists offer: otherwise a
 *   parameter silently shows everywhere or nowhere.
 */
export function parameterProblems(properties: INodeProperties[], owner: string): Problem[] {
	const problems: Problem[] = [];
	const names = new Set(properties.map((p) => p.name));
	const valuesOf = (name: string) =>
		new Set(properties.filter((p) => p.name === name && isOptionList(p)).flatMap((p) => optionItems(p).map((o) => o.value)));
	for (const property of properties) {
		const where = `${owner} → ${property.displayName || property.name}`;
		const add = (rule: string, message: string) => problems.push({ where, rule, message });
		checkProperty(property, add);
		for (const [kind, conditions] of Object.entries(property.displayOptions ?? {})) {
			for (const [key, wanted] of Object.entries(conditions ?? {})) {
				if (key.startsWith('@') || key.startsWith('/')) continue;
				if (!names.has(key)) {
					add('displayOptions', `displayOptions.${kind} names "${key}", which is no parameter of ${owner}`);
					continue;
				}
				if (key !== 'resource' && key !== 'operation') continue;
				const offered = valuesOf(key);
				for (const value of (wanted ?? []) as unknown[]) {
					if (!offered.has(value as string)) add('displayOptions', `displayOptions.${kind}.${key} lists "${String(value)}", which no ${key} offers`);
				}
			}
		}
	}
	return problems;
}

type Report = (rule: string, message: string) => void;

function checkProperty(property: INodeProperties, add: Report): void {
	if (property.type === 'hidden') return;
	if (!property.displayName || !property.displayName.trim()) add('label', `parameter "${property.name}" has no label (displayName)`);
	else if (property.displayName !== property.displayName.trim()) add('node-param-display-name-untrimmed', 'label has spaces around it');
	if (property.default === undefined) add('node-param-default-missing', `parameter "${property.name}" has no default`);
	checkDescription(property, add);
	if ((property.name === 'resource' || property.name === 'operation') && isOptionList(property) && property.noDataExpression !== true) {
		add(`node-param-${property.name}-without-no-data-expression`, `${property.name} must set noDataExpression`);
	}
	if (isOptionList(property) && !property.typeOptions?.loadOptionsMethod) checkOptions(property, add);
	if (property.type === 'collection') {
		const fields = (property.options ?? []) as INodeProperties[];
		checkSorted(fields.map((f) => f.displayName), 'node-param-collection-type-unsorted-items', add);
		for (const field of fields) checkProperty(field, (rule, message) => add(rule, `${field.displayName || field.name}: ${message}`));
	}
	if (property.type === 'fixedCollection') {
		for (const group of (property.options ?? []) as INodePropertyCollection[]) {
			if (!group.displayName?.trim()) add('label', `group "${group.name}" has no label (displayName)`);
			for (const field of group.values ?? []) {
				checkProperty(field, (rule, message) => add(rule, `${group.displayName} → ${field.displayName || field.name}: ${message}`));
			}
		}
	}
}

/** Descriptions n8n's lint writes out for well-known parameters. */
const REQUIRED_DESCRIPTIONS: Array<{ applies: (p: INodeProperties) => boolean; rule: string }> = [
	{ applies: (p) => p.name === 'returnAll', rule: 'node-param-description-missing-for-return-all' },
	{ applies: (p) => p.name === 'limit', rule: 'node-param-description-missing-from-limit' },
	{ applies: (p) => p.name === 'simple' || p.name === 'simplify', rule: 'node-param-description-missing-for-simplify' },
	{ applies: (p) => /^ignoreSsl/i.test(p.name), rule: 'node-param-description-missing-for-ignore-ssl-issues' },
	{ applies: (p) => p.type === 'options' && !!p.typeOptions?.loadOptionsMethod, rule: 'node-param-description-missing-from-dynamic-options' },
	{
		applies: (p) => p.type === 'multiOptions' && !!p.typeOptions?.loadOptionsMethod,
		rule: 'node-param-description-missing-from-dynamic-multi-options',
	},
];

function checkDescription(property: INodeProperties, add: Report): void {
	const { description, hint } = property;
	if (property.type === 'notice' || property.type === 'callout') return;
	if (description === undefined) {
		const required = REQUIRED_DESCRIPTIONS.find((r) => r.applies(property));
		if (required) add(required.rule, 'description missing');
		else if (!hint?.trim() && !explainedOtherwise(property)) {
			add('description', `parameter "${property.name}" has neither a description nor a hint`);
		}
		return;
	}
	if (!description.trim()) add('node-param-description-empty-string', 'description is empty');
	else if (description !== description.trim()) add('node-param-description-untrimmed', 'description has spaces around it');
	if (description.trim().toLowerCase() === property.displayName.trim().toLowerCase()) {
		add('node-param-description-identical-to-display-name', 'description only repeats the label');
	}
	if (property.type === 'boolean' && !/^Whether\b/.test(description.trim())) {
		add('node-param-description-boolean-without-whether', 'a boolean\'s description starts with "Whether"');
	}
}

/**
 * Where n8n's own nodes go without a description: resource and operation; collections, whose fields carry
 * their own; option lists whose every option has one (the dropdown shows them).
 */
function explainedOtherwise(property: INodeProperties): boolean {
	if (property.name === 'resource' || property.name === 'operation') return true;
	if (property.type === 'collection' || property.type === 'fixedCollection') return true;
	const options = optionItems(property);
	return isOptionList(property) && options.length > 0 && options.every((o) => !!o.description?.trim());
}

function checkOptions(property: INodeProperties, add: Report): void {
	const options = optionItems(property);
	const rule = property.type === 'options' ? 'node-param-options-type-unsorted-items' : 'node-param-multi-options-type-unsorted-items';
	// The rule's own exception: lists of numbers keep their numeric order; and calendar order, as in n8n's nodes.
	const names = options.map((o) => o.name);
	if (!/^\d+$/.test(String(options[0]?.value)) && !inCalendarOrder(names)) checkSorted(names, rule, add);
	const seen = { name: new Set<string>(), value: new Set<unknown>() };
	for (const option of options) {
		if (!option.name?.trim()) add('label', `an option (value "${String(option.value)}") has no name`);
		if (seen.name.has(option.name)) add('node-param-option-name-duplicate', `option name "${option.name}" appears twice`);
		if (seen.value.has(option.value)) add('node-param-option-value-duplicate', `option value "${String(option.value)}" appears twice`);
		seen.name.add(option.name);
		seen.value.add(option.value);
		if (property.name === 'operation' && !option.action) {
			add('node-param-operation-option-without-action', `operation "${option.name}" has no action (the node creator's entry)`);
		}
	}
}

const VERSION_NAME = /^v\d+\.\d+$/;

const CALENDAR_SEQUENCES = [
	['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
	['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
	['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
	['First', 'Second', 'Third', 'Fourth', 'Last'],
];

/** A list of weekdays, months or week ordinals in their calendar order; one leading other choice may come first. */
function inCalendarOrder(names: string[]): boolean {
	const rest = names.slice(CALENDAR_SEQUENCES.some((sequence) => sequence.includes(names[0])) ? 0 : 1);
	return CALENDAR_SEQUENCES.some((sequence) => rest.length >= 5 && rest.every((name, i) => sequence.indexOf(name) === sequence.indexOf(rest[0]) + i));
}

/** n8n's lint order: five or more items alphabetized (localeCompare); version names (v2.0) newest first. */
function checkSorted(names: string[], rule: string, add: Report): void {
	if (names.length < 5) return;
	const sorted = [...names].sort((a, b) => {
		if (VERSION_NAME.test(a)) return a === b ? 0 : parseFloat(a.slice(1)) > parseFloat(b.slice(1)) ? -1 : 1;
		return a.localeCompare(b);
	});
	if (sorted.some((name, i) => name !== names[i])) add(rule, `not in n8n's order; expected: ${sorted.join(' | ')}`);
}

/**
 * displayOptions per operation: for each resource/operation with default values, the parameters shown must
 * have distinct names (two parameters of one name shown at once share one value), and every parameter declared
 * for one operation (`owned`, from the node's own table of operations) shows for that operation alone.
 */
export function operationProblems(
	description: INodeTypeDescription,
	owned?: (ref: OperationRef) => INodeProperties[],
): Problem[] {
	const problems: Problem[] = [];
	const refs = operationsOf(description);
	const node = { typeVersion: latestVersion(description) };
	for (const ref of refs) {
		const where = `${description.displayName}: ${ref.resourceName} → ${ref.operationName}`;
		const shown = visibleProperties(description, { resource: ref.resource, operation: ref.operation });
		const names = shown.map((p) => p.name);
		for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
			problems.push({ where, rule: 'displayOptions', message: `two parameters named "${name}" show at once` });
		}
		for (const property of owned?.(ref) ?? []) {
			const onlyOperationConditions = {
				...property,
				displayOptions: {
					show: pick(property.displayOptions?.show, ['resource', 'operation']),
					hide: pick(property.displayOptions?.hide, ['resource', 'operation']),
				},
			};
			for (const other of refs) {
				// Operations may share one parameter on purpose: each then declares it.
				if (other === ref || owned?.(other).some((p) => p.name === property.name)) continue;
				const values = { resource: other.resource, operation: other.operation };
				if (displayParameter(values, onlyOperationConditions, node, description)) {
					problems.push({
						where,
						rule: 'displayOptions',
						message: `"${property.displayName}" also shows under ${other.resourceName} → ${other.operationName}`,
					});
				}
			}
		}
	}
	return problems;
}

function pick<T extends object>(conditions: T | undefined, keys: string[]): T | undefined {
	if (!conditions) return undefined;
	const picked = Object.fromEntries(Object.entries(conditions).filter(([key]) => keys.includes(key)));
	return Object.keys(picked).length > 0 ? (picked as T) : undefined;
}

export const formatProblems = (problems: Problem[]) => problems.map((p) => `${p.where}: ${p.message} [${p.rule}]`).join('\n');
