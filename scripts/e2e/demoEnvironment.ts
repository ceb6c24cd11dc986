import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Lab, startLab } from './lab';
import { Owner } from './n8nInstance';
import { buildAndPack } from './packageTarball';
import { onStop, Service } from './process';
import { CURRENT_N8N, ensureN8n } from './runtime';
import { SandboxProcess } from './sandboxProcess';
import { EXAMPLES_DIR, INVOICE_EXAMPLE, loadWorkflows, withAssignment } from './workflowFiles';

/**
 * The demo: the EWS sandbox and a real n8n serving its editor on 127.0.0.1, with this package installed from
 * its packed tarball as a community package, the sandbox credentials and the example workflows imported, and
 * the owner account set up. Used by `npm run demo` and by the editor check.
 */

/** A lab-only account on a loopback-only n8n; printed on purpose. */
export const DEMO_OWNER: Owner = {
	email: 'demo@contoso.com',
	password: 'Demo-Passw0rd',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface DemoOptions {
	/** A tarball already packed from this checkout; default: build and pack now. */
	tarball?: string;
	n8nPort?: number;
	sandboxHttpPort?: number;
	sandboxHttpsPort?: number;
	log: (line: string) => void;
}

export interface Demo {
	n8nUrl: string;
	viewerUrl: string;
	sandboxHttpsUrl: string;
	/** Microsoft Graph over the same mailboxes (the credential "Exchange Online sandbox (Microsoft Graph, app-only)"). */
	sandboxGraphUrl: string;
	owner: Owner;
	stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
	const { log } = options;
	const runtime = await ensureN8n(CURRENT_N8N, log);
	// A fresh n8n user folder per start: the demo always begins as a newcomer's first install.
	const workDir = mkdtempSync(path.join(tmpdir(), 'exchange-ews-demo-'));
	// Stopped by a signal at any moment, the process stops n8n and the sandbox itself (process.ts); this goes too.
	onStop(() => rmSync(workDir, { recursive: true, force: true }));
	let server: Service | undefined;
	let lab: Lab | undefined;
	const stop = async () => {
		await server?.stop();
		await lab?.stop();
		rmSync(workDir, { recursive: true, force: true });
	};
	try {
		const tarball = options.tarball ?? (await buildAndPack(workDir, log));
		// The invoice example saves PDFs: here into the demo's own folder, the one n8n may write to.
		const filesFolder = path.join(workDir, 'files');
		mkdirSync(filesFolder);
		const workflows = loadWorkflows(EXAMPLES_DIR).map((w) =>
			w.id === INVOICE_EXAMPLE.id ? withAssignment(w, INVOICE_EXAMPLE.settingsNode, INVOICE_EXAMPLE.saveFolderField, filesFolder) : w,
		);
		lab = await startLab({
			runtime,
			tarball,
			userFolder: path.join(workDir, 'n8n'),
			workflows,
			fileAccessFolder: filesFolder,
			n8nPort: options.n8nPort,
			sandboxHttpPort: options.sandboxHttpPort,
			sandboxHttpsPort: options.sandboxHttpsPort,
			log,
		});
		await seedInvoices(lab.sandbox);
		log(`Starting n8n ${runtime.version} (about 20 s)`);
		server = await lab.n8n.start();
		await lab.n8n.setUpOwner(DEMO_OWNER);
		return {
			n8nUrl: lab.n8n.baseUrl,
			viewerUrl: lab.sandbox.viewerUrl,
			sandboxHttpsUrl: lab.sandbox.httpsUrl,
			sandboxGraphUrl: lab.sandbox.graphHttpsUrl,
			owner: DEMO_OWNER,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Two unread invoices with a PDF each in invoices@'s Inbox and its Inbox/Processed folder, for the invoice example. */
async function seedInvoices(sandbox: SandboxProcess): Promise<void> {
	await sandbox.control('folders/create', { mailbox: 'invoices@contoso.com', parent: 'inbox', displayName: 'Processed' });
	for (const n of [1001, 1002]) {
		const pdf = Buffer.from(`%PDF-1.4\n% demo invoice ${n}\n%%EOF\n`);
		await sandbox.control('incoming', {
			from: 'Fabrikam Billing <billing@fabrikam.example>',
			to: ['invoices@contoso.com'],
			subject: `Invoice ${n}`,
			body: `Please find invoice ${n} attached.`,
			attachments: [{ name: `invoice-${n}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64') }],
		});
	}
}
