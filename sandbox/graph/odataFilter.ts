import { GraphError } from './types';

/**
 * The part of OData's `$filter` grammar (OData v4 URL conventions, as Graph documents it in "Use the $filter
 * query parameter") that mail clients send: `and`, `or`, `not`, parentheses; `eq ne gt ge lt le` between a
 * property path and a literal; `contains`, `startswith`, `endswith`; `any` / `all` lambdas over collections
 * (`toRecipients/any(r:r/emailAddress/address eq 'x')`, `categories/any(c:c eq 'x')`). Literals: 'strings'
 * (a quote doubled), true, false, null, numbers and DateTimeOffset values written bare. Evaluated against the
 * resource's Graph JSON; strings compare without case, as Exchange does, and times as instants.
 */

type Json = Record<string, unknown>;
export type FilterTest = (resource: Json) => boolean;

type Value = { kind: 'literal'; value: unknown } | { kind: 'path'; variable?: string; segments: string[] };
type Scope = Record<string, unknown>;
type Expression = (resource: Json, scope: Scope) => boolean;

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)|([A-Za-z_][\w.]*(?:\/[A-Za-z_][\w.]*)*)|(-?\d+(?:\.\d+)?)|([(),:]))/y;

interface Token {
	type: 'string' | 'date' | 'word' | 'number' | 'punct';
	text: string;
}

function invalid(message: string): GraphError {
	return new GraphError(400, 'BadRequest', `Invalid filter clause: ${message}`);
}

function tokenize(filter: string): Token[] {
	const tokens: Token[] = [];
	TOKEN.lastIndex = 0;
	while (TOKEN.lastIndex < filter.length) {
		if (/^\s*$/.test(filter.slice(TOKEN.lastIndex))) break;
		const start = TOKEN.lastIndex;
		const match = TOKEN.exec(filter);
		if (!match) throw invalid(`syntax error at position ${start + 1} in '${filter}'.`);
		const [, string, date, word, number, punct] = match;
		if (string !== undefined) tokens.push({ type: 'string', text: string.slice(1, -1).replace(/''/g, "'") });
		else if (date !== undefined) tokens.push({ type: 'date', text: date });
		else if (word !== undefined) tokens.push({ type: 'word', text: word });
		else if (number !== undefined) tokens.push({ type: 'number', text: number });
		else tokens.push({ type: 'punct', text: punct });
	}
	return tokens;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);

function comparable(value: unknown): unknown {
	if (typeof value === 'string') {
		if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
			const time = Date.parse(value);
			if (!Number.isNaN(time)) return time;
		}
		return value.toLowerCase();
	}
	return value;
}

function compare(operator: string, left: unknown, right: unknown): boolean {
	const a = comparable(left);
	const b = comparable(right);
	if (operator === 'eq') return a === b || (a === undefined && b === null);
	if (operator === 'ne') return !(a === b || (a === undefined && b === null));
	if (a === null || a === undefined || b === null || b === undefined) return false;
	if (operator === 'gt') return (a as number) > (b as number);
	if (operator === 'ge') return (a as number) >= (b as number);
	if (operator === 'lt') return (a as number) < (b as number);
	return (a as number) <= (b as number);
}

function resolve(value: Value, resource: Json, scope: Scope): unknown {
	if (value.kind === 'literal') return value.value;
	let current: unknown = value.variable !== undefined ? scope[value.variable] : resource;
	for (const segment of value.segments) current = current && typeof current === 'object' ? (current as Json)[segment] : undefined;
	return current;
}

class Parser {
	private position = 0;

	constructor(
		private readonly tokens: Token[],
		private readonly properties: ReadonlySet<string>,
		private readonly type: string,
		private readonly noLambdaOver: ReadonlySet<string>,
	) {}

	parse(): Expression {
		const expression = this.or([]);
		if (this.position < this.tokens.length) throw invalid(`unexpected '${this.tokens[this.position].text}'.`);
		return expression;
	}

	private peek(): Token | undefined {
		return this.tokens[this.position];
	}

	private take(text?: string): Token {
		const token = this.tokens[this.position++];
		if (!token || (text !== undefined && token.text !== text)) throw invalid(`expected '${text ?? 'more'}' but found '${token?.text ?? 'the end'}'.`);
		return token;
	}

	private isWord(text: string): boolean {
		const token = this.peek();
		return token?.type === 'word' && token.text.toLowerCase() === text;
	}

	private or(variables: string[]): Expression {
		const parts = [this.and(variables)];
		while (this.isWord('or')) {
			this.position++;
			parts.push(this.and(variables));
		}
		return parts.length === 1 ? parts[0] : (resource, scope) => parts.some((part) => part(resource, scope));
	}

