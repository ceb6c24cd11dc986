import { Sandbox, startSandbox } from '../../sandbox/server';
import { SVC, basicAuth, post } from './client';

/**
 * Requests as other clients write them: any prefixes, default namespaces, even the usual prefixes bound
 * to each other's namespaces. The sandbox reads them by namespace URI and answers item by item in the
 * order the request lists them, where EWS mixes element kinds.
 */

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const MESSAGES = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const TYPES = 'http://schemas.microsoft.com/exchange/services/2006/types';

/** The kind and ItemId/FolderId of each answered element, in the order the answer carries them. */
function answered(xml: string, kinds: string): Array<{ kind: string; id: string }> {
	const pattern = new RegExp(`<t:(${kinds})><t:(?:Item|Folder)Id Id="([^"]+)"`, 'g');
	return [...xml.matchAll(pattern)].map((m) => ({ kind: m[1], id: m[2] }));
}

describe('sandbox reads requests by namespace and answers in document order', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	beforeEach(() => sandbox.store.reset());

	const send = (xml: string) => post(sandbox.httpUrl, xml, basicAuth(SVC.user, SVC.password));

	it('answers a CreateItem mixing Message, CalendarItem, Message in that order (default namespaces, own prefixes)', async () => {
		const answer = await send(
			`<?xml version="1.0" encoding="utf-8"?>` +
				`<soap:Envelope xmlns:soap="${SOAP}">` +
				`<soap:Header><RequestServerVersion xmlns="${TYPES}" Version="Exchange2016"/></soap:Header>` +
				`<soap:Body><CreateItem xmlns="${MESSAGES}" MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone"><Items>` +
				`<x:Message xmlns:x="${TYPES}"><x:Subject>first</x:Subject></x:Message>` +
				`<CalendarItem xmlns="${TYPES}"><Subject>second</Subject><Start>2030-01-02T10:00:00Z</Start><End>2030-01-02T11:00:00Z</End></CalendarItem>` +
				`<y:Message xmlns:y="${TYPES}"><y:Subject>third</y:Subject></y:Message>` +
				`</Items></CreateItem></soap:Body></soap:Envelope>`,
		);
		expect(answer.status).toBe(200);
		expect((answer.body.match(/ResponseClass="Success"/g) ?? []).length).toBe(3);
		const items = answered(answer.body, 'Message|CalendarItem');
		expect(items.map((i) => i.kind)).toEqual(['Message', 'CalendarItem', 'Message']);
		expect(items.map((i) => sandbox.store.findItem(i.id)?.subject)).toEqual(['first', 'second', 'third']);
		expect(sandbox.store.findItem(items[1].id)?.kind).toBe('calendarItem');
	});

	it('answers a GetFolder mixing FolderId and DistinguishedFolderId in request order, the m and t prefixes swapped', async () => {
		const getFolder = (ids: string) =>
			send(
				`<s:Envelope xmlns:s="${SOAP}" xmlns:t="${MESSAGES}" xmlns:m="${TYPES}">` +
					`<s:Header><m:RequestServerVersion Version="Exchange2016"/></s:Header>` +
					`<s:Body><t:GetFolder><t:FolderShape><m:BaseShape>IdOnly</m:BaseShape></t:FolderShape>` +
					`<t:FolderIds>${ids}</t:FolderIds></t:GetFolder></s:Body></s:Envelope>`,
			);
		const byName = await getFolder(
			['inbox', 'calendar', 'sentitems', 'drafts'].map((name) => `<m:DistinguishedFolderId Id="${name}"/>`).join(''),
		);
		expect(byName.status).toBe(200);
		const [inbox, calendar, sentItems, drafts] = answered(byName.body, 'Folder|CalendarFolder').map((f) => f.id);
		expect(new Set([inbox, calendar, sentItems, drafts]).size).toBe(4);

		const mixed = await getFolder(
			`<m:FolderId Id="${sentItems}"/><m:DistinguishedFolderId Id="calendar"/><m:FolderId Id="${inbox}"/><m:DistinguishedFolderId Id="drafts"/>`,
		);
		expect(mixed.status).toBe(200);
		expect(answered(mixed.body, 'Folder|CalendarFolder')).toEqual([
			{ kind: 'Folder', id: sentItems },
			{ kind: 'CalendarFolder', id: calendar },
			{ kind: 'Folder', id: inbox },
			{ kind: 'Folder', id: drafts },
		]);
	});

	it('does not take a request element of another namespace for an EWS operation, even with the schema check off', async () => {
		const unchecked = await startSandbox({ log: () => undefined, validateSchema: false });
		try {
			const answer = await post(
				unchecked.httpUrl,
				`<s:Envelope xmlns:s="${SOAP}"><s:Header><t:RequestServerVersion xmlns:t="${TYPES}" Version="Exchange2016"/></s:Header>` +
					`<s:Body><GetFolder xmlns="urn:not-ews"><FolderIds/></GetFolder></s:Body></s:Envelope>`,
				basicAuth(SVC.user, SVC.password),
			);
			expect(answer.status).toBe(500);
			expect(answer.body).toContain('ErrorInvalidRequest');
			expect(answer.body).not.toContain('GetFolderResponse');
		} finally {
			await unchecked.close();
		}
	});
});
