import * as http from 'http';
import { AccountDirectory } from './accounts';
import { AccountConcurrency } from './concurrencyLimit';
import { RequestLogEntry, SandboxStats } from './requestLog';
import { Address, Folder, Mailbox, SandboxStore, StoredItem } from './store';
import { mailboxJson } from './storeJson';
import type { GraphControlTarget } from './graph/graphControls';
import type { MailboxConcurrency } from './graph/mailboxConcurrency';
import { runTestControl } from './testControls';

/**
 * The mailbox viewer: a page a person opens to see what workflows did (each mailbox's folder tree and the
 * items in each folder), a JSON API that tools in other processes (the end-to-end tests) read the store
 * through, and the test controls (testControls.ts) that change it.
 *
 *   GET /sandbox/                 the page
 *   GET /sandbox/api/mailboxes    every mailbox with its folders (tree, counts) and items
 *   GET /sandbox/api/deliveries   the delivery log (one entry per message and recipient)
 *   GET /sandbox/api/requests     the request log without bodies or headers (auth facts, operation, status)
 *   GET /sandbox/api/stats        counters: connections, NTLM handshakes, requests, peak concurrent requests
 *   POST /sandbox/api/<control>   a test control with a JSON body (sandbox/README.md lists them)
 *
 * Served to loopback clients only and without authentication: it shows every mailbox, as a lab tool should.
 */

export const VIEWER_PATH = '/sandbox/';
const API_PATH = `${VIEWER_PATH}api/`;
/** Attachments of incoming test mail are base64 in the JSON body. */
const MAX_CONTROL_BODY = 64 * 1024 * 1024;

export interface ViewerSource {
	directory: AccountDirectory;
	store: SandboxStore;
	requests: RequestLogEntry[];
	stats: SandboxStats;
	concurrency: AccountConcurrency;
	/** The Graph endpoint's fault queue and access policies, for the graph/... controls. */
	graphControls?: GraphControlTarget;
	/** Graph requests in progress per app and mailbox, for the stats. */
	graphConcurrency?: MailboxConcurrency;
}

/** Answers requests under /sandbox/; returns false for every other path so EWS handling goes on. */
export function serveViewer(req: http.IncomingMessage, res: http.ServerResponse, source: ViewerSource): boolean {
	const path = (req.url ?? '').split('?')[0];
	if (!path.startsWith('/sandbox')) return false;
	if (!isLoopback(req.socket.remoteAddress)) return reply(res, 403, 'text/plain', 'The viewer answers loopback clients only.');
	if (req.method === 'POST' && path.startsWith(API_PATH)) return serveControl(req, res, source, path.slice(API_PATH.length));
	if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'GET for the viewer, POST for the test controls.');
	switch (path) {
		case '/sandbox':
		case VIEWER_PATH:
			return reply(res, 200, 'text/html; charset=utf-8', viewerPage(source));
		case '/sandbox/api/mailboxes':
			return json(res, mailboxesJson(source));
		case '/sandbox/api/deliveries':
			return json(res, source.store.deliveries);
		case '/sandbox/api/requests':
			return json(res, source.requests.map(requestSummary));
		case '/sandbox/api/stats':
			return json(res, statsJson(source));
		default:
			return reply(res, 404, 'text/plain', 'Not found.');
	}
}

function serveControl(req: http.IncomingMessage, res: http.ServerResponse, source: ViewerSource, name: string): true {
	const chunks: Buffer[] = [];
	let size = 0;
	req.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size <= MAX_CONTROL_BODY) chunks.push(chunk);
	});
	req.on('end', () => {
		if (size > MAX_CONTROL_BODY) {
			reply(res, 413, 'text/plain', 'The body is larger than the test controls take.');
			return;
		}
		try {
			const answer = runTestControl(source.store, name, Buffer.concat(chunks).toString('utf8'), source.graphControls);
			if (answer) reply(res, answer.status, 'application/json; charset=utf-8', JSON.stringify(answer.body, null, '\t'));
			else reply(res, 404, 'text/plain', 'No such test control.');
		} catch (error) {
			reply(res, 500, 'text/plain', `The test control failed: ${(error as Error).message}`);
		}
	});
	return true;
}

function isLoopback(address: string | undefined): boolean {
	return address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true;
}

function reply(res: http.ServerResponse, status: number, type: string, body: string): true {
	res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
	res.end(body);
	return true;
}

function json(res: http.ServerResponse, value: unknown): true {
	return reply(res, 200, 'application/json; charset=utf-8', JSON.stringify(value, null, '\t'));
}

function mailboxAddresses(source: ViewerSource): string[] {
	return source.directory.directory.mailboxes.map((m) => m.smtpAddress);
}

function mailboxesJson(source: ViewerSource) {
	return mailboxAddresses(source).map((address) => mailboxJson(source.store, address));
}

/**
 * `requests` counts every HTTP request to EWS (NTLM handshake legs included), `connections` every accepted one
 * (the viewer's own included), `ewsConnections` those that carried EWS requests; the peak counts authenticated
 * requests in progress at once.
 */
function statsJson({ stats, concurrency, requests, graphConcurrency }: ViewerSource) {
	return {
		...stats,
		ewsConnections: new Set(requests.filter((entry) => entry.api !== 'graph').map((entry) => entry.connectionId)).size,
		peakConcurrentRequests: concurrency.peak,
		concurrencyLimit: concurrency.limit ?? null,
		refusedOverConcurrencyLimit: concurrency.refused,
		...(graphConcurrency
			? { graphPeakPerMailbox: Object.fromEntries(graphConcurrency.peak), graphRefusedOverMailboxConcurrency: graphConcurrency.refused }
			: {}),
	};
}

