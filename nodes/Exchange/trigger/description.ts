import type { INodeProperties } from 'n8n-workflow';
import { folderLocator } from '../actions/folders';
import { mailboxProperty } from '../actions/mailbox';

/** The trigger's parameters: the event, where it is watched, which items count, and how they are output. */

export type TriggerEvent = 'messageReceived' | 'calendarItemCreated' | 'calendarItemUpdated' | 'meetingRequestReceived';

const messageEvents = { event: ['messageReceived', 'meetingRequestReceived'] };

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		options: [
			{
				name: 'Calendar Item Created',
				value: 'calendarItemCreated',
				description: 'A new appointment or meeting in the mailbox\'s calendar (over Microsoft Graph: starting at most two years ahead)',
			},
			{
				name: 'Calendar Item Updated',
				value: 'calendarItemUpdated',
				description: 'A calendar item\'s time, location, subject or attendees changed, or it was cancelled (over Microsoft Graph: starting at most two years ahead)',
			},
			{
				name: 'Meeting Request Received',
				value: 'meetingRequestReceived',
				description: 'An invitation to a meeting arrived in the Inbox',
			},
			{
				name: 'Message Received',
				value: 'messageReceived',
				description: 'A message arrived in the folder (or was moved there)',
			},
		],
		default: 'messageReceived',
	},
	{ ...mailboxProperty },
	{
		...folderLocator('Folder', 'The folder to watch for new messages', { event: ['messageReceived'] }),
		default: { mode: 'path', value: 'inbox' },
		required: false,
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show: messageEvents },
		options: [
			{
				displayName: 'Categories',
				name: 'categories',
				type: 'string',
				default: '',
				placeholder: 'Customers, Invoices',
				description: 'Only messages with at least one of these Outlook categories, separated by commas',
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: 'orders@contoso.com, @fabrikam.com',
				description: 'Only messages from one of these addresses or domains (starting with @), separated by commas',
			},
			{
				displayName: 'Has Attachments',
				name: 'hasAttachments',
				type: 'boolean',
				default: true,
				description: 'Whether to emit only messages with file attachments',
			},
			{
				displayName: 'Subject Contains',
				name: 'subjectContains',
				type: 'string',
				default: '',
				description: 'Only messages whose subject contains this text, ignoring case',
			},
			{
				displayName: 'Unread Only',
				name: 'unreadOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to emit only messages that are still unread when the trigger sees them',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Attachment Prefix',
				name: 'attachmentPrefix',
				type: 'string',
				default: 'attachment_',
				description: 'Prefix of the binary properties the attachments go to, numbered from 0 (attachment_0, attachment_1)',
				displayOptions: { show: { '/event': ['messageReceived', 'meetingRequestReceived'], downloadAttachments: [true] } },
			},
			{
				displayName: 'Download Attachments',
				name: 'downloadAttachments',
				type: 'boolean',
				default: false,
				description: 'Whether to put the message\'s file attachments into binary properties',
				displayOptions: { show: { '/event': ['messageReceived', 'meetingRequestReceived'] } },
			},
			{
				displayName: 'Emit Existing Items',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description: 'Whether the first poll after activation emits the items already there; otherwise the trigger starts from now',
			},
			{
				displayName: 'Include Subfolders',
				name: 'includeSubfolders',
				type: 'boolean',
				default: false,
				description: 'Whether to watch the folders below the folder too (new subfolders are found within 10 minutes)',
				displayOptions: { show: { '/event': ['messageReceived'] } },
			},
			{
				displayName: 'Mark as Read',
				name: 'markAsRead',
				type: 'boolean',
				default: false,
				description: 'Whether to mark each emitted message as read in Exchange',
				displayOptions: { show: { '/event': ['messageReceived', 'meetingRequestReceived'] } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return the fields most workflows need instead of every field Exchange gives',
			},
		],
	},
];
