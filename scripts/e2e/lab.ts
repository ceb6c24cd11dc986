import { freePort } from './freePort';
import { installCommunityPackage, InstalledPackage } from './communityInstall';
import { N8nInstance, WorkflowFile } from './n8nInstance';
import { N8nRuntime } from './runtime';
import { SANDBOX_CA_FILE, sandboxCredentials } from './sandboxCredentials';
import { SandboxProcess, startSandboxProcess } from './sandboxProcess';
import { credentialIds } from './workflowFiles';

/**
 * A lab: the EWS sandbox in its own process and a fresh n8n user folder with the packed package installed as
 * a community package, the sandbox credentials imported and the given workflows imported. The end-to-end
 * tests execute the workflows through n8n's CLI; the demo serves the editor on top.
 */

export interface LabOptions {
	runtime: N8nRuntime;
	tarball: string;
	userFolder: string;
	workflows: WorkflowFile[];
	/** Default: a free port. */
	n8nPort?: number;
	sandboxHttpPort?: number;
	sandboxHttpsPort?: number;
	/** The folder n8n's file nodes may use (N8N_RESTRICT_FILE_ACCESS_TO); n8n's default when absent. */
	fileAccessFolder?: string;
	log: (line: string) => void;
}

export interface Lab {
	sandbox: SandboxProcess;
	n8n: N8nInstance;
	installed: InstalledPackage;
	stop(): Promise<void>;
}

export async function startLab(options: LabOptions): Promise<Lab> {
	const { log } = options;
	log('Starting the EWS sandbox (Extended Protection on)');
	const sandbox = await startSandboxProcess({
		httpPort: options.sandboxHttpPort,
		httpsPort: options.sandboxHttpsPort,
		extendedProtection: true,
	});
	try {
		const n8n = new N8nInstance(options.runtime, options.userFolder, {
			port: options.n8nPort ?? (await freePort()),
			brokerPort: await freePort(),
			extraCaFile: SANDBOX_CA_FILE,
			fileAccessFolder: options.fileAccessFolder,
		});
		log(`Installing the package into ${options.userFolder} as a community package`);
		const installed = await installCommunityPackage(options.userFolder, options.tarball, options.runtime);
		const credentials = sandboxCredentials(sandbox.httpsUrl, sandbox.graphHttpsUrl);
		const known = new Set(credentials.map((c) => c.id));
		for (const workflow of options.workflows) {
			const unknown = credentialIds(workflow).filter((id) => !known.has(id));
			if (unknown.length) throw new Error(`Workflow ${workflow.name} uses credentials the lab does not have: ${unknown.join(', ')}`);
		}
		log('Importing the sandbox credentials and the workflows into n8n');
		await n8n.importCredentials(credentials);
		await n8n.importWorkflows(options.workflows);
		return { sandbox, n8n, installed, stop: () => sandbox.stop() };
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
}
