import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { DateTime } from 'luxon';
import { tmpdir } from 'os';
import * as path from 'path';
import { CURRENT_N8N } from '../../scripts/e2e/runtime';
import { ItemJson, MailboxJson } from '../../scripts/e2e/sandboxProcess';
import { EXAMPLES_DIR, INVOICE_EXAMPLE, loadWorkflows, withAssignment } from '../../scripts/e2e/workflowFiles';
import { outputOf, useLab } from './helpers/labSuite';

/**
 * The full suite on the n8n line users move to (2.40.7 on Node 24): the package as a community install, every
 * example that runs against the sandbox, Basic authentication and continue-on-fail, each checked twice: in
 * n8n's run data and in what the sandbox (another process) stored.
 */

// n8n 2.x writes files only below one folder: the invoice example saves into a fresh one instead of ~/.n8n-files.
const filesFolder = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-files-'));
const invoiceFolder = filesFolder;
const workflows = [...loadWorkflows(EXAMPLES_DIR), ...loadWorkflows(path.join(__dirname, 'workflows'))].map((workflow) =>
	workflow.id === INVOICE_EXAMPLE.id ? withAssignment(workflow, INVOICE_EXAMPLE.settingsNode, INVOICE_EXAMPLE.saveFolderField, invoiceFolder) : workflow,
);
const suite = useLab(CURRENT_N8N, workflows, { fileAccessFolder: filesFolder });
afterAll(() => rmSync(filesFolder, { recursive: true, force: true }));

function folder(mailboxes: MailboxJson[], address: string, name: keyof MailboxJson['folders']) {
	const mailbox = mailboxes.find((m) => m.address === address);
	if (!mailbox) throw new Error(`The sandbox has no mailbox ${address}`);
	return mailbox.folders[name];
}

