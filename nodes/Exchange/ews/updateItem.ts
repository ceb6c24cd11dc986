import { el, type XmlElement } from '../transport/xml';
import { itemIdElement, type ItemRef } from './itemIds';
import type { BatchRequest, EwsOperation } from './operation';

export const UPDATE_ITEM: EwsOperation = { name: 'UpdateItem', since: 'Exchange2007' };

/**
 * NeverOverwrite with the item's ChangeKey refuses a change to an item changed since (ErrorIrresolvableConflict);
 * AlwaysOverwrite applies the change whatever happened to the item meanwhile.
 */
export type ConflictResolution = 'NeverOverwrite' | 'AlwaysOverwrite';

/** One `t:ItemChange`: the item and its SetItemField / DeleteItemField updates (itemFields.ts builds them). */
export function itemChangeElement(item: ItemRef, updates: XmlElement[]): XmlElement {
	if (updates.length === 0) throw new Error('An item change needs at least one update');
	return el('t:ItemChange', undefined, itemIdElement(item), el('t:Updates', undefined, updates));
}

/** Who hears of a calendar item's update: every attendee or only those the change adds or removes, with a copy in Sent Items or without. */
export type MeetingUpdates = 'SendToNone' | 'SendOnlyToAll' | 'SendOnlyToChanged' | 'SendToAllAndSaveCopy' | 'SendToChangedAndSaveCopy';

/**
 * `m:UpdateItem` of many item changes. MessageDisposition SaveOnly is what Exchange requires for messages
 * and keeps an update from sending anything; for calendar items, `meetingUpdates` (required there) says
 * whom the update goes to, by default nobody.
 */
export function updateItemBatch(conflictResolution: ConflictResolution, meetingUpdates: MeetingUpdates = 'SendToNone'): BatchRequest {
	return {
		operation: UPDATE_ITEM,
		settings: { conflictResolution, meetingUpdates },
		build: (changes: XmlElement[]) =>
			el(
				'm:UpdateItem',
				{ ConflictResolution: conflictResolution, MessageDisposition: 'SaveOnly', SendMeetingInvitationsOrCancellations: meetingUpdates },
				el('m:ItemChanges', undefined, changes),
			),
	};
}
