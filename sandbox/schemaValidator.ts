import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { XMLFileInfo, validateXML } from 'xmllint-wasm';

/**
 * Validates requests against Microsoft's EWS schema with xmllint compiled to WebAssembly.
 *
 * xmllint-wasm starts a fresh worker and recompiles the ~700 kB schema on every call (about 300 ms here; a
 * trivial schema takes about 45 ms), and it offers no way to keep a compiled schema. What it does offer is
 * several documents per call, so requests that arrive while a validation runs are queued and validated
 * together in the next call: under load the compile cost is shared instead of paid per request.
 */

export interface ValidationResult {
	valid: boolean;
	errors: string[];
}

export type Wrapper = 'envelope' | 'body';
/** `latest` is the Exchange Online build (a superset of 2013-2019); older requests get the 2010 SP2 schema. */
export type SchemaSet = 'latest' | 'exchange2010sp2';

const PRELOAD_ORDER = ['xml.xsd', 'soap-envelope-strict.xsd', 'types.xsd', 'messages.xsd'];
const WRAPPER_FILES: Record<Wrapper, string> = { envelope: 'ews-envelope.xsd', body: 'ews-body.xsd' };
const OLDER_VERSIONS = ['Exchange2007', 'Exchange2007_SP1', 'Exchange2010', 'Exchange2010_SP1', 'Exchange2010_SP2'];
// The full schema needs more than xmllint-wasm's default 32 MiB.
const MAX_MEMORY_PAGES = 4096;

export function defaultSchemaDir(): string {
	return process.env.EWS_SCHEMA_DIR ?? path.resolve(__dirname, '../../shared/ews-schema');
}

/** Versions up to Exchange2010_SP2 are checked against the oldest schema we have, which is 2010 SP2. */
export function schemaSetFor(version: string | undefined): SchemaSet {
	return version !== undefined && OLDER_VERSIONS.includes(version) ? 'exchange2010sp2' : 'latest';
}

interface Pending {
	xml: string;
	resolve(result: ValidationResult): void;
	reject(error: Error): void;
}

interface Lane {
	pending: Pending[];
	running: boolean;
}

export class SchemaValidator {
	private readonly files = new Map<SchemaSet, { wrappers: Record<Wrapper, XMLFileInfo>; preload: XMLFileInfo[] }>();
	private readonly lanes = new Map<string, Lane>();
	/** How many xmllint runs were made, for measuring how well batching works. */
	runs = 0;

	constructor(readonly schemaDir: string = defaultSchemaDir()) {}

	static available(schemaDir: string = defaultSchemaDir()): boolean {
		return existsSync(path.join(schemaDir, WRAPPER_FILES.envelope));
	}

	validate(xml: string, wrapper: Wrapper, set: SchemaSet = 'latest'): Promise<ValidationResult> {
		const key = `${set}/${wrapper}`;
		let lane = this.lanes.get(key);
		if (!lane) {
			lane = { pending: [], running: false };
			this.lanes.set(key, lane);
		}
		const target = lane;
		return new Promise((resolve, reject) => {
			target.pending.push({ xml, resolve, reject });
			if (!target.running) this.drain(target, wrapper, set);
		});
	}

	private drain(lane: Lane, wrapper: Wrapper, set: SchemaSet): void {
		lane.running = true;
		// Wait a turn of the event loop so requests parsed in the same tick share the run.
		setImmediate(() => {
			const batch = lane.pending.splice(0);
			this.runBatch(batch, wrapper, set)
				.then((results) => batch.forEach((p, i) => p.resolve(results[i])))
				.catch((error: Error) => batch.forEach((p) => p.reject(error)))
				.finally(() => {
					if (lane.pending.length > 0) this.drain(lane, wrapper, set);
					else lane.running = false;
				});
		});
	}

	private async runBatch(batch: Pending[], wrapper: Wrapper, set: SchemaSet): Promise<ValidationResult[]> {
		try {
			return await this.runXmllint(
				batch.map((p) => p.xml),
				wrapper,
				set,
			);
		} catch (error) {
			// A document that is not even well-formed makes xmllint fail the whole run: validate one by one
			// so it fails alone.
			if (batch.length === 1) return [{ valid: false, errors: [firstLine((error as Error).message)] }];
			return Promise.all(batch.map((p) => this.runBatch([p], wrapper, set).then((r) => r[0])));
		}
	}

	private async runXmllint(documents: string[], wrapper: Wrapper, set: SchemaSet): Promise<ValidationResult[]> {
		const { wrappers, preload } = this.schemaFiles(set);
		const names = documents.map((_, i) => `request-${i}.xml`);
		this.runs++;
		const result = await validateXML({
			xml: documents.map((contents, i) => ({ fileName: names[i], contents })),
			schema: wrappers[wrapper],
			preload,
			maxMemoryPages: MAX_MEMORY_PAGES,
		});
		const lines = result.rawOutput.split('\n');
		return names.map((name) => {
			const errors = lines
				.filter((line) => line.startsWith(`${name}:`))
				.map((line) => line.slice(name.length + 1).replace(/^(\d+): /, 'line $1: '));
			const failed = lines.includes(`${name} fails to validate`);
			return { valid: !failed && errors.length === 0, errors };
		});
	}

	private schemaFiles(set: SchemaSet): { wrappers: Record<Wrapper, XMLFileInfo>; preload: XMLFileInfo[] } {
		let files = this.files.get(set);
		if (!files) {
			const dir = set === 'latest' ? this.schemaDir : path.join(this.schemaDir, 'exchange2010sp2');
			const read = (fileName: string): XMLFileInfo => ({
				fileName,
				contents: readFileSync(path.join(dir, fileName), 'utf8'),
			});
			files = {
				wrappers: { envelope: read(WRAPPER_FILES.envelope), body: read(WRAPPER_FILES.body) },
				preload: PRELOAD_ORDER.map(read),
			};
			this.files.set(set, files);
		}
		return files;
	}
}

function firstLine(text: string): string {
	return text.split('\n').find((line) => line.trim() !== '') ?? text;
}

let shared: SchemaValidator | undefined;

function sharedValidator(): SchemaValidator {
	shared ??= new SchemaValidator();
	return shared;
}

/** Validates a whole SOAP envelope; the schema set follows the envelope's RequestServerVersion when given. */
export function validateEnvelope(xml: string, version?: string): Promise<ValidationResult> {
	return sharedValidator().validate(xml, 'envelope', schemaSetFor(version));
}

/** Validates a bare body element such as `<m:CreateItem>`. */
export function validateBody(xml: string, version?: string): Promise<ValidationResult> {
	return sharedValidator().validate(xml, 'body', schemaSetFor(version));
}
