import { el } from '../../nodes/Exchange/transport/xml';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { codes, exchange } from './ewsExchange';

/** ExpandDL through the HTTP endpoint against the directory's groups (sandbox/accounts.ts). */

describe('sandbox ExpandDL', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ log: () => undefined });
	});

	afterAll(() => sandbox.close());

	const expand = (address: string) => exchange(sandbox, el('m:ExpandDL', undefined, el('m:Mailbox', undefined, el('t:EmailAddress', undefined, address))));

	const members = (answer: Awaited<ReturnType<typeof expand>>) =>
		answer.messages[0]
			.child('m:DLExpansion')
			?.children('t:Mailbox')
			.map((m) => [m.childText('t:Name'), m.childText('t:EmailAddress'), m.childText('t:MailboxType')]);

	it('lists the members of a group, a nested group as PublicDL without expanding it', async () => {
		// ExpandDL: the DLExpansion holds the group's members as Mailbox elements with MailboxType (Mailbox, PublicDL);
		// the expansion is one level deep.
		const team = await expand('Team@contoso.com');
		expect(codes(team.messages)).toEqual(['NoError']);
		expect(team.messages[0].child('m:DLExpansion')?.attr('TotalItemsInView')).toBe('3');
		expect(members(team)).toEqual([
			['Alice Anders', 'alice@contoso.com', 'Mailbox'],
			['Bob Berg', 'bob@contoso.com', 'Mailbox'],
			['Carol Castro', 'carol@contoso.com', 'Mailbox'],
		]);
		expect(members(await expand('all-staff@contoso.com'))).toEqual([
			['Team', 'team@contoso.com', 'PublicDL'],
			['n8n Service', 'svc-n8n@contoso.com', 'Mailbox'],
		]);
	});

	it('answers ErrorNameResolutionNoResults for an address that is not a group', async () => {
		// ExpandDL of something that resolves to no distribution list: ErrorNameResolutionNoResults.
		expect(codes((await expand('nobody@contoso.com')).messages)).toEqual(['ErrorNameResolutionNoResults']);
		expect(codes((await expand('alice@contoso.com')).messages)).toEqual(['ErrorNameResolutionNoResults']);
	});
});
