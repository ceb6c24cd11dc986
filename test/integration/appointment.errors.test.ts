import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { NODE_NAME, useExchangeSandbox } from '../helpers/exchangeWorkflow';

const env = useExchangeSandbox();

const CONTINUE = { onError: 'continueRegularOutput' as const };

describe('Appointment → Create refuses bad input before anything is sent', () => {
	// Every row has the credential column: given a callback with more parameters than a row, jest passes done().
	it.each<[string, INodeParameters, RegExp, ICredentialDataDecryptedObject]>([
		[
			'an end before the start',
			{ start: '2026-12-01T10:00:00+01:00', options: { end: '2026-12-01T09:00:00+01:00' } },
			/"End" \(2026-12-01T08:00:00Z\) must be after "Start" \(2026-12-01T09:00:00Z\)/,
			{},
		],
		['an end equal to the start', { start: '2026-12-01T10:00:00Z', options: { end: '2026-12-01T10:00:00Z' } }, /"End" .* must be after "Start"/, {}],
		['a duration of 0', { duration: 0 }, /"Duration \(Minutes\)" must be a positive number of minutes, not "0"/, {}],
		['a negative duration', { duration: -30 }, /"Duration \(Minutes\)" must be a positive number of minutes, not "-30"/, {}],
		['an absurd duration', { duration: 60 * 24 * 400 }, /"Duration \(Minutes\)" is 576000 minutes, more than a year/, {}],
		['an impossible date', { start: '2026-02-30T09:00:00' }, /Invalid date-time "2026-02-30T09:00:00" in "Start": no such date/, {}],
		['an unparseable date', { start: 'next Tuesday' }, /Invalid date-time "next Tuesday" in "Start"/, {}],
		['an impossible end date', { options: { end: '2026-13-01T09:00:00' } }, /Invalid date-time "2026-13-01T09:00:00" in "End"/, {}],
		[
			'Working Elsewhere on Exchange 2010 SP2',
			{ options: { showAs: 'workingElsewhere' } },
			/"Show As" cannot be "workingElsewhere": .*Exchange2013/,
			{ version: 'Exchange2010_SP2' },
		],
		['an invalid attendee', { options: { requiredAttendees: 'alice@contoso.com, bob' } }, /"bob" in "Required Attendees"/, {}],
		['a subject with a line break', { subject: 'Planning\nRoom' }, /"Subject" must be a single line/, {}],
	])('refuses %s with a NodeOperationError naming field and item', async (_case, parameters, message, credential) => {
		const run = await env.run({
			parameters: { resource: 'appointment', operation: 'create', subject: 'Planning', start: '2026-12-01T09:00:00+01:00', ...parameters },
			credential,
		});

		expect(run.status).toBe('error');
		expect(run.error).toMatchObject({ name: 'NodeOperationError', node: { name: NODE_NAME } });
		expect(run.error?.message).toMatch(message);
		expect(run.error?.message).toContain('[item 0]');
		expect(env.createItemRequests()).toEqual([]);
		expect(env.sandbox.store.mailbox('svc-n8n@contoso.com').folder('calendar').items).toEqual([]);
		expect(env.sandbox.store.deliveries).toEqual([]);
	});

	it('with continue-on-fail, creates the good items and reports the bad one, all paired', async () => {
		const run = await env.run({
			parameters: { resource: 'appointment', operation: 'create', subject: '={{ $json.subject }}', start: '={{ $json.start }}' },
			items: [
				{ json: { subject: 'One', start: '2026-12-01T09:00:00Z' } },
				{ json: { subject: 'Two', start: '2026-02-30T09:00:00Z' } },
				{ json: { subject: 'Three', start: '2026-12-03T09:00:00Z' } },
			],
			settings: CONTINUE,
		});

		expect(run.status).toBe('success');
		const output = run.outputOf(NODE_NAME);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json).toEqual({ error: expect.stringMatching(/"2026-02-30T09:00:00Z" in "Start".*\[item 1\]$/) });
		const stored = env.sandbox.store.mailbox('svc-n8n@contoso.com').folder('calendar').calendarItems();
		expect(stored.map((item) => item.subject)).toEqual(['One', 'Three']);
		expect([output[0].json.id, output[2].json.id]).toEqual(stored.map((item) => item.id));
	});
});
