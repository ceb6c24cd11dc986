import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NODE_NAME } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';
import type { WorkflowRun } from '../helpers/workflowRunner';

/**
 * Directory → Resolve Name and Expand Group over Microsoft Graph (users and groups of the directory), beside
 * the same workflows over EWS (ResolveNames, ExpandDL) against the same sandbox directory (sandbox/accounts.ts).
 */

const env = useGraphSandbox();

const parameters = (operation: string, more: INodeParameters): INodeParameters => ({ resource: 'directory', operation, ...more });

function outputs(run: WorkflowRun): IDataObject[] {
	expect(run.error).toBeUndefined();
	return run.outputOf(NODE_NAME).map((item) => item.json);
}

/** Runs the same parameters over Graph and over EWS and gives both outputs. */
async function bothApis(operation: string, more: INodeParameters, items?: INodeExecutionData[]) {
	const graph = await env.run({ parameters: parameters(operation, more), items });
	const ews = await env.runEws({ parameters: parameters(operation, more), items });
	return { graph: outputs(graph), ews: outputs(ews), graphRun: graph };
}

const graphRequests = () => env.sandbox.requests.filter((request) => request.api === 'graph');

describe('Directory → Resolve Name over Microsoft Graph', () => {
	it('resolves an address with the directory\'s contact details, as over EWS', async () => {
		const { graph, ews } = await bothApis('resolveName', { name: 'alice@contoso.com', options: { contactDetails: true } });

		expect(graph).toEqual([
			{
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
			},
		]);
		expect(graph).toEqual(ews);
		// $search on the directory is an advanced query: Graph needs ConsistencyLevel: eventual for it.
		const [users, groups] = graphRequests();
		expect(decodeURIComponent(users.path)).toContain('/v1.0/users?');
		expect(decodeURIComponent(users.path)).toContain('$search="displayName:alice@contoso.com" OR "mail:alice@contoso.com"');
		expect(users.headers.consistencylevel).toBe('eventual');
		expect(decodeURIComponent(groups.path)).toContain('/v1.0/groups?');
	});

	it('gives every match of a partial name, each paired to its input, and groups as PublicDL, as over EWS', async () => {
		const items = [{ json: { name: 'c' } }, { json: { name: 'team' } }, { json: { name: 'nobody-here' } }];
		const graph = await env.run({ parameters: parameters('resolveName', { name: '={{ $json.name }}' }), items });
		const ews = await env.runEws({ parameters: parameters('resolveName', { name: '={{ $json.name }}' }), items });

		const rows = (run: WorkflowRun) =>
			run.outputOf(NODE_NAME).map((item) => [(item.pairedItem as { item: number }).item, item.json.address, item.json.mailboxType]);
		expect(rows(graph)).toEqual([
			[0, 'carol@contoso.com', 'Mailbox'],
			[0, 'room-101@contoso.com', 'Mailbox'],
			[1, 'team@contoso.com', 'PublicDL'],
		]);
		expect(rows(graph)).toEqual(rows(ews));
		expect(graph.outputOf(NODE_NAME).every((item) => !('contact' in item.json))).toBe(true);
	});

	it('leaves the details out but still resolves with User.ReadBasic.All alone', async () => {
		const run = await env.run({
			parameters: parameters('resolveName', { name: 'alice', options: { contactDetails: true } }),
			credential: { accessToken: env.appToken(['User.ReadBasic.All', 'GroupMember.Read.All']) },
		});

		expect(outputs(run)).toEqual([
			expect.objectContaining({
				address: 'alice@contoso.com',
				contact: expect.objectContaining({ givenName: 'Alice', surname: 'Anders', jobTitle: null, department: null, phoneNumbers: {} }),
			}),
		]);
	});

	it('tells the admin which permission to grant when the app may not read users', async () => {
		const run = await env.run({ parameters: parameters('resolveName', { name: 'alice' }), credential: { accessToken: env.appToken(['Place.Read.All']) } });

		expect(run.error?.message).toContain('Insufficient privileges');
		expect(run.error?.description).toContain('User.ReadBasic.All');
	});
});

describe('Directory → Expand Group over Microsoft Graph', () => {
	it('lists a group\'s members, a nested group as PublicDL, as over EWS', async () => {
		const { graph, ews } = await bothApis('expandGroup', { groupAddress: 'All Staff <all-staff@contoso.com>' });

		expect(graph).toEqual([
			{ name: 'Team', address: 'team@contoso.com', mailboxType: 'PublicDL', routingType: 'SMTP', group: 'all-staff@contoso.com' },
			{ name: 'n8n Service', address: 'svc-n8n@contoso.com', mailboxType: 'Mailbox', routingType: 'SMTP', group: 'all-staff@contoso.com' },
		]);
		expect(graph).toEqual(ews);
	});

	it('expands nested groups, each person once under the group holding them, as over EWS', async () => {
		const { graph, ews } = await bothApis('expandGroup', { groupAddress: 'all-staff@contoso.com', options: { expandNested: true } });

		expect(graph.map((member) => [member.address, member.group])).toEqual([
			['svc-n8n@contoso.com', 'all-staff@contoso.com'],
			['alice@contoso.com', 'team@contoso.com'],
			['bob@contoso.com', 'team@contoso.com'],
			['carol@contoso.com', 'team@contoso.com'],
		]);
		expect(graph).toEqual(ews);
		const paths = graphRequests().map((request) => decodeURIComponent(request.path).split('?')[0]);
		expect(paths).toEqual(['/v1.0/groups', expect.stringMatching(/^\/v1\.0\/groups\/[0-9a-f-]+\/members$/), expect.stringMatching(/^\/v1\.0\/groups\/[0-9a-f-]+\/members$/)]);
	});

	it('fails an address that is no group, naming the field, while the other items go on', async () => {
		const run = await env.run({
			parameters: parameters('expandGroup', { groupAddress: '={{ $json.group }}' }),
			items: [{ json: { group: 'alice@contoso.com' } }, { json: { group: 'team@contoso.com' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const output = run.outputOf(NODE_NAME);
		expect(output[0].json).toMatchObject({ error: expect.stringContaining('"Group Address" alice@contoso.com') });
		expect(output.slice(1).map((item) => [item.json.address, item.pairedItem])).toEqual([
			['alice@contoso.com', { item: 1 }],
			['bob@contoso.com', { item: 1 }],
			['carol@contoso.com', { item: 1 }],
		]);
	});

	it('says members are hidden for want of a user permission rather than leaving them out', async () => {
		const run = await env.run({
			parameters: parameters('expandGroup', { groupAddress: 'team@contoso.com' }),
			credential: { accessToken: env.appToken(['GroupMember.Read.All']) },
		});

		expect(run.error?.message).toContain('by its id alone');
		expect(run.error?.description).toContain('User.ReadBasic.All');
	});
});
