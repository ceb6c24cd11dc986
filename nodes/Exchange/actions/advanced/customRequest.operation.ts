import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildCustomRequest, CustomRequestError, elementToJson } from '../../ews/customRequest';
import { responseMessageError } from '../../transport/responses';
import { inputError, readText } from '../fields';
import { readMailbox } from '../mailbox';
import type { ItemCall } from '../types';

export const kind = 'singleCall';
/** What the user's operation does is unknown to the node: it is treated as a write, never sent twice. */
export const sends = 'write';

const show = { resource: ['advanced'], operation: ['customRequest'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'The node wraps the operation in the SOAP envelope with the credential\'s Exchange version, the Mailbox (impersonation) and sign-in. Use m: for EWS messages and t: for EWS types. EWS only: with a credential whose API is Microsoft Graph this operation does not run.',
		name: 'customRequestNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Request Body',
		name: 'requestBody',
		type: 'string',
		typeOptions: { rows: 10 },
		default: '',
		required: true,
		placeholder: '<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>alice</m:UnresolvedEntry></m:ResolveNames>',
		description: 'One EWS operation element as XML, e.g. m:FindItem. Values from expressions must be XML-escaped (&amp; for &, &lt; for <).',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Include Raw XML',
				name: 'includeRawXml',
				type: 'boolean',
				default: false,
				description: 'Whether to add Exchange\'s whole answer (the SOAP envelope) as XML in the field "xml"',
			},
		],
	},
];

export async function call(this: IExecuteFunctions, { itemIndex, send }: ItemCall): Promise<INodeExecutionData> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mailbox = readMailbox(this, itemIndex);
	const xml = readText(this, itemIndex, 'Request Body', this.getNodeParameter('requestBody', itemIndex, ''));
	if (!xml.trim()) throw inputError(this, itemIndex, '"Request Body" is empty: give one EWS operation element, e.g. <m:GetFolder>...</m:GetFolder>');
	let operation;
	try {
		operation = buildCustomRequest(xml, '"Request Body"');
	} catch (error) {
		if (error instanceof CustomRequestError) throw inputError(this, itemIndex, error.message);
		throw error;
	}
	const answer = await send(operation, mailbox);
	const failed = answer.messages.filter((message) => message.responseClass === 'Error');
	if (failed.length > 0) {
		const error = responseMessageError(failed[0]);
		if (answer.messages.length > 1) error.message = `${error.message} (${failed.length} of ${answer.messages.length} response messages are errors; the first is shown)`;
		throw error;
	}
	const json: IDataObject = { [answer.body.name]: elementToJson(answer.body) as IDataObject };
	if (options.includeRawXml === true) json.xml = answer.xml;
	return { json };
}
