import type { INodeParameters } from 'n8n-workflow';

import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

function getRooms(parameters: INodeParameters = {}) {
	return env.run({ parameters: { resource: 'room', operation: 'getMany', ...parameters } });
}

describe('Room → Get Many', () => {
	it('lists the room lists when no list is given', async () => {
		const run = await getRooms();

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((item) => item.json)).toEqual([{ name: 'Headquarters Rooms', address: 'rooms@contoso.com' }]);
		expect(env.sandbox.requests.flatMap((request) => request.operation ?? [])).toEqual(['GetRoomLists']);
	});

	it('lists the rooms of a list', async () => {
		const run = await getRooms({ roomList: 'rooms@contoso.com' });

		expect(run.error).toBeUndefined();
		expect(run.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
			{ name: 'Room A', address: 'room-a@contoso.com', roomList: 'rooms@contoso.com' },
			{ name: 'Room B', address: 'room-b@contoso.com', roomList: 'rooms@contoso.com' },
		]);
	});

	it('says so when the address is no room list, per item with Continue On Fail', async () => {
		const run = await env.run({
			parameters: { resource: 'room', operation: 'getMany', roomList: '={{ $json.list }}' },
			items: [{ json: { list: 'team@contoso.com' } }, { json: { list: 'rooms@contoso.com' } }],
			settings: { onError: 'continueRegularOutput' },
		});

		const output = run.outputOf(NODE_NAME);
		expect(output[0].json).toMatchObject({ code: 'ErrorNameResolutionNoResults', error: expect.stringContaining('"team@contoso.com" in "Room List"') });
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output.slice(1).map((item) => [item.json.address, item.pairedItem])).toEqual([
			['room-a@contoso.com', { item: 1 }],
			['room-b@contoso.com', { item: 1 }],
		]);
	});
});