	private and(variables: string[]): Expression {
		const parts = [this.unary(variables)];
		while (this.isWord('and')) {
			this.position++;
			parts.push(this.unary(variables));
		}
		return parts.length === 1 ? parts[0] : (resource, scope) => parts.every((part) => part(resource, scope));
	}

	private unary(variables: string[]): Expression {
		if (this.isWord('not')) {
			this.position++;
			const inner = this.unary(variables);
			return (resource, scope) => !inner(resource, scope);
		}
		return this.primary(variables);
	}

	private primary(variables: string[]): Expression {
		const token = this.peek();
		if (token?.text === '(') {
			this.position++;
			const inner = this.or(variables);
			this.take(')');
			return inner;
		}
		if (token?.type === 'word' && FUNCTIONS.has(token.text.toLowerCase()) && this.tokens[this.position + 1]?.text === '(') {
			this.position += 2;
			const name = token.text.toLowerCase();
			const subject = this.operand(variables);
			this.take(',');
			const needle = this.operand(variables);
			this.take(')');
			return (resource, scope) => {
				const text = resolve(subject, resource, scope);
				const part = resolve(needle, resource, scope);
				if (typeof text !== 'string' || typeof part !== 'string') return false;
				const a = text.toLowerCase();
				const b = part.toLowerCase();
				return name === 'contains' ? a.includes(b) : name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
			};
		}
		const left = this.operand(variables);
		if (left.kind === 'path' && /^(any|all)$/i.test(left.segments[left.segments.length - 1] ?? '') && this.peek()?.text === '(') {
			return this.lambda(left, variables);
		}
		const operator = this.take().text.toLowerCase();
		if (!COMPARISONS.has(operator)) throw invalid(`'${operator}' is not a comparison operator.`);
		const right = this.operand(variables);
		return (resource, scope) => compare(operator, resolve(left, resource, scope), resolve(right, resource, scope));
	}

	/** `path/any(v:expression)`: whether any (all) entries of the collection satisfy the expression. */
	private lambda(path: Extract<Value, { kind: 'path' }>, variables: string[]): Expression {
		const all = path.segments[path.segments.length - 1].toLowerCase() === 'all';
		const collection: Value = { ...path, segments: path.segments.slice(0, -1) };
		if (path.variable === undefined && this.noLambdaOver.has(path.segments[0])) {
			throw new GraphError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
		}
		this.take('(');
		const variable = this.take().text;
		this.take(':');
		const body = this.or([...variables, variable]);
		this.take(')');
		return (resource, scope) => {
			const entries = resolve(collection, resource, scope);
			if (!Array.isArray(entries)) return false;
			const test = (entry: unknown) => body(resource, { ...scope, [variable]: entry });
			return all ? entries.every(test) : entries.some(test);
		};
	}

	private operand(variables: string[]): Value {
		const token = this.take();
		switch (token.type) {
			case 'string':
				return { kind: 'literal', value: token.text };
			case 'date':
				return { kind: 'literal', value: token.text };
			case 'number':
				return { kind: 'literal', value: Number(token.text) };
			case 'punct':
				throw invalid(`unexpected '${token.text}'.`);
			default: {
				const word = token.text;
				if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
				if (word === 'null') return { kind: 'literal', value: null };
				const [first, ...rest] = word.split('/');
				if (variables.includes(first)) return { kind: 'path', variable: first, segments: rest };
				if (!this.properties.has(first)) throw new GraphError(400, 'BadRequest', `Could not find a property named '${first}' on type '${this.type}'.`);
				return { kind: 'path', segments: [first, ...rest] };
			}
		}
	}
}

/**
 * `$filter` as a test of a resource's Graph JSON; `properties` are the type's, `type` names it in errors;
 * `noLambdaOver` names collections the service refuses `any` / `all` over.
 */
export function compileFilter(filter: string, properties: ReadonlySet<string>, type: string, noLambdaOver: ReadonlySet<string> = new Set()): FilterTest {
	const expression = new Parser(tokenize(filter), properties, type, noLambdaOver).parse();
	return (resource) => expression(resource, {});
}

/** The first property a filter names, for Graph's rule that `$orderby` properties must lead the filter. */
export function firstFilterProperty(filter: string): string | undefined {
	const word = tokenize(filter).find((token) => token.type === 'word' && !FUNCTIONS.has(token.text.toLowerCase()) && !['not', '('].includes(token.text.toLowerCase()));
	return word?.text.split('/')[0];
}
