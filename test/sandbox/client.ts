import { execFile } from 'child_process';
import * as http from 'http';
import * as https from 'https';
import { NS_MESSAGES, NS_SOAP, NS_TYPES, XmlChild, XmlElement, el, serializeDocument } from '../../nodes/Exchange/transport/xml';
import { XmlObject, childObject, parseXml } from '../helpers/xmlObjects';

/** Test clients for the sandbox: curl for NTLM (a client we did not write), Node's http for the rest. */

export const SVC = { user: 'CONTOSO\\svc-n8n', password: 'S3rvice!Pass' };
export const ALICE = { user: 'CONTOSO\\alice', password: 'Al1ce!Pass' };

export interface HttpAnswer {
	status: number;
	headers: http.IncomingHttpHeaders;
	/** Every value of a repeated header separately (Node joins them in `headers`). */
	rawHeaders: string[];
	body: string;
}

export function headerValues(answer: HttpAnswer, name: string): string[] {
	const values: string[] = [];
	for (let i = 0; i < answer.rawHeaders.length; i += 2) {
		if (answer.rawHeaders[i].toLowerCase() === name.toLowerCase()) values.push(answer.rawHeaders[i + 1]);
	}
	return values;
}

export interface CurlAnswer {
	status: number;
	body: string;
	/** curl's exit code: 0 unless the transfer itself failed. */
	exitCode: number;
	stderr: string;
}

/** POSTs each body in turn to the same URL in one curl run, so curl may reuse its connection. */
export function curl(args: string[], url: string, bodies: string[]): Promise<CurlAnswer[]> {
	const perRequest = bodies.flatMap((body, i) => [
		...(i > 0 ? ['--next', ...args] : args),
		'-sS',
		'-H',
		'Content-Type: text/xml; charset=utf-8',
		'--data-binary',
		body,
		'-w',
		'\n@@STATUS@@%{http_code}\n',
		url,
	]);
	return new Promise((resolve) => {
		execFile('curl', perRequest, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			const parts = stdout.split(/\n@@STATUS@@(\d{3})\n/);
			const answers: CurlAnswer[] = [];
			for (let i = 0; i + 1 < parts.length; i += 2) {
				answers.push({ status: Number(parts[i + 1]), body: parts[i], exitCode: error ? Number(error.code) : 0, stderr });
			}
			if (answers.length === 0) answers.push({ status: 0, body: stdout, exitCode: error ? Number(error.code) : 0, stderr });
			resolve(answers);
		});
	});
}

export function curlNtlm(credentials: { user: string; password: string }, url: string, bodies: string[], extra: string[] = []) {
	return curl(['--ntlm', '-u', `${credentials.user}:${credentials.password}`, ...extra], url, bodies);
}

/** One POST on a fresh connection (no keep-alive agent, so nothing stays open after the test). */
export function post(url: string, body: string, headers: Record<string, string> = {}, ca?: string): Promise<HttpAnswer> {
	const transport = url.startsWith('https:') ? https : http;
	return new Promise((resolve, reject) => {
		const request = transport.request(
			url,
			{
				method: 'POST',
				agent: false,
				ca,
				headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers },
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (c: Buffer) => chunks.push(c));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						rawHeaders: response.rawHeaders,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

export function basicAuth(user: string, password: string): Record<string, string> {
	return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export interface HeaderOptions {
	/** null leaves RequestServerVersion out. */
	version?: string | null;
	impersonate?: { by: 'PrimarySmtpAddress' | 'SmtpAddress' | 'PrincipalName'; value: string };
}

export function envelope(body: XmlElement, { version = 'Exchange2016', impersonate }: HeaderOptions = {}): string {
	const header: XmlChild[] = [
		version !== null && el('t:RequestServerVersion', { Version: version }),
		impersonate &&
			el('t:ExchangeImpersonation', undefined, el('t:ConnectingSID', undefined, el(`t:${impersonate.by}`, undefined, impersonate.value))),
	];
	return serializeDocument(
		el(
			's:Envelope',
			{ 'xmlns:s': NS_SOAP, 'xmlns:m': NS_MESSAGES, 'xmlns:t': NS_TYPES },
			el('s:Header', undefined, header),
			el('s:Body', undefined, body),
		),
	);
}

export function mailbox(address: string, name?: string): XmlElement {
	return el('t:Mailbox', undefined, name !== undefined && el('t:Name', undefined, name), el('t:EmailAddress', undefined, address));
}

/** The response messages of an answer, or the fault's detail. */
export function responseMessages(xml: string): XmlObject[] {
	const body = childObject(childObject(parseXml(xml), 'Envelope'), 'Body') ?? {};
	const response = Object.values(body).find((v) => typeof v === 'object') as XmlObject;
	const messages = childObject(response, 'ResponseMessages') ?? {};
	return Object.values(messages).flatMap((v) => (Array.isArray(v) ? v : [v])) as XmlObject[];
}

export function faultOf(xml: string): { faultcode: string; responseCode: string; message: string; detail: XmlObject } {
	const fault = childObject(childObject(childObject(parseXml(xml), 'Envelope'), 'Body'), 'Fault') ?? {};
	const detail = childObject(fault, 'detail') ?? {};
	const text = (v: unknown) => (typeof v === 'string' ? v : String((v as XmlObject)?.['#text'] ?? ''));
	return { faultcode: text(fault.faultcode), responseCode: text(detail.ResponseCode), message: text(detail.Message), detail };
}

export function getFolderBody(folder: string, mailboxAddress?: string): XmlElement {
	return el(
		'm:GetFolder',
		undefined,
		el('m:FolderShape', undefined, el('t:BaseShape', undefined, 'Default')),
		el(
			'm:FolderIds',
			undefined,
			el('t:DistinguishedFolderId', { Id: folder }, mailboxAddress !== undefined && el('t:Mailbox', undefined, el('t:EmailAddress', undefined, mailboxAddress))),
		),
	);
}
