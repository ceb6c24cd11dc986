/**
 * Directory → Resolve Name and Expand Group against the sandbox's directory (sandbox/accounts.ts): mailboxes,
 * a room, and the groups team@ (three people) and all-staff@ (team@ nested, and the service account).
 */
import type { INodeParameters } from 'n8n-workflow';
import type { DistributionGroup } from '../../sandbox/accounts';
import { NODE_NAME, useExchangeSandbox, type ExchangeRunOptions } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

function run(operation: string, parameters: INodeParameters, options: Omit<ExchangeRunOptions, 'parameters'> = {}) {
	return env.run({ parameters: { resource: 'directory', operation, ...parameters }, ...options });
}

const requestsOf = (operation: string) => env.sandbox.requests.filter((request) => request.operation === operation);

describe('Directory → Resolve Name', () => {
	it('resolves an address to who it is, with the directory\'s contact details when asked', async () => {
		const result = await run('resolveName', { name: 'alice@contoso.com', options: { contactDetails: true } });

		expect(result.error).toBeUndefined();
		const items = result.outputOf(NODE_NAME);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			name: 'Alice Anders',
			address: 'alice@contoso.com',
			mailboxType: 'Mailbox',
			routingType: 'SMTP',
			contact: {
				displayName: 'Alice Anders',
				givenName: 'Alice',
				initials: null,
				surname: 'Anders',
				companyName: null,
				department: 'Finance',
				jobTitle: 'Accountant',
				officeLocation: null,
				emailAddresses: ['alice@contoso.com'],
				phoneNumbers: { BusinessPhone: '+1 425 555 0101' },
				source: 'ActiveDirectory',
			},
		});
		expect(requestsOf('ResolveNames')[0].body).toMatch(/ReturnFullContactData="true"/);
	});

	it('gives one item per match for a partial name, each paired to its input, without contact details unless asked', async () => {
		const result = await run('resolveName', { name: '={{ $json.name }}' }, { items: [{ json: { name: 'bob' } }, { json: { name: 'c' } }] });

		expect(result.error).toBeUndefined();
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => [(item.pairedItem as { item: number }).item, item.json.address, item.json.mailboxType])).toEqual([
			[0, 'bob@contoso.com', 'Mailbox'],
			[1, 'carol@contoso.com', 'Mailbox'],
			[1, 'room-101@contoso.com', 'Mailbox'],
		]);
		expect(items.every((item) => !('contact' in item.json))).toBe(true);
		expect(requestsOf('ResolveNames').every((request) => /ReturnFullContactData="false"/.test(request.body))).toBe(true);
	});

	it('resolves a distribution group as PublicDL', async () => {
		const result = await run('resolveName', { name: 'All Staff' });

		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual([{ name: 'All Staff', address: 'all-staff@contoso.com', mailboxType: 'PublicDL', routingType: 'SMTP' }]);
	});

	it('gives no item for a name nothing matches, and refuses an empty name before sending', async () => {
		const result = await run(
			'resolveName',
			{ name: '={{ $json.name }}' },
			{ items: [{ json: { name: 'zed' } }, { json: { name: '  ' } }, { json: { name: 'carol@contoso.com' } }], settings: { onError: 'continueRegularOutput' } },
		);

		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([1, 2]);
		expect(items[0].json.error).toMatch(/^"Name or Address" is empty.*\[item 1\]$/);
		expect(items[1].json.address).toBe('carol@contoso.com');
		expect(requestsOf('ResolveNames')).toHaveLength(2);
	});
});

describe('Directory → Expand Group', () => {
	it('lists the members of team@, one item each', async () => {
		const result = await run('expandGroup', { groupAddress: 'team@contoso.com' });

		expect(result.error).toBeUndefined();
		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual(
			env.sandbox.directory.findGroup('team@contoso.com')?.members.map((address) => ({
				name: env.sandbox.directory.findMailbox(address)?.displayName,
				address,
				mailboxType: 'Mailbox',
				routingType: 'SMTP',
				group: 'team@contoso.com',
			})),
		);
	});

	it('gives a nested group as a PublicDL member, and its members instead with Expand Nested Groups', async () => {
		const flat = await run('expandGroup', { groupAddress: 'All Staff <all-staff@contoso.com>' });
		expect(flat.outputOf(NODE_NAME).map((item) => [item.json.address, item.json.mailboxType])).toEqual([
			['team@contoso.com', 'PublicDL'],
			['svc-n8n@contoso.com', 'Mailbox'],
		]);

		const nested = await run('expandGroup', { groupAddress: 'all-staff@contoso.com', options: { expandNested: true } });
		expect(nested.outputOf(NODE_NAME).map((item) => [item.json.address, item.json.group])).toEqual([
			['svc-n8n@contoso.com', 'all-staff@contoso.com'],
			['alice@contoso.com', 'team@contoso.com'],
			['bob@contoso.com', 'team@contoso.com'],
			['carol@contoso.com', 'team@contoso.com'],
		]);
	});

	it('expands groups that contain each other once each, every person once', async () => {
		const groups = env.sandbox.directory.directory.groups;
		const loop: DistributionGroup[] = [
			{ smtpAddress: 'loop-a@contoso.com', displayName: 'Loop A', members: ['loop-b@contoso.com', 'alice@contoso.com'] },
			{ smtpAddress: 'loop-b@contoso.com', displayName: 'Loop B', members: ['loop-a@contoso.com', 'team@contoso.com', 'bob@contoso.com'] },
		];
		groups.push(...loop);
		try {
			const result = await run('expandGroup', { groupAddress: 'loop-a@contoso.com', options: { expandNested: true } });

			expect(result.error).toBeUndefined();
			expect(result.outputOf(NODE_NAME).map((item) => item.json.address)).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']);
			expect(requestsOf('ExpandDL').map((request) => /<t:EmailAddress>([^<]+)</.exec(request.body)?.[1])).toEqual([
				'loop-a@contoso.com',
				'loop-b@contoso.com',
				'team@contoso.com',
			]);
		} finally {
			groups.splice(groups.length - loop.length, loop.length);
		}
	});

	it('fails an unknown group naming the field and address, the other items going on', async () => {
		const result = await run(
			'expandGroup',
			{ groupAddress: '={{ $json.group }}' },
			{ items: [{ json: { group: 'nobody@contoso.com' } }, { json: { group: 'not an address' } }, { json: { group: 'team@contoso.com' } }], settings: { onError: 'continueRegularOutput' } },
		);

		const items = result.outputOf(NODE_NAME);
		expect(items[0].json).toMatchObject({
			code: 'ErrorNameResolutionNoResults',
			error: expect.stringContaining('"Group Address" nobody@contoso.com is not a distribution group Exchange knows'),
		});
		expect(items[1].json.error).toBe('Invalid e-mail address "not an address" in "Group Address": the "@" is missing [item 1]');
		expect(items.slice(2).map((item) => [(item.pairedItem as { item: number }).item, item.json.address])).toEqual([
			[2, 'alice@contoso.com'],
			[2, 'bob@contoso.com'],
			[2, 'carol@contoso.com'],
		]);
		expect(requestsOf('ExpandDL')).toHaveLength(2);
	});
});