describe(`n8n ${CURRENT_N8N.version} with the package installed as a community package`, () => {
	test('installs like Settings → Community nodes: no peer n8n-workflow beside the package, runtime dependencies present', () => {
		const { directory } = suite.lab.installed;
		expect(existsSync(path.join(directory, 'dist', 'nodes', 'Exchange', 'Exchange.node.js'))).toBe(true);
		expect(existsSync(path.join(directory, 'node_modules', 'fast-xml-parser'))).toBe(true);
		expect(existsSync(path.join(directory, 'node_modules', 'n8n-workflow'))).toBe(false);
	});

	test('example: sends an email with an attachment as alice, through NTLM with impersonation over HTTPS with Extended Protection', async () => {
		const result = await suite.execute('ExchExampleMail1');
		const [sent] = outputOf(result, 'Send invoice');
		expect(sent).toMatchObject({
			mailbox: 'alice@contoso.com',
			subject: 'Invoice INV-1001',
			savedToSentItems: true,
		});
		expect(JSON.stringify(sent.to)).toContain('bob@contoso.com');

		const mailboxes = await suite.lab.sandbox.mailboxes();
		const [copy] = folder(mailboxes, 'alice@contoso.com', 'sentitems').filter((i) => i.subject === 'Invoice INV-1001');
		expect(copy).toMatchObject({ kind: 'message', createdBy: 'CONTOSO\\svc-n8n', sender: { address: 'alice@contoso.com' } });
		expect(copy.body?.text).toContain('Dear Bob Berg');
		expect(copy.attachments).toHaveLength(1);
		expect(copy.attachments?.[0]).toMatchObject({ name: 'invoice.csv' });
		// The exact bytes n8n's Convert to File node made.
		const csvFile = outputOf(result, 'Invoice as CSV file')[0];
		expect(csvFile).toEqual({});
		const binary = result.data.resultData.runData['Invoice as CSV file'][0].data?.main[0]?.[0].binary?.data;
		expect(copy.attachments?.[0].size).toBe(binary?.bytes);
		const delivered = folder(mailboxes, 'bob@contoso.com', 'inbox').filter((i) => i.subject === 'Invoice INV-1001');
		expect(delivered).toHaveLength(1);
		expect(delivered[0].attachments?.[0].sha256).toBe(copy.attachments?.[0].sha256);
		const deliveries = (await suite.lab.sandbox.deliveries()).filter((d) => d.messageId === copy.internetMessageId);
		expect(deliveries.map((d) => d.recipient)).toEqual(['bob@contoso.com']);

		const requests = await suite.lab.sandbox.requests();
		const createItem = requests.filter((r) => r.operation === 'CreateItem' && r.impersonatedMailbox === 'alice@contoso.com');
		expect(createItem.length).toBeGreaterThan(0);
		for (const request of createItem) {
			expect(request).toMatchObject({ protocol: 'https', account: 'CONTOSO\\svc-n8n', status: 200 });
			expect(request.schemaValid).not.toBe(false);
		}
		// The sandbox refuses NTLM without channel binding while Extended Protection is on: every handshake had it.
		const handshakes = requests.filter((r) => r.ntlm);
		expect(handshakes.length).toBeGreaterThan(0);
		for (const request of handshakes) expect(request.ntlm).toEqual({ usedMic: true, usedChannelBinding: true });
	});

	test('example: creates a meeting in alice\'s calendar with attendees and a room, and invites them', async () => {
		const result = await suite.execute('ExchExampleMeet1');
		const [created] = outputOf(result, 'Create kick-off meeting');
		expect(created).toMatchObject({ mailbox: 'alice@contoso.com', subject: 'Project kick-off', location: 'Conference Room 101' });
		expect(created.id).toEqual(expect.any(String));

		const mailboxes = await suite.lab.sandbox.mailboxes();
		const [meeting] = folder(mailboxes, 'alice@contoso.com', 'calendar').filter((i) => i.subject === 'Project kick-off');
		expect(meeting.requiredAttendees?.map((a) => a.address)).toEqual(['bob@contoso.com']);
		expect(meeting.optionalAttendees?.map((a) => a.address)).toEqual(['carol@contoso.com']);
		expect(meeting.resources?.map((a) => a.address)).toEqual(['room-101@contoso.com']);
		expect(meeting.startTimeZone).toBe('W. Europe Standard Time');
		// Tomorrow 10:00 Berlin time, as the example's expression asks: one hour long.
		expect(meeting.start?.raw).toMatch(/T10:00:00\+0[12]:00$/);
		expect(Date.parse(meeting.end?.instant ?? '') - Date.parse(meeting.start?.instant ?? '')).toBe(3_600_000);
		for (const invitee of ['bob@contoso.com', 'carol@contoso.com', 'room-101@contoso.com']) {
			const invitations = folder(mailboxes, invitee, 'inbox').filter((i) => i.kind === 'meetingRequest' && i.subject === 'Project kick-off');
			expect(invitations).toHaveLength(1);
		}
	});

	test('example: sends one personalised email per row of a list, from the service account\'s own mailbox', async () => {
		const result = await suite.execute('ExchExampleList1');
		const output = outputOf(result, 'Send personal invitation');
		expect(output.map((item) => item.subject)).toEqual([
			'Your training session, Alice',
			'Your training session, Bob',
			'Your training session, Carol',
		]);

		const mailboxes = await suite.lab.sandbox.mailboxes();
		for (const [name, address, session] of [
			['Alice', 'alice@contoso.com', 'Monday 09:00'],
			['Bob', 'bob@contoso.com', 'Tuesday 14:00'],
			['Carol', 'carol@contoso.com', 'Wednesday 11:00'],
		]) {
			const received = folder(mailboxes, address, 'inbox').filter((i) => i.subject === `Your training session, ${name}`);
			expect(received).toHaveLength(1);
			expect(received[0].sender?.address).toBe('svc-n8n@contoso.com');
			expect(received[0].body).toMatchObject({ type: 'HTML' });
			expect(received[0].body?.text).toContain(`<b>${session}</b>`);
		}
	});

	test('example: the Exchange Online sign-in check signs in with OAuth2 app-only and sends as the named mailbox', async () => {
		const result = await suite.execute('ExchExampleOnline');
		const [sent] = outputOf(result, 'Send test message');
		expect(sent).toMatchObject({ mailbox: 'alice@contoso.com', savedToSentItems: true });
		expect(sent.subject).toMatch(/^n8n Exchange sign-in check \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

		const mailboxes = await suite.lab.sandbox.mailboxes();
		const received = folder(mailboxes, 'alice@contoso.com', 'inbox').filter((i) => i.subject === sent.subject);
		expect(received).toHaveLength(1);
		expect(received[0].sender?.address).toBe('alice@contoso.com');
		const bearer = (await suite.lab.sandbox.requests()).filter((r) => r.authorizationScheme === 'Bearer' && r.operation === 'CreateItem');
		expect(bearer).toHaveLength(1);
		// App-only: the token names the app, which acts as the mailbox through impersonation.
		expect(bearer[0]).toMatchObject({ protocol: 'https', impersonatedMailbox: 'alice@contoso.com', status: 200 });
		expect(received[0].createdBy).toBe(bearer[0].account);
	});

	test('example: Exchange Online over Microsoft Graph sends and books with the same parameters, through n8n\'s OAuth2 helper', async () => {
		const result = await suite.execute('ExchExampleGraph');
		const [sent] = outputOf(result, 'Send over Graph');
		const [booked] = outputOf(result, 'Book over Graph');
		expect(sent).toMatchObject({ mailbox: 'alice@contoso.com' });
		expect(booked).toMatchObject({ mailbox: 'alice@contoso.com', subject: 'Welcome coffee with Bob', location: 'Kitchen, 3rd floor' });

		const mailboxes = await suite.lab.sandbox.mailboxes();
		const received = folder(mailboxes, 'bob@contoso.com', 'inbox').filter((i) => i.subject === sent.subject);
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ kind: 'message', sender: { address: 'alice@contoso.com' } });
		expect(received[0].body?.text).toContain('<b>Microsoft Graph</b>');
		const [meeting] = folder(mailboxes, 'alice@contoso.com', 'calendar').filter((i) => i.subject === 'Welcome coffee with Bob');
		expect(meeting.requiredAttendees?.map((a) => a.address)).toEqual(['bob@contoso.com']);
		expect(meeting.start?.raw).toMatch(/T09:30:00/);
		expect(folder(mailboxes, 'bob@contoso.com', 'inbox').filter((i) => i.kind === 'meetingRequest' && i.subject === 'Welcome coffee with Bob')).toHaveLength(1);

		// Graph alone carried it: Bearer requests to the Graph endpoint for alice, none to EWS.
		const requests = await suite.lab.sandbox.requests();
		const graph = requests.filter((r) => r.api === 'graph' && r.mailbox === 'alice@contoso.com' && r.method === 'POST');
		expect(graph.map((r) => r.path?.replace(/^\/v1\.0\/users\/[^/]+/, ''))).toEqual(expect.arrayContaining(['/sendMail', '/events']));
		expect(graph.every((r) => r.authorizationScheme === 'Bearer' && (r.status ?? 0) < 300)).toBe(true);
	});

	test('example: files the unread invoices of a shared mailbox: PDFs saved byte for byte, messages marked read and moved', async () => {
		const { sandbox } = suite.lab;
		const pdf = (n: number) => Buffer.from(`%PDF-1.4\n% invoice ${n}\n${'x'.repeat(3000 + n)}\n%%EOF\n`);
		const incoming = (subject: string, extra: object) =>
			sandbox.control('incoming', { from: 'Supplier <billing@fabrikam.example>', to: ['invoices@contoso.com'], subject, ...extra });
		await sandbox.control('folders/create', { mailbox: 'invoices@contoso.com', parent: 'inbox', displayName: 'Processed' });
		for (const n of [1, 2]) {
			await incoming(`Invoice ${n}`, { attachments: [{ name: `invoice-${n}.pdf`, contentType: 'application/pdf', content: pdf(n).toString('base64') }] });
		}
		await incoming('Invoice 3, already handled', {
			isRead: true,
			attachments: [{ name: 'invoice-3.pdf', contentType: 'application/pdf', content: pdf(3).toString('base64') }],
		});
		await incoming('Question about invoice 1', { body: 'No attachment here.' });

		const result = await suite.execute('ExchExampleInvoices1');
		expect(outputOf(result, 'Get unread invoices').map((m) => m.subject).sort()).toEqual(['Invoice 1', 'Invoice 2']);
		expect(outputOf(result, 'Move to Processed')).toHaveLength(2);

		const saved = readdirSync(invoiceFolder).sort();
		expect(saved).toHaveLength(2);
		for (const [index, name] of saved.entries()) {
			expect(name).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d-invoice-${index + 1}\\.pdf$`));
			expect(readFileSync(path.join(invoiceFolder, name)).equals(pdf(index + 1))).toBe(true);
		}

		const invoices = (await sandbox.mailboxes()).find((m) => m.address === 'invoices@contoso.com');
		const byPath = invoices?.folders as Record<string, ItemJson[]> | undefined;
		const processed = byPath?.['Inbox/Processed'] ?? [];
		expect(processed.map((m) => [m.subject, m.isRead]).sort()).toEqual([
			['Invoice 1', true],
			['Invoice 2', true],
		]);
		const sha256 = (n: number) => createHash('sha256').update(pdf(n)).digest('hex');
		expect(processed.map((m) => m.attachments?.[0].sha256).sort()).toEqual([sha256(1), sha256(2)].sort());
		expect((byPath?.inbox ?? []).map((m) => [m.subject, m.isRead]).sort()).toEqual([
			['Invoice 3, already handled', true],
			['Question about invoice 1', false],
		]);
	});

	test('sends with Basic authentication over HTTPS as the signed-in account', async () => {
		const result = await suite.execute('ExchE2eBasicSend');
		const [sent] = outputOf(result, 'Send with Basic');
		expect(sent).toMatchObject({ subject: 'E2E Basic: status report', savedToSentItems: true });

		const mailboxes = await suite.lab.sandbox.mailboxes();
		const [copy] = folder(mailboxes, 'alice@contoso.com', 'sentitems').filter((i) => i.subject === 'E2E Basic: status report');
		expect(copy).toMatchObject({ createdBy: 'CONTOSO\\alice', sender: { address: 'alice@contoso.com' } });
		expect(copy.ccRecipients?.map((a) => a.address)).toEqual(['bob@contoso.com']);
		expect(folder(mailboxes, 'carol@contoso.com', 'inbox').filter((i) => i.subject === 'E2E Basic: status report')).toHaveLength(1);

		const basic = (await suite.lab.sandbox.requests()).filter((r) => r.account === 'CONTOSO\\alice' && r.operation === 'CreateItem');
		expect(basic.length).toBeGreaterThan(0);
		for (const request of basic) expect(request).toMatchObject({ authorizationScheme: 'Basic', protocol: 'https', status: 200 });
	});

	test('with continue-on-fail, a row with a bad address fails alone: the rows around it are sent, each once', async () => {
		const result = await suite.execute('ExchE2eContinue1');
		const output = outputOf(result, 'Send each');
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ subject: 'E2E continue-on-fail: row 1' });
		expect(output[1].error).toEqual(expect.stringContaining('not an address'));
		expect(output[2]).toMatchObject({ subject: 'E2E continue-on-fail: row 3' });

		const deliveries = (await suite.lab.sandbox.deliveries()).filter((d) => d.subject?.startsWith('E2E continue-on-fail'));
		expect(deliveries.map((d) => [d.subject, d.recipient])).toEqual([
			['E2E continue-on-fail: row 1', 'bob@contoso.com'],
			['E2E continue-on-fail: row 3', 'carol@contoso.com'],
		]);
	});
	test('example: books the first free hour with a room for a new hire (Find a Time, then Appointment → Create)', async () => {
		// The example looks at next week's Monday to Friday, 09:00-17:00 Berlin time: the manager is busy on Monday
		// until 11:00 and Room A from 11:00, so the first free hour is Monday 11:00 in Room B.
		const monday = DateTime.now().setZone('Europe/Berlin').startOf('day').plus({ weeks: 1 }).startOf('week');
		const berlin = (hour: number) => monday.set({ hour }).toUTC().toISO() as string;
		await suite.lab.sandbox.control('availability/busy', { mailbox: 'alice@contoso.com', start: berlin(9), end: berlin(11) });
		await suite.lab.sandbox.control('availability/busy', { mailbox: 'room-a@contoso.com', start: berlin(11), end: berlin(12) });

		const result = await suite.execute('ExchExampleHire1');
		const [slot] = outputOf(result, 'Find the first free hour');
		expect(slot).toMatchObject({ start: monday.set({ hour: 11 }).toISO({ suppressMilliseconds: true }), room: 'room-b@contoso.com' });
		const [booked] = outputOf(result, 'Book welcome meeting');
		expect(booked).toMatchObject({ mailbox: 'alice@contoso.com', subject: 'Welcome, Carol Castro', location: 'room-b@contoso.com' });

		const mailboxes = await suite.lab.sandbox.mailboxes();
		const [meeting] = folder(mailboxes, 'alice@contoso.com', 'calendar').filter((i) => i.subject === 'Welcome, Carol Castro');
		expect(Date.parse(meeting.start?.instant ?? '')).toBe(monday.set({ hour: 11 }).toMillis());
		expect(meeting.requiredAttendees?.map((a) => a.address)).toEqual(['carol@contoso.com']);
		expect(meeting.resources?.map((a) => a.address)).toEqual(['room-b@contoso.com']);
		for (const invitee of ['carol@contoso.com', 'room-b@contoso.com']) {
			expect(folder(mailboxes, invitee, 'inbox').filter((i) => i.kind === 'meetingRequest' && i.subject === 'Welcome, Carol Castro')).toHaveLength(1);
		}
	});
});
