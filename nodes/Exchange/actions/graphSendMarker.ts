import { randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { EwsError } from '../transport/errors';
import type { GraphClient } from '../transport/graph/graphClient';
import type { GraphJson } from '../transport/graph/types';
import { pause } from '../transport/retry';

/**
 * Exactly once for Graph's sends. sendMail and send answer 202 with no id, so a send whose answer is lost
 * cannot be told from one never carried out by its answer. Every message the node sends therefore carries a
 * marker: a singleValueExtendedProperty, the named string property `x-n8n-send-id` in the internet-headers
 * property set (PS_INTERNET_HEADERS), whose value is a UUID made for the item. Graph lets a message's
 * extended properties be written on create and found with `$filter=singleValueExtendedProperties/Any(...)`
 * ("Get singleValueLegacyExtendedProperty"), while internetMessageHeaders can be written but not filtered
 * on; a named property in that set also goes out as the `x-n8n-send-id` header, so a recipient's copy
 * carries it too. When the outcome is unknown the Sent Items of the sending mailbox are searched for the
 * marker: found, the send happened and the item succeeds with a note; not found after a short wait, the
 * item fails as "Outcome unknown" and is never sent again. Without a Sent Items copy there is nothing to find.
 */

/** MS-OXPROPS PS_INTERNET_HEADERS: a string property named after a header is sent as that header. */
export const SEND_MARKER_PROPERTY = 'String {00020386-0000-0000-C000-000000000046} Name x-n8n-send-id';

/** PidTagDeleteAfterSubmit: a sent draft leaves no copy in Sent Items (Graph's send of a draft has no saveToSentItems). */
export const DELETE_AFTER_SUBMIT_PROPERTY = 'Boolean 0x0E01';

/** Pauses before looking again: Exchange Online files the Sent Items copy a moment after accepting the send. */
export const LOOKUP_PAUSES_MS = [0, 2_000, 5_000];

export interface SendMarker {
	value: string;
	/** The message's singleValueExtendedProperties: the marker, and PidTagDeleteAfterSubmit when no copy is kept. */
	properties(options?: { deleteAfterSubmit?: boolean }): GraphJson[];
}

export function newSendMarker(): SendMarker {
	const value = randomUUID();
	return {
		value,
		properties: (options = {}) => [
			{ id: SEND_MARKER_PROPERTY, value },
			...(options.deleteAfterSubmit ? [{ id: DELETE_AFTER_SUBMIT_PROPERTY, value: 'true' }] : []),
		],
	};
}

/** The Sent Items copy carrying the marker, or undefined when there is none (yet). */
async function findSentCopy(client: GraphClient, mailbox: string | undefined, marker: string, signal?: AbortSignal): Promise<GraphJson | undefined> {
	const answer = await client.request(
		{
			method: 'GET',
			path: '/mailFolders/sentitems/messages',
			query: {
				$filter: `singleValueExtendedProperties/Any(ep: ep/id eq '${SEND_MARKER_PROPERTY}' and ep/value eq '${marker}')`,
				$select: 'id,internetMessageId,sentDateTime',
				$top: 1,
			},
		},
		mailbox,
		{ kind: 'read', signal },
	);
	const found: unknown = answer.body?.value;
	return Array.isArray(found) && found.length > 0 ? (found[0] as GraphJson) : undefined;
}

/**
 * A send whose answer was lost: the output it would have had, with a note, when its marker is found in
 * Sent Items; undefined when that cannot be told (no copy kept, not found after a short wait, the lookup
 * failed). Never sends anything.
 */
export async function findUnknownSend(
	client: GraphClient,
	settings: { mailbox?: string; marker: string; savedToSentItems: boolean; output: IDataObject },
	signal?: AbortSignal,
): Promise<IDataObject | undefined> {
	if (!settings.savedToSentItems) return undefined;
	for (const wait of LOOKUP_PAUSES_MS) {
		if (wait > 0) await pause(wait, signal);
		const copy = await findSentCopy(client, settings.mailbox, settings.marker, signal);
		if (copy) {
			return {
				...settings.output,
				note: `Graph's answer to the send was lost; the message was found in Sent Items of ${settings.mailbox ?? 'the mailbox'} by its x-n8n-send-id marker, so it was sent once and not again`,
				...(typeof copy.internetMessageId === 'string' ? { internetMessageId: copy.internetMessageId } : {}),
			};
		}
	}
	return undefined;
}

/** For a send made in steps (a draft): the found output, or the "Outcome unknown" error as the EWS path words it. */
export async function settleUnknownSend(
	client: GraphClient,
	settings: { mailbox?: string; marker: string; savedToSentItems: boolean; output: IDataObject },
	error: EwsError,
	signal?: AbortSignal,
): Promise<IDataObject> {
	const found = await findUnknownSend(client, settings, signal).catch(() => undefined);
	if (found) return found;
	throw new EwsError({
		code: error.code,
		message: `Outcome unknown: ${error.message}. Exchange may have sent the message; it was not sent again, so that nothing happens twice`,
		hint: `Check Sent Items of ${settings.mailbox ?? 'the mailbox'} and the recipients' mailboxes before running this item again.`,
		httpStatus: error.httpStatus,
		processing: 'unknown',
	});
}
