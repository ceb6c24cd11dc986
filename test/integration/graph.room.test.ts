import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NODE_NAME } from '../helpers/exchangeWorkflow';
import { useGraphSandbox } from '../helpers/graphWorkflow';
import type { WorkflowRun } from '../helpers/workflowRunner';

/** Room → Get Many over Microsoft Graph (places), beside the same workflow over EWS (GetRoomLists, GetRooms). */

const env = useGraphSandbox();

const parameters = (more: INodeParameters = {}): INodeParameters => ({ resource: 'room', operation: 'getMany', ...more });

function outputs(run: WorkflowRun): IDataObject[] {
	expect(run.error).toBeUndefined();
	return run.outputOf(NODE_NAME).map((item) => item.json);
}

const graphPaths = () => env.sandbox.requests.filter((request) => request.api === 'graph').map((request) => decodeURIComponent(request.path));

describe('Room → Get Many over Microsoft Graph', () => {
	it('lists the room lists, then a list\'s rooms, with the same output as over EWS', async () => {
		const lists = outputs(await env.run({ parameters: parameters() }));
		expect(lists).toEqual([{ name: 'Headquarters Rooms', address: 'rooms@contoso.com' }]);
		expect(lists).toEqual(outputs(await env.runEws({ parameters: parameters() })));

		const rooms = outputs(await env.run({ parameters: parameters({ roomList: 'rooms@contoso.com' }) }));
		expect(rooms).toEqual([
			{ name: 'Room A', address: 'room-a@contoso.com', roomList: 'rooms@contoso.com' },
			{ name: 'Room B', address: 'room-b@contoso.com', roomList: 'rooms@contoso.com' },
		]);
		expect(rooms).toEqual(outputs(await env.runEws({ parameters: parameters({ roomList: 'rooms@contoso.com' }) })));
		expect(graphPaths().map((path) => path.split('?')[0])).toEqual([
			'/v1.0/places/microsoft.graph.roomlist',
			'/v1.0/places/rooms@contoso.com/microsoft.graph.roomlist/rooms',
		]);
	});

	it('fails an address that is no room list alone, naming the field, with Continue On Fail', async () => {
		const run = await env.run({
			parameters: parameters({ roomList: '={{ $json.list }}' }),
			items: [{ json: { list: 'team@contoso.com' } }, { json: { list: 'rooms@contoso.com' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const output = run.outputOf(NODE_NAME);
		expect(output[0].json).toMatchObject({ error: expect.stringContaining('"team@contoso.com" in "Room List"') });
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output.slice(1).map((item) => [item.json.address, item.pairedItem])).toEqual([
			['room-a@contoso.com', { item: 1 }],
			['room-b@contoso.com', { item: 1 }],
		]);
	});

	it('tells the admin to grant Place.Read.All when the app lacks it', async () => {
		const run = await env.run({ parameters: parameters(), credential: { accessToken: env.appToken(['Calendars.ReadWrite', 'User.Read.All']) } });

		expect(run.error?.message).toContain('Insufficient privileges');
		expect(run.error?.description).toContain('Place.Read.All');
		expect(run.error?.description).toContain('admin consent');
	});
});