function requestSummary(entry: RequestLogEntry) {
	const schemaValid = entry.schema === undefined || entry.schema === 'skipped' ? entry.schema : entry.schema.valid;
	return {
		connectionId: entry.connectionId,
		protocol: entry.protocol,
		method: entry.method,
		operation: entry.operation,
		authorizationScheme: entry.authorizationScheme,
		account: entry.account,
		authReason: entry.authReason,
		ntlm: entry.ntlm,
		impersonatedMailbox: entry.impersonatedMailbox,
		requestedVersion: entry.requestedVersion,
		schemaValid,
		status: entry.status,
		faultCode: entry.faultCode,
		...(entry.api === 'graph' ? { api: entry.api, path: entry.path, mailbox: entry.mailbox, batchPartId: entry.batchPartId } : {}),
	};
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function addresses(list: Address[]): string {
	return escapeHtml(list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', '));
}

function itemRow(item: StoredItem): string {
	const subject = escapeHtml(item.subject ?? '(no subject)');
	const tags = [
		...(item.isRead ? [] : ['unread']),
		...(item.flag.status === 'NotFlagged' ? [] : [item.flag.status]),
		...item.categories,
	];
	const state = tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join('');
	const body = item.body ? `<div class="body">${escapeHtml(item.body.text.slice(0, 300))}</div>` : '';
	const attachments = item.attachments.length
		? `<div>Attachments: ${escapeHtml(item.attachments.map((a) => `${a.name} (${a.content.length} bytes)`).join(', '))}</div>`
		: '';
	return `<li><b>${subject}</b> ${state}<div class="meta">${escapeHtml(item.itemClass)} · ${escapeHtml(item.dateTimeReceived.toISOString())}</div>${itemDetails(item)}${attachments}${body}</li>`;
}

function itemDetails(item: StoredItem): string {
	switch (item.kind) {
		case 'message': {
			const cc = item.ccRecipients.length ? `<div>Cc: ${addresses(item.ccRecipients)}</div>` : '';
			return `<div>From ${addresses([item.from ?? item.sender])} to ${addresses(item.toRecipients)}</div>${cc}`;
		}
		case 'calendarItem': {
			const attendees = [...item.requiredAttendees, ...item.optionalAttendees, ...item.resources];
			return `<div>${escapeHtml(item.start?.raw ?? '')} to ${escapeHtml(item.end?.raw ?? '')} ${escapeHtml(item.startTimeZone ?? '')} (${item.myResponseType})</div><div>Location: ${escapeHtml(item.location ?? '')}</div><div>Attendees: ${addresses(attendees)}</div>`;
		}
		default:
			return `<div>From ${addresses([item.organizer])}, ${escapeHtml(item.start?.raw ?? '')}</div>`;
	}
}

/** A folder with its counts and items, then its subfolders; folders with nothing in or below them stay folded. */
function folderNode(folder: Folder): string {
	const counts = `${folder.totalCount} items${folder.unreadCount ? `, ${folder.unreadCount} unread` : ''}`;
	const items = folder.items.length ? `<ul>${folder.items.map(itemRow).join('')}</ul>` : '';
	const children = folder.children.length ? `<ul class="tree">${folder.children.map(folderNode).join('')}</ul>` : '';
	const open = folder.subtree().some((f) => f.items.length > 0) ? ' open' : '';
	const label = `${escapeHtml(folder.displayName)} <span class="meta">${folder.distinguishedId ?? 'user folder'} · ${counts}</span>`;
	return `<li><details${open}><summary>${label}</summary>${items}${children}</details></li>`;
}

function mailboxSection(mailbox: Mailbox): string {
	const tree = `<ul class="tree">${mailbox.root.children.map(folderNode).join('')}</ul>`;
	return `<section><h2>${escapeHtml(mailbox.info.displayName)} &lt;${escapeHtml(mailbox.address)}&gt;</h2>${tree}</section>`;
}

function viewerPage(source: ViewerSource): string {
	const { store } = source;
	const sections = mailboxAddresses(source).map((address) => mailboxSection(store.mailbox(address)));
	const external = store.externalOutbox.length
		? `<section><h2>Sent outside the organisation (${store.externalOutbox.length})</h2><ul>${store.externalOutbox.map(itemRow).join('')}</ul></section>`
		: '';
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>EWS sandbox mailboxes</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
section { border: 1px solid #ccc; border-radius: 6px; padding: 0 1em 1em; margin-bottom: 1em; }
.tree { list-style: none; padding-left: 1em; } summary { cursor: pointer; }
.meta { color: #888; font-size: 12px; } .tag { background: #eef; border-radius: 3px; padding: 0 4px; margin-left: 4px; font-size: 12px; }
ul { padding-left: 1.2em; } li { margin-bottom: .6em; }
.body { color: #555; white-space: pre-wrap; }
</style></head>
<body><h1>EWS sandbox mailboxes</h1>
<p>What the sandbox stored since it started. <a href="${VIEWER_PATH}">Refresh</a> · JSON: <a href="${VIEWER_PATH}api/mailboxes">mailboxes</a>, <a href="${VIEWER_PATH}api/deliveries">deliveries</a>, <a href="${VIEWER_PATH}api/requests">requests</a></p>
${sections.join('\n')}
${external}
</body></html>`;
}
