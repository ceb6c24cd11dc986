import { el } from '../../nodes/Exchange/transport/xml';
import { XmlObject, childObject, textOf } from '../helpers/xmlObjects';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { ALICE, SVC, basicAuth, envelope, faultOf, getFolderBody, HeaderOptions, mailbox, post, responseMessages } from './client';
import { schemaIt } from '../helpers/schemaIt';

describe('sandbox operations', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const send = (body: ReturnType<typeof el>, header: HeaderOptions = {}, as = SVC) =>
		post(sandbox.httpUrl, envelope(body, header), basicAuth(as.user, as.password));

	function createMessages(disposition: string | undefined, messages: ReturnType<typeof el>[], savedFolder?: ReturnType<typeof el>) {
		return el(
			'm:CreateItem',
			{ MessageDisposition: disposition },
			savedFolder && el('m:SavedItemFolderId', undefined, savedFolder),
			el('m:Items', undefined, messages),
		);
	}

	function message(subject: string, to: string[], extra: { from?: string; cc?: string[]; attachment?: Buffer } = {}) {
		return el(
			't:Message',
			undefined,
			el('t:Subject', undefined, subject),
			el('t:Body', { BodyType: 'HTML' }, '<b>Report</b> & more'),
			extra.attachment &&
				el(
					't:Attachments',
					undefined,
					el(
						't:FileAttachment',
						undefined,
						el('t:Name', undefined, 'report.pdf'),
						el('t:ContentType', undefined, 'application/pdf'),
						el('t:IsInline', undefined, 'false'),
						el('t:Content', undefined, extra.attachment.toString('base64')),
					),
				),
			el('t:Categories', undefined, el('t:String', undefined, 'n8n')),
			el('t:Importance', undefined, 'High'),
			el('t:ToRecipients', undefined, to.map((a) => mailbox(a, a.split('@')[0]))),
			extra.cc && el('t:CcRecipients', undefined, extra.cc.map((a) => mailbox(a))),
			el('t:IsDeliveryReceiptRequested', undefined, 'true'),
			extra.from && el('t:From', undefined, mailbox(extra.from)),
		);
	}

	const inOwnerSentItems = (owner: string) =>
		el('t:DistinguishedFolderId', { Id: 'sentitems' }, el('t:Mailbox', undefined, el('t:EmailAddress', undefined, owner)));

	it('SendAndSaveCopy delivers once per recipient, keeps a copy in Sent Items and returns an empty Items', async () => {
		const pdf = Buffer.from('%PDF-1.7 binary \u0000\u00ff');
		const answer = await send(createMessages('SendAndSaveCopy', [message('Numbers', ['bob@contoso.com'], { cc: ['BOB@contoso.com', 'partner@fabrikam.example'], attachment: pdf })]));
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('text/xml; charset=utf-8');
		expect(answer.body).toContain('<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507"');
		const [result] = responseMessages(answer.body);
		expect(result['@ResponseClass']).toBe('Success');
		expect(result.Items).toBe('');
		const [sent] = sandbox.store.mailbox('svc-n8n@contoso.com').folder('sentitems').messages();
		expect(sent.subject).toBe('Numbers');
		expect(sent.body).toEqual({ type: 'HTML', text: '<b>Report</b> & more' });
		expect(sent.importance).toBe('High');
		expect(sent.categories).toEqual(['n8n']);
		expect(sent.isDeliveryReceiptRequested).toBe(true);
		expect(sent.attachments[0]).toMatchObject({ name: 'report.pdf', contentType: 'application/pdf', isInline: false });
		expect(sent.attachments[0].content.equals(pdf)).toBe(true);
		const deliveries = sandbox.store.deliveriesOf(sent.internetMessageId);
		expect(deliveries.map((d) => [d.recipient, d.external])).toEqual([
			['bob@contoso.com', false],
			['partner@fabrikam.example', true],
		]);
		expect(sandbox.store.mailbox('bob@contoso.com').folder('inbox').messages()).toHaveLength(1);
		expect(sandbox.store.externalOutbox).toHaveLength(1);
	});

	it('SaveOnly returns an ItemId and leaves the draft undelivered', async () => {
		const answer = await send(createMessages('SaveOnly', [message('Draft', ['bob@contoso.com'])]));
		const [result] = responseMessages(answer.body);
		const itemId = childObject(childObject(childObject(result, 'Items'), 'Message'), 'ItemId');
		const stored = sandbox.store.findItem(textOf(itemId?.['@Id']) ?? '');
		expect(stored?.kind).toBe('message');
		expect(stored?.changeKey).toBe(textOf(itemId?.['@ChangeKey']));
		expect(sandbox.store.mailbox('svc-n8n@contoso.com').folder('drafts').items).toEqual([stored]);
		expect(sandbox.store.deliveries).toHaveLength(0);
	});

	it('answers every item in order, failing only the bad ones', async () => {
		const answer = await send(
			createMessages('SendOnly', [
				message('ok 1', ['carol@contoso.com']),
				message('unknown internal', ['nobody@contoso.com']),
				message('ok 2', ['alice@contoso.com']),
			]),
		);
		const results = responseMessages(answer.body);
		expect(results.map((r) => [r['@ResponseClass'], textOf(r.ResponseCode)])).toEqual([
			['Success', 'NoError'],
			['Error', 'ErrorInvalidRecipients'],
			['Success', 'NoError'],
		]);
		expect(sandbox.store.deliveries.map((d) => d.subject)).toEqual(['ok 1', 'ok 2']);
	});

	it('requires MessageDisposition for messages, as Exchange does though the schema does not', async () => {
		const [result] = responseMessages((await send(createMessages(undefined, [message('x', ['bob@contoso.com'])]))).body);
		expect(textOf(result.ResponseCode)).toBe('ErrorMessageDispositionRequired');
		expect(sandbox.store.deliveries).toHaveLength(0);
	});

	it('sends as another mailbox into its Sent Items with FullAccess, and refuses send-as without it', async () => {
		const delegated = await send(
			createMessages('SendAndSaveCopy', [message('for Alice', ['bob@contoso.com'], { from: 'alice@contoso.com' })], inOwnerSentItems('alice@contoso.com')),
		);
		expect(textOf(responseMessages(delegated.body)[0].ResponseCode)).toBe('NoError');
		const [copy] = sandbox.store.mailbox('alice@contoso.com').folder('sentitems').messages();
		expect(copy.from?.address).toBe('alice@contoso.com');
		expect(copy.createdBy).toBe('CONTOSO\\svc-n8n');
		const denied = await send(createMessages('SendOnly', [message('as Bob', ['carol@contoso.com'], { from: 'bob@contoso.com' })]), {}, ALICE);
		expect(textOf(responseMessages(denied.body)[0].ResponseCode)).toBe('ErrorSendAsDenied');
	});

	it('impersonates with ApplicationImpersonation, and refuses callers without it or unknown mailboxes', async () => {
		const asBob = await send(createMessages('SendAndSaveCopy', [message('from Bob', ['carol@contoso.com'])]), {
			impersonate: { by: 'PrimarySmtpAddress', value: 'bob@contoso.com' },
		});
		expect(textOf(responseMessages(asBob.body)[0].ResponseCode)).toBe('NoError');
		expect(sandbox.store.mailbox('bob@contoso.com').folder('sentitems').messages()[0].sender.address).toBe('bob@contoso.com');
		expect(sandbox.requests.at(-1)?.impersonatedMailbox).toBe('bob@contoso.com');

		const denied = await send(getFolderBody('inbox'), { impersonate: { by: 'SmtpAddress', value: 'bob@contoso.com' } }, ALICE);
		expect(denied.status).toBe(500);
		expect(faultOf(denied.body)).toMatchObject({ faultcode: 'a:ErrorImpersonateUserDenied', responseCode: 'ErrorImpersonateUserDenied' });

		const missing = await send(getFolderBody('inbox'), { impersonate: { by: 'PrincipalName', value: 'ghost@contoso.com' } });
		expect(faultOf(missing.body).responseCode).toBe('ErrorNonExistentMailbox');
	});

	it('refuses an unknown RequestServerVersion and serves a missing one as Exchange2007', async () => {
		const wrong = await send(getFolderBody('inbox'), { version: 'Exchange2019' });
		expect(wrong.status).toBe(500);
		expect(faultOf(wrong.body).responseCode).toBe('ErrorInvalidServerVersion');
		const missing = await send(getFolderBody('inbox'), { version: null });
		expect(missing.status).toBe(200);
		expect(sandbox.requests.at(-1)?.requestedVersion).toBe('Exchange2007');
	});

	schemaIt('rejects a schema-invalid request with an ErrorSchemaValidation fault and processes nothing', async () => {
		const misordered = el(
			'm:CreateItem',
			{ MessageDisposition: 'SendOnly' },
			el('m:Items', undefined, el('t:Message', undefined, el('t:ToRecipients', undefined, mailbox('bob@contoso.com')), el('t:Subject', undefined, 'x'))),
		);
		const answer = await send(misordered);
		expect(answer.status).toBe(500);
		const fault = faultOf(answer.body);
		expect(fault.faultcode).toBe('a:ErrorSchemaValidation');
		expect(fault.message).toMatch(/^The request failed schema validation: .*Subject.*not expected/);
		expect(answer.body).toContain('xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors"');
		expect(sandbox.store.deliveries).toHaveLength(0);
		const logged = sandbox.requests.at(-1)?.schema;
		expect(logged !== 'skipped' && logged?.valid).toBe(false);
	});

	it('answers an operation it does not serve with ErrorInvalidRequest', async () => {
		const answer = await send(el('m:GetInboxRules', undefined));
		expect(faultOf(answer.body).responseCode).toBe('ErrorInvalidRequest');
	});

	describe('calendar items', () => {
		function meeting(mode: string | undefined, attendees: { required?: string[]; resources?: string[] }, saved?: ReturnType<typeof el>) {
			return el(
				'm:CreateItem',
				{ SendMeetingInvitations: mode },
				saved && el('m:SavedItemFolderId', undefined, saved),
				el(
					'm:Items',
					undefined,
					el(
						't:CalendarItem',
						undefined,
						el('t:Subject', undefined, 'Planning'),
						el('t:ReminderIsSet', undefined, 'true'),
						el('t:ReminderMinutesBeforeStart', undefined, '15'),
						el('t:Start', undefined, '2026-03-29T09:00:00+02:00'),
						el('t:End', undefined, '2026-03-29T10:00:00'),
						el('t:LegacyFreeBusyStatus', undefined, 'Busy'),
						el('t:Location', undefined, 'Room 101'),
						attendees.required && el('t:RequiredAttendees', undefined, attendees.required.map((a) => el('t:Attendee', undefined, mailbox(a)))),
						attendees.resources && el('t:Resources', undefined, attendees.resources.map((a) => el('t:Attendee', undefined, mailbox(a)))),
						el('t:StartTimeZone', { Id: 'W. Europe Standard Time' }),
						el('t:EndTimeZone', { Id: 'W. Europe Standard Time' }),
					),
				),
			);
		}

		it('stores the item, returns its ItemId and sends a meeting request to each attendee and resource', async () => {
			const answer = await send(meeting('SendToAllAndSaveCopy', { required: ['bob@contoso.com'], resources: ['room-101@contoso.com'] }));
			const [result] = responseMessages(answer.body);
			const itemId = childObject(childObject(childObject(result, 'Items'), 'CalendarItem'), 'ItemId') as XmlObject;
			const [item] = sandbox.store.mailbox('svc-n8n@contoso.com').folder('calendar').calendarItems();
			expect(item.id).toBe(textOf(itemId['@Id']));
			expect(item.start).toEqual({ raw: '2026-03-29T09:00:00+02:00', instant: new Date('2026-03-29T07:00:00Z') });
			// Offset-less End is read in the End time zone (CEST on that day).
			expect(item.end?.instant).toEqual(new Date('2026-03-29T08:00:00Z'));
			expect(item).toMatchObject({ startTimeZone: 'W. Europe Standard Time', reminderMinutesBeforeStart: 15, location: 'Room 101', legacyFreeBusyStatus: 'Busy' });
			expect(sandbox.store.mailbox('bob@contoso.com').folder('inbox').meetingRequests()[0].calendarItemId).toBe(item.id);
			expect(sandbox.store.mailbox('room-101@contoso.com').folder('inbox').meetingRequests()).toHaveLength(1);
			expect(sandbox.store.deliveries.map((d) => d.recipient)).toEqual(['bob@contoso.com', 'room-101@contoso.com']);
			expect(sandbox.store.mailbox('svc-n8n@contoso.com').folder('sentitems').meetingRequests()).toHaveLength(1);
		});

		it('requires SendMeetingInvitations, and sends nothing with SendToNone', async () => {
			const missing = responseMessages((await send(meeting(undefined, { required: ['bob@contoso.com'] }))).body);
			expect(textOf(missing[0].ResponseCode)).toBe('ErrorSendMeetingInvitationsRequired');
			await send(meeting('SendToNone', { required: ['bob@contoso.com'] }));
			expect(sandbox.store.mailbox('svc-n8n@contoso.com').folder('calendar').calendarItems()).toHaveLength(1);
			expect(sandbox.store.deliveries).toHaveLength(0);
		});

		it("saves into another mailbox's calendar with access, and is denied without it", async () => {
			const bobsCalendar = el('t:DistinguishedFolderId', { Id: 'calendar' }, el('t:Mailbox', undefined, el('t:EmailAddress', undefined, 'bob@contoso.com')));
			await send(meeting('SendToNone', {}, bobsCalendar));
			expect(sandbox.store.mailbox('bob@contoso.com').folder('calendar').calendarItems()[0].organizer.address).toBe('bob@contoso.com');
			const denied = responseMessages((await send(meeting('SendToNone', {}, bobsCalendar), {}, ALICE)).body);
			expect(textOf(denied[0].ResponseCode)).toBe('ErrorAccessDenied');
		});
	});

	it('GetFolder returns the folder of the named mailbox', async () => {
		const answer = await send(getFolderBody('calendar', 'carol@contoso.com'));
		const folder = childObject(childObject(responseMessages(answer.body)[0], 'Folders'), 'CalendarFolder');
		expect(textOf(folder?.DisplayName)).toBe('Calendar');
		expect(textOf(childObject(folder, 'FolderId')?.['@Id'])).toBe(sandbox.store.mailbox('carol@contoso.com').folder('calendar').id);
	});

	it('ResolveNames finds by SMTP address and by name prefix, warning when ambiguous', async () => {
		const resolve = async (entry: string) =>
			responseMessages((await send(el('m:ResolveNames', { ReturnFullContactData: 'true' }, el('m:UnresolvedEntry', undefined, entry)))).body)[0];
		const exact = await resolve('SMTP:bob@contoso.com');
		expect(textOf(childObject(childObject(childObject(exact, 'ResolutionSet'), 'Resolution'), 'Mailbox')?.EmailAddress)).toBe('bob@contoso.com');
		const byName = await resolve('cas');
		expect(textOf(childObject(childObject(childObject(byName, 'ResolutionSet'), 'Resolution'), 'Contact')?.DisplayName)).toBe('Carol Castro');
		const ambiguous = await resolve('c');
		expect([ambiguous['@ResponseClass'], textOf(ambiguous.ResponseCode)]).toEqual(['Warning', 'ErrorNameResolutionMultipleResults']);
		expect(textOf((await resolve('zed')).ResponseCode)).toBe('ErrorNameResolutionNoResults');
	});

	it('ResolveNames gives the Contact only with ReturnFullContactData, and finds distribution groups as PublicDL', async () => {
		// ResolveNames: "If the ReturnFullContactData attribute is set to true, then Active Directory entries ... will
		// return additional properties that describe a Contact"; groups resolve with MailboxType PublicDL.
		const resolution = async (entry: string, full: boolean) =>
			childObject(
				childObject(
					responseMessages((await send(el('m:ResolveNames', { ReturnFullContactData: String(full) }, el('m:UnresolvedEntry', undefined, entry)))).body)[0],
					'ResolutionSet',
				),
				'Resolution',
			);
		const alice = await resolution('alice@contoso.com', true);
		expect(textOf(childObject(alice, 'Contact')?.JobTitle)).toBe('Accountant');
		expect(textOf(childObject(alice, 'Contact')?.Surname)).toBe('Anders');
		expect(childObject(await resolution('alice@contoso.com', false), 'Contact')).toBeUndefined();
		const team = childObject(await resolution('team@contoso.com', false), 'Mailbox');
		expect([textOf(team?.Name), textOf(team?.MailboxType)]).toEqual(['Team', 'PublicDL']);
	});
});
