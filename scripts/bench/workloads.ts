import { randomBytes } from 'crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { binaryItem } from '../../test/helpers/exchangeWorkflow';

/** What the benchmark asks the node to do: its parameters and the input items, as a workflow would give them. */

export interface Workload {
	name: string;
	parameters(options: INodeParameters): INodeParameters;
	items(count: number): INodeExecutionData[] | Promise<INodeExecutionData[]>;
}

const RECIPIENT = 'bob@contoso.com';

export const SEND_EMAIL: Workload = {
	name: 'Send Email',
	parameters: (options) => ({
		resource: 'email',
		operation: 'send',
		to: '={{ $json.email }}',
		subject: '={{ $json.subject }}',
		body: '={{ $json.text }}',
		options,
	}),
	items: (count) =>
		Array.from({ length: count }, (_, i) => ({
			json: { email: RECIPIENT, subject: `Your invoice ${i + 1}`, text: `Dear customer ${i + 1},\n\nplease find your invoice below.` },
		})),
};

const FIRST_DAY = Date.UTC(2026, 11, 1, 8);

export const CREATE_APPOINTMENT: Workload = {
	name: 'Create Appointment',
	parameters: (options) => ({
		resource: 'appointment',
		operation: 'create',
		subject: '={{ $json.subject }}',
		start: '={{ $json.start }}',
		duration: 30,
		location: 'Room 101',
		options: { requiredAttendees: '={{ $json.email }}', ...options },
	}),
	items: (count) =>
		Array.from({ length: count }, (_, i) => ({
			json: {
				email: RECIPIENT,
				subject: `Onboarding ${i + 1}`,
				start: new Date(FIRST_DAY + i * 30 * 60_000).toISOString(),
			},
		})),
};

/** Messages with one attachment each, every one with its own random bytes, held as n8n's filesystem binary mode holds them. */
export function sendWithAttachment(attachmentBytes: number): Workload {
	return {
		name: `Send Email + ${Math.round(attachmentBytes / 1024)} KB attachment`,
		parameters: (options) => SEND_EMAIL.parameters({ attachments: 'data', ...options }),
		items: async (count) =>
			await Promise.all(
				(await SEND_EMAIL.items(count)).map(({ json }, i) =>
					binaryItem(json, { data: { fileName: `invoice-${i + 1}.pdf`, mimeType: 'application/pdf', content: randomBytes(attachmentBytes) } }),
				),
			),
	};
}
