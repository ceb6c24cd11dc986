import * as path from 'path';
import { REPO_ROOT } from './packageTarball';
import { Service } from './process';

/**
 * The EWS sandbox as its own process (`npm run sandbox`'s CLI), as a person runs it beside n8n. What it stored
 * is read through its viewer's JSON API (sandbox/viewer.ts), the only window into another process's store, and
 * changed through its test controls (POST /sandbox/api/<control>, as a user or another sender would).
 */

export interface SandboxProcess {
	httpUrl: string;
	httpsUrl: string;
	/** Microsoft Graph's base URL (no /v1.0), over the same mailboxes. */
	graphHttpsUrl: string;
	/** The mailbox viewer page. */
	viewerUrl: string;
	service: Service;
	mailboxes(): Promise<MailboxJson[]>;
	deliveries(): Promise<DeliveryJson[]>;
	requests(): Promise<RequestJson[]>;
	/** Runs a test control (sandbox/README.md lists them) and returns its JSON answer. */
	control<T = unknown>(name: string, body: object): Promise<T>;
	stop(): Promise<void>;
}

export interface AddressJson {
	address: string;
	name?: string;
}

export interface AttachmentJson {
	name: string;
	contentType?: string;
	size: number;
	sha256: string;
}

/** Items as the viewer's API shows them: the store's fields, attachments as size and digest. */
export interface ItemJson {
	kind: 'message' | 'calendarItem' | 'meetingRequest';
	id: string;
	isRead?: boolean;
	subject?: string;
	body?: { type: string; text: string };
	createdBy: string;
	internetMessageId?: string;
	sender?: AddressJson;
	toRecipients?: AddressJson[];
	ccRecipients?: AddressJson[];
	attachments?: AttachmentJson[];
	organizer?: AddressJson;
	requiredAttendees?: AddressJson[];
	optionalAttendees?: AddressJson[];
	resources?: AddressJson[];
	location?: string;
	start?: { raw: string; instant: string };
	end?: { raw: string; instant: string };
	startTimeZone?: string;
	invitationsSent?: string;
}

export interface MailboxJson {
	address: string;
	folders: Record<'inbox' | 'sentitems' | 'calendar' | 'drafts' | 'msgfolderroot', ItemJson[]>;
}

export interface DeliveryJson {
	messageId: string;
	kind: string;
	subject?: string;
	sender: string;
	recipient: string;
}

export interface RequestJson {
	protocol: 'http' | 'https';
	method?: string;
	/** Graph requests (and each part of a JSON batch): their path, mailbox and batch part id. */
	api?: 'graph';
	path?: string;
	mailbox?: string;
	batchPartId?: string;
	operation?: string;
	authorizationScheme?: string;
	account?: string;
	ntlm?: { usedMic: boolean; usedChannelBinding: boolean };
	impersonatedMailbox?: string;
	schemaValid?: boolean | 'skipped';
	status?: number;
}

export interface SandboxProcessOptions {
	/** 0 (default) picks free ports. */
	httpPort?: number;
	httpsPort?: number;
	graphHttpPort?: number;
	graphHttpsPort?: number;
	extendedProtection?: boolean;
}

export async function startSandboxProcess(options: SandboxProcessOptions = {}): Promise<SandboxProcess> {
	const cli = path.join(REPO_ROOT, 'sandbox', 'cli.ts');
	const tsNode = path.join(REPO_ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js');
	// --oauth: Bearer tokens from the sandbox's Microsoft identity platform look-alike, as Exchange Online takes them;
	// --graph: Microsoft Graph over the same mailboxes, for credentials whose API is Microsoft Graph.
	const flags = ['--oauth', '--graph', ...(options.extendedProtection === false ? [] : ['--extended-protection'])];
	const service = Service.start('EWS sandbox', process.execPath, [tsNode, '--transpile-only', cli, ...flags], {
		cwd: REPO_ROOT,
		env: {
			...process.env,
			SANDBOX_HTTP_PORT: String(options.httpPort ?? 0),
			SANDBOX_HTTPS_PORT: String(options.httpsPort ?? 0),
			SANDBOX_GRAPH_HTTP_PORT: String(options.graphHttpPort ?? 0),
			SANDBOX_GRAPH_HTTPS_PORT: String(options.graphHttpsPort ?? 0),
		},
	});
	await service.waitUntil(() => service.log.includes('Ctrl-C stops it.'), 60_000);
	const line = (label: string) => {
		const match = new RegExp(`${label}:\\s+(\\S+)`).exec(service.log);
		if (!match) throw new Error(`The sandbox printed no ${label} line:\n${service.log}`);
		return match[1];
	};
	const viewerUrl = line('Mailbox viewer');
	const api = async <T>(name: string): Promise<T> => {
		const response = await fetch(new URL(`api/${name}`, viewerUrl));
		if (!response.ok) throw new Error(`GET ${name} from the sandbox viewer: HTTP ${response.status}`);
		return (await response.json()) as T;
	};
	const control = async <T>(name: string, body: object): Promise<T> => {
		const response = await fetch(new URL(`api/${name}`, viewerUrl), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`POST ${name} to the sandbox: HTTP ${response.status} ${await response.text()}`);
		return (await response.json()) as T;
	};
	return {
		httpUrl: line('HTTP'),
		httpsUrl: line('HTTPS'),
		graphHttpsUrl: line('Graph HTTPS'),
		viewerUrl,
		service,
		mailboxes: () => api<MailboxJson[]>('mailboxes'),
		deliveries: () => api<DeliveryJson[]>('deliveries'),
		requests: () => api<RequestJson[]>('requests'),
		control,
		stop: () => service.stop(),
	};
}
