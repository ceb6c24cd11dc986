import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { readMailbox } from '../actions/mailbox';
import type { MessageReadSettings } from '../actions/output/messageItems';
import type { TriggerEvent } from './description';
import { readFilters, type MessageFilters } from './filters';

/** The trigger's parameters as one poll reads them, whichever API the credential uses. */

export interface TriggerSettings {
	event: TriggerEvent;
	mailbox?: string;
	filters: MessageFilters;
	read: MessageReadSettings;
	markAsRead: boolean;
	emitExisting: boolean;
	includeSubfolders: boolean;
}

export function readSettings(context: IPollFunctions): TriggerSettings {
	const event = context.getNodeParameter('event', 'messageReceived') as TriggerEvent;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const isMessage = event === 'messageReceived' || event === 'meetingRequestReceived';
	return {
		event,
		mailbox: readMailbox(context, 0),
		filters: isMessage ? readFilters(context) : { unreadOnly: false, from: [], hasAttachments: false, categories: [] },
		read: {
			simplify: options.simplify !== false,
			downloadAttachments: isMessage && options.downloadAttachments === true,
			attachmentPrefix: String(options.attachmentPrefix ?? 'attachment_'),
			includeMime: false,
		},
		markAsRead: isMessage && options.markAsRead === true,
		emitExisting: options.emitExisting === true,
		includeSubfolders: event === 'messageReceived' && options.includeSubfolders === true,
	};
}
