import { PREVIOUS_N8N } from '../../scripts/e2e/runtime';
import { EXAMPLES_DIR, loadWorkflows } from '../../scripts/e2e/workflowFiles';
import { outputOf, useLab } from './helpers/labSuite';

/**
 * A smoke run on the last n8n 1.x with the machine's Node 20: the same tarball installs as a community package
 * and both operations work there too, on-premises and through the OAuth2 credential, whose parent credential's
 * fields differ between n8n 1.x and 2.x. The full suite runs on the current line (n8nCurrent.e2e.ts).
 */

const examples = loadWorkflows(EXAMPLES_DIR).filter((w) => ['ExchExampleMail1', 'ExchExampleMeet1', 'ExchExampleOnline'].includes(w.id));
const suite = useLab(PREVIOUS_N8N, examples);

describe(`n8n ${PREVIOUS_N8N.version} (Node ${process.versions.node}) smoke run`, () => {
	test('sends an email with an attachment through NTLM with impersonation and Extended Protection', async () => {
		const [sent] = outputOf(await suite.execute('ExchExampleMail1'), 'Send invoice');
		expect(sent).toMatchObject({ mailbox: 'alice@contoso.com', subject: 'Invoice INV-1001', savedToSentItems: true });

		const bob = (await suite.lab.sandbox.mailboxes()).find((m) => m.address === 'bob@contoso.com');
		const received = bob?.folders.inbox.filter((i) => i.subject === 'Invoice INV-1001') ?? [];
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ createdBy: 'CONTOSO\\svc-n8n', sender: { address: 'alice@contoso.com' } });
		expect(received[0].attachments?.map((a) => a.name)).toEqual(['invoice.csv']);
	});

	test('creates a meeting with attendees', async () => {
		const [created] = outputOf(await suite.execute('ExchExampleMeet1'), 'Create kick-off meeting');
		expect(created).toMatchObject({ mailbox: 'alice@contoso.com', subject: 'Project kick-off' });

		const alice = (await suite.lab.sandbox.mailboxes()).find((m) => m.address === 'alice@contoso.com');
		const [meeting] = alice?.folders.calendar.filter((i) => i.subject === 'Project kick-off') ?? [];
		expect(meeting.requiredAttendees?.map((a) => a.address)).toEqual(['bob@contoso.com']);
		expect(meeting.resources?.map((a) => a.address)).toEqual(['room-101@contoso.com']);
	});

	test('signs in to "Exchange Online" with OAuth2 app-only through n8n 1.x\'s own token handling', async () => {
		const [sent] = outputOf(await suite.execute('ExchExampleOnline'), 'Send test message');
		expect(sent).toMatchObject({ mailbox: 'alice@contoso.com', savedToSentItems: true });

		const bearer = (await suite.lab.sandbox.requests()).filter((r) => r.authorizationScheme === 'Bearer' && r.operation === 'CreateItem');
		expect(bearer).toHaveLength(1);
		expect(bearer[0]).toMatchObject({ impersonatedMailbox: 'alice@contoso.com', status: 200 });
		const alice = (await suite.lab.sandbox.mailboxes()).find((m) => m.address === 'alice@contoso.com');
		expect(alice?.folders.inbox.filter((i) => i.subject === sent.subject)).toHaveLength(1);
	});
});
