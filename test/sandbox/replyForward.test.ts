import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { StoredMessage } from '../../sandbox/store';
import { mailbox as mailboxElement } from './client';
import { Request, codes, exchange } from './ewsExchange';

/**
 * CreateItem with ReplyToItem, ReplyAllToItem and ForwardItem through the HTTP endpoint: what the server builds
 * and where it lands, checked in the store. Each test names the EWS reference rule (learn.microsoft.com) it checks.
 */

const ALICE = 'alice@contoso.com';
const OUTSIDER = { address: 'dana@fabrikam.example', name: 'Dana Outside' };

describe('sandbox reply and forward', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const inbox = (address: string) => sandbox.store.mailbox(address).folder('inbox').items as StoredMessage[];
	const folder = (address: string, name: 'drafts' | 'sentitems') => sandbox.store.mailbox(address).folder(name).items as StoredMessage[];

	/** A message from bob to alice, cc carol and an outsider, as alice's Inbox holds it. */
	async function received(subject = 'Quarterly numbers', attachment?: Buffer): Promise<StoredMessage> {
		const answer = await exchange(
			sandbox,
			el(
				'm:CreateItem',
				{ MessageDisposition: 'SendAndSaveCopy' },
				el(
					'm:Items',
					undefined,
					el(
						't:Message',
						undefined,
						el('t:Subject', undefined, subject),
						el('t:Body', { BodyType: 'HTML' }, '<html><body><p>The numbers &amp; notes</p></body></html>'),
						attachment &&
							el(
								't:Attachments',
								undefined,
								el('t:FileAttachment', undefined, el('t:Name', undefined, 'numbers.pdf'), el('t:Content', undefined, attachment.toString('base64'))),
							),
						el('t:ToRecipients', undefined, mailboxElement(ALICE)),
						el('t:CcRecipients', undefined, [mailboxElement('carol@contoso.com'), mailboxElement(OUTSIDER.address)]),
					),
				),
			),
			undefined,
			'bob@contoso.com',
		);
		expect(codes(answer.messages)).toEqual(['NoError']);
		return inbox(ALICE)[0];
	}

	/** Recipients go before ReferenceItemId, NewBodyContent after it (SmartResponseType's sequence). */
	function respond(kind: string, original: StoredMessage, disposition: string, body?: Request, ...recipients: Request[]): Request {
		return el(
			'm:CreateItem',
			{ MessageDisposition: disposition },
			el(
				'm:Items',
				undefined,
				el(`t:${kind}`, undefined, ...recipients, el('t:ReferenceItemId', { Id: original.id, ChangeKey: original.changeKey }), body),
			),
		);
	}

	const newBody = (type: string, text: string) => el('t:NewBodyContent', { BodyType: type }, text);

	it('replies to the sender with RE:, the new text above the quoted original, in the same conversation', async () => {
		// ReplyToItem: the response goes to the original's sender; the server adds the reply prefix and quotes the
		// original below NewBodyContent; the reply carries In-Reply-To / References and keeps the ConversationId.
		const original = await received();
		const answer = await exchange(sandbox, respond('ReplyToItem', original, 'SendAndSaveCopy', newBody('Text', 'Thanks, got it.')), undefined, ALICE);
		expect(codes(answer.messages)).toEqual(['NoError']);
		const [reply] = inbox('bob@contoso.com');
		expect(reply).toMatchObject({
			subject: 'RE: Quarterly numbers',
			from: { address: ALICE },
			toRecipients: [{ address: 'bob@contoso.com' }],
			ccRecipients: [],
			conversationId: original.conversationId,
			inReplyTo: original.internetMessageId,
			references: original.internetMessageId,
		});
		expect(reply.body?.type).toBe('Text');
		const lines = reply.body?.text.split('\r\n') ?? [];
		expect(lines[0]).toBe('Thanks, got it.');
		expect(lines).toContain('________________________________');
		expect(lines).toContain('From: Bob Berg <bob@contoso.com>');
		expect(lines).toContain('Subject: Quarterly numbers');
		expect(lines[lines.length - 1]).toBe('The numbers & notes');
		expect(reply.conversationIndex.length).toBeGreaterThan(original.conversationIndex.length);
		expect(folder(ALICE, 'sentitems').map((m) => m.subject)).toEqual(['RE: Quarterly numbers']);
		expect(inbox('carol@contoso.com').filter((m) => m.subject?.startsWith('RE:'))).toEqual([]);
	});

	it('replies to all: sender, To and Cc without the replying mailbox, and never doubles the prefix', async () => {
		// ReplyAllToItem: the original's sender and all its recipients except the mailbox replying; an HTML
		// NewBodyContent stays HTML with the original below a separator.
		const original = await received('RE: Quarterly numbers');
		await exchange(sandbox, respond('ReplyAllToItem', original, 'SendOnly', newBody('HTML', '<p>Agreed</p>')), undefined, ALICE);
		const [reply] = inbox('bob@contoso.com').filter((m) => m.from?.address === ALICE);
		expect(reply.subject).toBe('RE: Quarterly numbers');
		expect(reply.toRecipients.map((a) => a.address)).toEqual(['bob@contoso.com']);
		expect(reply.ccRecipients.map((a) => a.address)).toEqual(['carol@contoso.com', OUTSIDER.address]);
		expect(inbox('carol@contoso.com').filter((m) => m.from?.address === ALICE)).toHaveLength(1);
		expect(sandbox.store.externalOutbox.filter((m) => m.kind === 'message' && m.from?.address === ALICE)).toHaveLength(1);
		expect(inbox(ALICE)).toHaveLength(1);
		expect(reply.body?.type).toBe('HTML');
		const html = reply.body?.text ?? '';
		expect(html.indexOf('<p>Agreed</p>')).toBeLessThan(html.indexOf('<b>From:</b> Bob Berg &lt;bob@contoso.com&gt;'));
		expect(html.indexOf('<b>From:</b>')).toBeLessThan(html.indexOf('<p>The numbers &amp; notes</p>'));
		expect(folder(ALICE, 'sentitems')).toEqual([]);
	});

	it('forwards with FW:, the attachments kept, to the given recipients; saves a draft with SaveOnly', async () => {
		// ForwardItem: the recipients are those given; the original's attachments go along. SaveOnly keeps the
		// response in Drafts and answers its ItemId.
		const pdf = Buffer.from('%PDF-1.4 numbers');
		const original = await received('Quarterly numbers', pdf);
		const to = el('t:ToRecipients', undefined, mailboxElement('carol@contoso.com'));
		const sent = await exchange(sandbox, respond('ForwardItem', original, 'SendAndSaveCopy', newBody('Text', 'FYI'), to), undefined, ALICE);
		expect(codes(sent.messages)).toEqual(['NoError']);
		const forwarded = inbox('carol@contoso.com').find((m) => m.subject === 'FW: Quarterly numbers');
		expect(forwarded?.attachments.map((a) => [a.name, a.content.equals(pdf)])).toEqual([['numbers.pdf', true]]);
		expect(forwarded?.toRecipients.map((a) => a.address)).toEqual(['carol@contoso.com']);

		const draft = await exchange(sandbox, respond('ForwardItem', original, 'SaveOnly', newBody('Text', 'later')), undefined, ALICE);
		const draftId = draft.messages[0].path('m:Items', 't:Message', 't:ItemId')?.attr('Id');
		expect(folder(ALICE, 'drafts').map((m) => [m.id, m.subject, m.isDraft])).toEqual([[draftId, 'FW: Quarterly numbers', true]]);
	});

	it('refuses a forward without recipients, a reference that is gone and one that is a calendar item', async () => {
		// A message sent without recipients is ErrorInvalidRecipients; ReferenceItemId naming nothing is
		// ErrorItemNotFound; a calendar item is not a reference these response objects accept (ErrorInvalidReferenceItem).
		const original = await received();
		const calendar = sandbox.store.addItem(sandbox.store.mailbox(ALICE).folder('calendar'), {
			kind: 'calendarItem',
			subject: 'Planning',
			uid: 'uid-1',
			organizer: { address: ALICE },
			requiredAttendees: [],
			optionalAttendees: [],
			resources: [],
			invitationsSent: 'SendToNone',
			myResponseType: 'Organizer',
			isCancelled: false,
		});
		const noRecipients = await exchange(sandbox, respond('ForwardItem', original, 'SendOnly'), undefined, ALICE);
		expect(codes(noRecipients.messages)).toEqual(['ErrorInvalidRecipients']);
		const onCalendar = await exchange(sandbox, respond('ReplyToItem', calendar as unknown as StoredMessage, 'SendOnly'), undefined, ALICE);
		expect(codes(onCalendar.messages)).toEqual(['ErrorInvalidReferenceItem']);
		sandbox.store.deleteItem(original.id, 'HardDelete');
		const gone = await exchange(sandbox, respond('ReplyToItem', original, 'SendOnly'), undefined, ALICE);
		expect(codes(gone.messages)).toEqual(['ErrorItemNotFound']);
		expect(sandbox.store.deliveries.filter((d) => d.sender === ALICE)).toEqual([]);
	});
});
