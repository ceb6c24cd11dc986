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
