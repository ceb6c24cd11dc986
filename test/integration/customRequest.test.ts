import type { INodeParameters } from 'n8n-workflow';
import { NODE_NAME, soapParts, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const SVC = 'svc-n8n@contoso.com';
const BOB = 'bob@contoso.com';
const ALICE = 'alice@contoso.com';

const GET_INBOX =
	'<m:GetFolder>\n  <m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>\n  <m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds>\n</m:GetFolder>';

function custom(parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'advanced', operation: 'customRequest', ...parameters }, ...options });
}

/** Requests the sandbox processed (signed in, not answered 401 during the handshake). */
const processed = () => env.sandbox.requests.filter((request) => request.account !== undefined && request.body !== '');

describe('Advanced → Custom EWS Request', () => {
	it('sends the operation in the node\'s envelope and returns Exchange\'s answer as JSON', async () => {
		const run = await custom({ requestBody: GET_INBOX });

		expect(run.error).toBeUndefined();
		const inbox = env.sandbox.store.mailbox(SVC).folder('inbox');
		expect(run.outputOf(NODE_NAME)[0].json).toEqual({
			GetFolderResponse: {
				ResponseMessages: {
					GetFolderResponseMessage: {
						'@ResponseClass': 'Success',
						ResponseCode: 'NoError',
						Folders: {
							Folder: {
								FolderId: { '@Id': inbox.id, '@ChangeKey': inbox.changeKey },
								DisplayName: 'Inbox',
								TotalCount: '0',
								ChildFolderCount: '0',
								UnreadCount: '0',
							},
						},
					},
				},
			},
		});
		const [request] = processed();
		expect(request.operation).toBe('GetFolder');
		expect(soapParts(request).header?.RequestServerVersion).toEqual({ '@Version': 'Exchange2016' });
	});

	it('acts in the Mailbox through impersonation, with expressions in the body, one request per item', async () => {
		const run = await custom(
			{ mailbox: '={{ $json.mailbox }}', requestBody: '=<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="{{ $json.folder }}"/></m:FolderIds></m:GetFolder>' },
			{ credential: { impersonation: true }, items: [{ json: { mailbox: BOB, folder: 'inbox' } }, { json: { mailbox: ALICE, folder: 'calendar' } }] },
		);

		expect(run.error).toBeUndefined();
		const ids = run.outputOf(NODE_NAME).map((item) => JSON.stringify(item.json).match(/"@Id":"([^"]+)"/)?.[1]);
		expect(ids).toEqual([env.sandbox.store.mailbox(BOB).folder('inbox').id, env.sandbox.store.mailbox(ALICE).folder('calendar').id]);
		expect(run.outputOf(NODE_NAME).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const impersonated = processed().map((request) => soapParts(request).header?.ExchangeImpersonation);
		expect(JSON.stringify(impersonated)).toBe(JSON.stringify([BOB, ALICE].map((address) => ({ ConnectingSID: { PrimarySmtpAddress: address } }))));
	});

	it('creates what the request says, and adds the raw answer on request', async () => {
		const run = await custom({
			requestBody:
				'<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="drafts"/></m:SavedItemFolderId>' +
				'<m:Items><t:Message><t:Subject>Fish &amp; chips</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>bob@contoso.com</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>',
			options: { includeRawXml: true },
		});

		expect(run.error).toBeUndefined();
		const drafts = env.sandbox.store.mailbox(SVC).folder('drafts').messages();
		expect(drafts.map((message) => message.subject)).toEqual(['Fish & chips']);
		const json = run.outputOf(NODE_NAME)[0].json as { xml: string };
		expect(JSON.stringify(json)).toContain(`"@Id":"${drafts[0].id}"`);
		expect(json.xml).toMatch(/^<\?xml[^>]*\?><s:Envelope[\s\S]*<m:CreateItemResponse[\s\S]*<\/s:Envelope>$/);
		expect(env.sandbox.store.deliveries).toHaveLength(0);
	});

	it('maps an EWS error in the answer as every operation does', async () => {
		const store = env.sandbox.store;
		const gone = store.createFolder(store.mailbox(SVC).folder('inbox'), 'Gone');
		store.deleteFolder(gone, 'HardDelete');
		const run = await custom(
			{ requestBody: `<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:FolderId Id="${gone.id}"/></m:FolderIds></m:GetFolder>` },
			{ settings: { onError: 'continueRegularOutput' } },
		);

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME)[0].json).toMatchObject({
			code: 'ErrorFolderNotFound',
			error: expect.stringMatching(/^ErrorFolderNotFound: .*\[item 0\]$/),
			description: expect.stringContaining('The folder does not exist'),
		});
	});

	it.each([
		['is not well-formed', '<m:GetFolder><m:FolderShape></m:GetFolder>', /"Request Body" is not well-formed XML/],
		['holds two elements', '<m:GetFolder/><m:GetItem/>', /"Request Body" must be exactly one XML element/],
		['declares a DOCTYPE', '<!DOCTYPE m [<!ENTITY x "y">]><m:GetFolder/>', /"Request Body" declares a DOCTYPE/],
		['is a whole envelope', '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>', /SOAP Envelope/],
	])('refuses a body that %s for that item and sends nothing for it', async (_case, requestBody, message) => {
		const run = await custom({ requestBody: `={{ $json.body }}` }, { items: [{ json: { body: requestBody } }, { json: { body: GET_INBOX } }], settings: { onError: 'continueRegularOutput' } });

		expect(run.error).toBeUndefined();
		const [bad, good] = run.outputOf(NODE_NAME);
		expect(bad.json.error).toMatch(message);
		expect(bad.json.error).toMatch(/\[item 0\]$/);
		expect(good.json).toHaveProperty('GetFolderResponse');
		expect(processed().map((request) => request.operation)).toEqual(['GetFolder']);
	});

	it('never sends a request again whose outcome is unknown', async () => {
		env.sandbox.faults.push({ kind: 'dropConnection', after: 'afterProcessing', operation: 'CreateItem' });

		const run = await custom({
			requestBody: '<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>Once</t:Subject></t:Message></m:Items></m:CreateItem>',
		});

		expect(run.error?.message).toMatch(/^Outcome unknown: .*\(ECONNRESET\).* it was not sent again/);
		expect(env.sandbox.requests.filter((request) => request.operation === 'CreateItem')).toHaveLength(1);
		expect(env.sandbox.store.mailbox(SVC).folder('drafts').messages().map((message) => message.subject)).toEqual(['Once']);
	});
});
