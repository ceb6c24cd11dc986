import { odataFilter, odataString } from '../../nodes/Exchange/actions/graphFilter';
import { graphFlag, graphMessageOutput, toGraphFlag } from '../../nodes/Exchange/actions/output/graphMessages';
import { compileFilter, firstFilterProperty } from '../../sandbox/graph/odataFilter';
import { GraphError } from '../../sandbox/graph/types';

/** Email → Get Many's conditions as OData `$filter` (node), and the sandbox's reading of such filters. */

describe('odataFilter (node)', () => {
	it('writes the Get Many conditions as Graph filters, quotes doubled and times in UTC', () => {
		expect(
			odataFilter({
				and: [
					{ field: 'isRead', compare: 'IsEqualTo', value: false },
					{ field: 'subject', contains: "O'Brien" },
					{ field: 'receivedAt', compare: 'IsGreaterThan', value: '2026-12-01T09:00:00+01:00' },
					{ field: 'importance', compare: 'IsEqualTo', value: 'High' },
					{ or: [{ field: 'categories', contains: 'A', mode: 'FullString' }, { field: 'categories', contains: 'B', mode: 'FullString' }] },
				],
			}),
		).toBe(
			"isRead eq false and contains(subject,'O''Brien') and receivedDateTime gt 2026-12-01T08:00:00Z and importance eq 'high' and (categories/any(c:c eq 'A') or categories/any(c:c eq 'B'))",
		);
		expect(odataString("it's")).toBe("'it''s'");
	});
});

describe('compileFilter (sandbox)', () => {
	const properties = new Set(['subject', 'isRead', 'receivedDateTime', 'categories', 'toRecipients', 'from']);
	const message = {
		subject: "O'Brien's Invoice",
		isRead: false,
		receivedDateTime: '2026-12-01T08:30:00Z',
		categories: ['Invoices', 'Customers'],
		toRecipients: [{ emailAddress: { address: 'Bob@Contoso.com', name: 'Bob' } }],
		from: { emailAddress: { address: 'billing@fabrikam.com', name: 'Billing' } },
	};
	const matches = (filter: string) => compileFilter(filter, properties, 'microsoft.graph.message')(message);

	it('reads comparisons, functions, lambdas, and/or/not and parentheses, comparing strings without case', () => {
		expect(matches("isRead eq false and contains(subject,'o''brien')")).toBe(true);
		expect(matches('receivedDateTime gt 2026-12-01T08:00:00Z and receivedDateTime lt 2026-12-01T09:00:00Z')).toBe(true);
		expect(matches('receivedDateTime ge 2026-12-01T09:00:00Z')).toBe(false);
		expect(matches("categories/any(c:c eq 'customers') and toRecipients/any(r:r/emailAddress/address eq 'bob@contoso.com')")).toBe(true);
		expect(matches("(startswith(from/emailAddress/address,'sales') or contains(from/emailAddress/name,'bill')) and not isRead eq true")).toBe(true);
		expect(matches("categories/all(c:c eq 'Invoices')")).toBe(false);
	});

	it('refuses unknown properties, broken syntax and lambdas over collections the service refuses (400)', () => {
		expect(() => matches("size gt 3")).toThrow(GraphError);
		expect(() => compileFilter("toRecipients/any(r:r/emailAddress/address eq 'x')", properties, 'microsoft.graph.message', new Set(['toRecipients']))({})).toThrow(
			/invalid nodes/,
		);
		expect(() => matches("subject eq 'x' and")).toThrow(/Invalid filter clause/);
	});

	it('names the property a filter leads with', () => {
		expect(firstFilterProperty("receivedDateTime ge 1900-01-01T00:00:00Z and isRead eq false")).toBe('receivedDateTime');
		expect(firstFilterProperty("contains(subject,'x')")).toBe('subject');
	});
});

describe('Graph flags', () => {
	it('go both ways between Graph\'s followupFlag and the EWS flag shape, in UTC', () => {
		const graph = toGraphFlag({ status: 'Complete', completeDate: '2026-12-01T10:00:00Z' });
		expect(graph).toEqual({ flagStatus: 'complete', completedDateTime: { dateTime: '2026-12-01T10:00:00.000', timeZone: 'UTC' } });
		expect(graphFlag(graph)).toEqual({ status: 'Complete', startDate: undefined, dueDate: undefined, completeDate: '2026-12-01T10:00:00Z' });
	});

	it('map a message with Simplify off to the EWS keys Graph has', () => {
		const output = graphMessageOutput(
			{
				'@odata.type': '#microsoft.graph.eventMessageRequest',
				meetingMessageType: 'meetingRequest',
				id: 'AAMkGx',
				importance: 'high',
				toRecipients: [{ emailAddress: { address: 'a@contoso.com' } }, { emailAddress: { address: 'b@contoso.com', name: 'B' } }],
				bccRecipients: [],
				isDraft: false,
			},
			false,
		);
		expect(output).toMatchObject({ kind: 'MeetingRequest', importance: 'High', displayTo: 'a@contoso.com; B', bcc: [], isDraft: false, from: null, categories: [] });
	});
});
