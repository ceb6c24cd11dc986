import { createHash } from 'crypto';
import * as http from 'http';
import { AccountDirectory } from './accounts';
import { AccountConcurrency } from './concurrencyLimit';
import { RequestLogEntry, SandboxStats } from './requestLog';
import { Address, SandboxStore, StoredAttachment, StoredItem } from './store';

/**
 * The mailbox viewer: a page a person opens to see what workflows did (sent mail, inboxes, calendars per
 * mailbox), and a read-only JSON API that tools in other processes (the end-to-end tests) read the store through.
 *
 *   GET /sandbox/                 the page
 *   GET /sandbox/api/mailboxes    every mailbox with its folders and items
 *   GET /sandbox/api/deliveries   the delivery log (one entry per message and recipient)
 *   GET /sandbox/api/requests     the request log without bodies or headers (auth facts, operation, status)
 *   GET /sandbox/api/stats        counters: connections, NTLM handshakes, requests, peak concurrent requests
 *
 * Served to loopback clients only and without authentication: it shows every mailbox, as a lab tool should.
 */

export const VIEWER_PATH = '/sandbox/';

export interface ViewerSource {
	directory: AccountDirectory;
	store: SandboxStore;
	requests: RequestLogEntry[];
	stats: SandboxStats;
	concurrency: AccountConcurrency;
}

/** Answers requests under /sandbox/; returns false for every other path so EWS handling goes on. */
export function serveViewer(req: http.IncomingMessage, res: http.ServerResponse, source: ViewerSource): boolean {
	const path = (req.url ?? '').split('?')[0];
	if (!path.startsWith('/sandbox')) return false;
	if (!isLoopback(req.socket.remoteAddress)) return reply(res, 403, 'text/plain', 'The viewer answers loopback clients only.');
	if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'The viewer is read-only: GET only.');
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

/** Attachment bytes as size and digest: enough to prove what arrived without shipping the content. */
function attachmentJson(attachment: StoredAttachment) {
	const { content, ...rest } = attachment;
	return { ...rest, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

function itemJson(item: StoredItem) {
	return 'attachments' in item ? { ...item, attachments: item.attachments.map(attachmentJson) } : item;
}

function mailboxAddresses(source: ViewerSource): string[] {
	return source.directory.directory.mailboxes.map((m) => m.smtpAddress);
}

function mailboxesJson(source: ViewerSource) {
	return mailboxAddresses(source).map((address) => {
		const mailbox = source.store.mailbox(address);
		return {
			address: mailbox.address,
			displayName: mailbox.info.displayName,
			kind: mailbox.info.kind,
			folders: Object.fromEntries(mailbox.allFolders().map((folder) => [folder.name, folder.items.map(itemJson)])),
		};
	});
}

/**
 * `requests` counts every HTTP request to EWS (NTLM handshake legs included), `connections` every accepted one
 * (the viewer's own included), `ewsConnections` those that carried EWS requests; the peak counts authenticated
 * requests in progress at once.
 */
function statsJson({ stats, concurrency, requests }: ViewerSource) {
	return {
		...stats,
		ewsConnections: new Set(requests.map((entry) => entry.connectionId)).size,
		peakConcurrentRequests: concurrency.peak,
		concurrencyLimit: concurrency.limit ?? null,
		refusedOverConcurrencyLimit: concurrency.refused,
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
	const body = item.body ? `<div class="body">${escapeHtml(item.body.text.slice(0, 300))}</div>` : '';
	switch (item.kind) {
		case 'message': {
			const attachments = item.attachments.length
				? `<div>Attachments: ${escapeHtml(item.attachments.map((a) => `${a.name} (${a.content.length} bytes)`).join(', '))}</div>`
				: '';
			const cc = item.ccRecipients.length ? `<div>Cc: ${addresses(item.ccRecipients)}</div>` : '';
			return `<li><b>${subject}</b><div>From ${addresses([item.sender])} to ${addresses(item.toRecipients)}</div>${cc}${attachments}${body}</li>`;
		}
		case 'calendarItem': {
			const attendees = [...item.requiredAttendees, ...item.optionalAttendees, ...item.resources];
			return `<li><b>${subject}</b><div>${escapeHtml(item.start?.raw ?? '')} to ${escapeHtml(item.end?.raw ?? '')} ${escapeHtml(item.startTimeZone ?? '')}</div><div>Location: ${escapeHtml(item.location ?? '')}</div><div>Attendees: ${addresses(attendees)}</div>${body}</li>`;
		}
		case 'meetingRequest':
			return `<li><b>Invitation: ${subject}</b><div>From ${addresses([item.organizer])}, ${escapeHtml(item.start?.raw ?? '')}</div></li>`;
	}
}

const SHOWN_FOLDERS = [
	['inbox', 'Inbox'],
	['sentitems', 'Sent Items'],
	['calendar', 'Calendar'],
] as const;

function viewerPage(source: ViewerSource): string {
	const { store } = source;
	const sections = mailboxAddresses(source).map((address) => {
		const mailbox = store.mailbox(address);
		const folders = SHOWN_FOLDERS.map(([name, title]) => {
			const items = mailbox.folder(name).items;
			const list = items.length ? `<ul>${items.map(itemRow).join('')}</ul>` : '<p class="empty">empty</p>';
			return `<div class="folder"><h3>${title} (${items.length})</h3>${list}</div>`;
		});
		return `<section><h2>${escapeHtml(mailbox.info.displayName)} &lt;${escapeHtml(address)}&gt;</h2><div class="folders">${folders.join('')}</div></section>`;
	});
	const external = store.externalOutbox.length
		? `<section><h2>Sent outside the organisation (${store.externalOutbox.length})</h2><ul>${store.externalOutbox.map(itemRow).join('')}</ul></section>`
		: '';
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>EWS sandbox mailboxes</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
section { border: 1px solid #ccc; border-radius: 6px; padding: 0 1em 1em; margin-bottom: 1em; }
.folders { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1em; }
ul { padding-left: 1.2em; } li { margin-bottom: .6em; }
.body { color: #555; white-space: pre-wrap; } .empty { color: #999; }
</style></head>
<body><h1>EWS sandbox mailboxes</h1>
<p>What the sandbox stored since it started. <a href="${VIEWER_PATH}">Refresh</a> · JSON: <a href="${VIEWER_PATH}api/mailboxes">mailboxes</a>, <a href="${VIEWER_PATH}api/deliveries">deliveries</a>, <a href="${VIEWER_PATH}api/requests">requests</a></p>
${sections.join('\n')}
${external}
</body></html>`;
}
