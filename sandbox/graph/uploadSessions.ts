import { randomBytes } from 'crypto';
import type { SandboxStore } from '../store';
import { graphId } from './ids';
import { GraphError, GraphResult } from './types';

/**
 * Upload sessions for large attachments (attachment: createUploadSession; "Attach large files to Outlook
 * messages or events"). Exchange Online hands out an opaque, pre-authenticated uploadUrl on its own host
 * (outlook.office.com/api/v2.0/...AttachmentSessions('...')?authtoken=...), taking PUTs without a Graph
 * token; the sandbox serves it on the Graph listener under /api/v2.0/. Ranges must come in order: each PUT
 * starts where nextExpectedRanges ("{start}", for Outlook attachments) says, is at most 4 MB, and names the
 * file's whole size; an intermediate range answers 200 with the next start, the last 201 with the
 * attachment's URL in Location, and the attachment is then on the item.
 */

/** The path prefix of upload URLs on the Graph listener. */
export const UPLOAD_PATH_PREFIX = '/api/v2.0/';

/** Bytes one PUT may carry ("up to 4 MB each time"). */
const MAX_RANGE_BYTES = 4 * 1024 * 1024;
/** The largest file an upload session takes (150 MB, per the documentation). */
export const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;
/** Sessions expire; each range uploaded extends it. The length is a guess (the doc's examples show minutes to hours). */
const SESSION_LIFETIME_MS = 15 * 60 * 1000;

interface UploadSession {
	id: string;
	token: string;
	itemId: string;
	mailbox: string;
	name: string;
	contentType?: string;
	isInline: boolean;
	size: number;
	received: Buffer[];
	next: number;
	expires: Date;
}

const sessionsByStore = new WeakMap<SandboxStore, Map<string, UploadSession>>();

function sessionsOf(store: SandboxStore): Map<string, UploadSession> {
	let sessions = sessionsByStore.get(store);
	if (!sessions) {
		sessions = new Map();
		sessionsByStore.set(store, sessions);
	}
	return sessions;
}

function utc(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Opens a session for a file of `size` bytes to become an attachment of item `itemId`; `origin` is the listener's. */
export function openUploadSession(
	store: SandboxStore,
	origin: string,
	file: { itemId: string; mailbox: string; name: string; contentType?: string; isInline: boolean; size: number },
): GraphResult {
	const session: UploadSession = {
		...file,
		id: randomBytes(12).toString('hex'),
		token: randomBytes(24).toString('base64url'),
		received: [],
		next: 0,
		expires: new Date(Date.now() + SESSION_LIFETIME_MS),
	};
	sessionsOf(store).set(session.id, session);
	const uploadUrl = `${origin}${UPLOAD_PATH_PREFIX}Users('${encodeURIComponent(file.mailbox)}')/Messages('${graphId(file.itemId)}')/AttachmentSessions('${session.id}')?authtoken=${session.token}`;
	return {
		status: 201,
		body: {
			'@odata.context': `${origin}/v1.0/$metadata#microsoft.graph.uploadSession`,
			uploadUrl,
			expirationDateTime: utc(session.expires),
			nextExpectedRanges: ['0-'],
		},
	};
}

const SESSION_URL = /AttachmentSessions\('([0-9a-f]+)'\)$/;
const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/**
 * One PUT to an upload URL: `pathAndQuery` as requested, the body's bytes. The authtoken in the URL is the
 * only credential; a missing or wrong one is 401, an unknown or expired session 404.
 */
export function uploadRange(store: SandboxStore, origin: string, method: string, pathAndQuery: string, headers: Record<string, string | undefined>, bytes: Buffer): GraphResult {
	const url = new URL(pathAndQuery, origin);
	const match = SESSION_URL.exec(decodeURIComponent(url.pathname));
	const sessions = sessionsOf(store);
	const session = match ? sessions.get(match[1]) : undefined;
	if (!session || session.expires.getTime() < Date.now()) {
		if (session) sessions.delete(session.id);
		throw new GraphError(404, 'ErrorItemNotFound', 'The upload session was not found or has expired.');
	}
	if (url.searchParams.get('authtoken') !== session.token) throw new GraphError(401, 'InvalidAuthenticationToken', 'The upload URL\'s token is not valid.');
	if (method !== 'PUT') throw new GraphError(405, 'BadRequest', 'Specified HTTP method is not allowed for the request target.');
	const range = CONTENT_RANGE.exec(headers['content-range']?.trim() ?? '');
	if (!range) throw new GraphError(400, 'InvalidContentRange', 'The Content-Range header is missing or malformed; expected bytes {start}-{end}/{size}.');
	const [start, end, total] = range.slice(1).map(Number);
	if (total !== session.size) throw new GraphError(400, 'InvalidContentRange', `The Content-Range size ${total} differs from the upload session's file size ${session.size}.`);
	if (end < start || end >= total || bytes.length !== end - start + 1) {
		throw new GraphError(400, 'InvalidContentRange', `The body has ${bytes.length} bytes, but Content-Range names ${end - start + 1}.`);
	}
	if (bytes.length > MAX_RANGE_BYTES) throw new GraphError(413, 'RequestEntityTooLarge', 'A range may carry at most 4 MB.');
	if (start !== session.next) {
		throw new GraphError(416, 'RequestedRangeNotSatisfiable', `The range starts at ${start}, but the upload session expects ${session.next}.`);
	}
	session.received.push(Buffer.from(bytes));
	session.next = end + 1;
	session.expires = new Date(Date.now() + SESSION_LIFETIME_MS);
	if (session.next < session.size) {
		return { status: 200, body: { expirationDateTime: utc(session.expires), nextExpectedRanges: [String(session.next)] } };
	}
	sessions.delete(session.id);
	const attachment = store.addAttachment(session.itemId, {
		name: session.name,
		contentType: session.contentType,
		isInline: session.isInline,
		content: Buffer.concat(session.received),
	});
	const location = `${origin}/v1.0/Users('${encodeURIComponent(session.mailbox)}')/Messages('${graphId(session.itemId)}')/Attachments('${graphId(attachment.id)}')`;
	return { status: 201, headers: { Location: location } };
}
