import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { WorkflowFile } from './n8nInstance';
import { REPO_ROOT } from './packageTarball';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** Every workflow JSON file in a folder, in name order. */
export function loadWorkflows(dir: string): WorkflowFile[] {
	return readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as WorkflowFile);
}

/** The credential ids a workflow's nodes use. */
export function credentialIds(workflow: WorkflowFile): string[] {
	const nodes = workflow.nodes as Array<{ credentials?: Record<string, { id: string }> }>;
	return nodes.flatMap((node) => Object.values(node.credentials ?? {}).map((credential) => credential.id));
}

/** The workflow with one value of an Edit Fields node replaced, as a user would set it after importing. */
export function withAssignment(workflow: WorkflowFile, nodeName: string, field: string, value: string): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowFile;
	const nodes = copy.nodes as Array<{ name: string; parameters?: { assignments?: { assignments?: Array<{ name: string; value: unknown }> } } }>;
	const assignment = nodes.find((n) => n.name === nodeName)?.parameters?.assignments?.assignments?.find((a) => a.name === field);
	if (!assignment) throw new Error(`Workflow ${workflow.name} has no Edit Fields value ${nodeName} → ${field}`);
	assignment.value = value;
	return copy;
}

/** The invoice example's save folder, pointed at a folder n8n may write to on this machine. */
export const INVOICE_EXAMPLE = { id: 'ExchExampleInvoices1', settingsNode: 'Settings', saveFolderField: 'saveFolder' };
