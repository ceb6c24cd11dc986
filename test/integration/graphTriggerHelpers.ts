import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { ExchangeEwsAccessTokenApi } from '../../credentials/ExchangeEwsAccessTokenApi.credentials';
import { ExchangeEwsApi } from '../../credentials/ExchangeEwsApi.credentials';
import { ExchangeTrigger } from '../../nodes/Exchange/ExchangeTrigger.node';
import type { Sandbox } from '../../sandbox/server';
import type { NewCalendarItem, StoredCalendarItem } from '../../sandbox/store';
import { SERVICE_ACCOUNT } from '../helpers/exchangeWorkflow';
import type { GraphTestEnvironment } from '../helpers/graphWorkflow';
import { Poller } from '../helpers/pollRunner';
import { MAILBOX, TRIGGER_TYPE } from './triggerHelpers';

/**
 * The trigger against the sandbox's Graph endpoint and its EWS endpoint (one store): a Poller per API over the
 * service account's mailbox, which app-only Graph access must name in the Mailbox field.
 */

const GRAPH_CREDENTIAL_ID = 'graph-credential';
const EWS_CREDENTIAL_ID = 'ews-credential';

function triggerNode(parameters: INodeParameters, authentication: string, credentialType: string, credentialId: string) {
	return {
		id: 'trigger-node',
		name: 'Exchange Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: { authentication, mailbox: MAILBOX, ...parameters },
		credentials: { [credentialType]: { id: credentialId, name: 'Exchange sandbox' } },
	};
}

/** The trigger with the access-token credential whose API is Microsoft Graph. */
export function graphPoller(env: GraphTestEnvironment, parameters: INodeParameters, credential?: ICredentialDataDecryptedObject): Poller {
	return new Poller({
		node: triggerNode(parameters, 'accessToken', 'exchangeEwsAccessTokenApi', GRAPH_CREDENTIAL_ID),
		nodeType: new ExchangeTrigger(),
		credentialTypes: [new ExchangeEwsAccessTokenApi()],
		credentials: { [GRAPH_CREDENTIAL_ID]: { type: 'exchangeEwsAccessTokenApi', data: env.credentialData(credential) } },
	});
}

/** The same trigger over EWS: the on-premises service account, impersonating the mailbox. */
export function ewsPoller(env: GraphTestEnvironment, parameters: INodeParameters): Poller {
	const data = {
		url: env.sandbox.httpsUrl,
		authentication: 'ntlm',
		...SERVICE_ACCOUNT,
		domain: '',
		version: 'Exchange2016',
		impersonation: true,
		caCertificate: env.sandbox.caCertificatePem,
	};
	return new Poller({
		node: triggerNode(parameters, 'onPremises', 'exchangeEwsApi', EWS_CREDENTIAL_ID),
		nodeType: new ExchangeTrigger(),
		credentialTypes: [new ExchangeEwsApi()],
		credentials: { [EWS_CREDENTIAL_ID]: { type: 'exchangeEwsApi', data } },
	});
}

/** A time as the store keeps it. */
export function at(text: string) {
	return { raw: text, instant: new Date(text) };
}

/**
 * 9:00 UTC on a day a week from now, `shift` days later, as the trigger outputs times: within the calendar view
 * Graph's trigger watches (a month back to two years ahead).
 */
export function nextWeekAt9(shift = 0): string {
	const day = new Date(Date.now() + (7 + shift) * 24 * 3600 * 1000);
	return `${day.toISOString().slice(0, 10)}T09:00:00Z`;
}

function hourLater(time: string): string {
	return new Date(Date.parse(time) + 3600 * 1000).toISOString().replace('.000Z', 'Z');
}

/** A meeting in the mailbox's calendar a week from now, 9:00 to 10:00 UTC; weekly from then on when asked. */
export function addMeeting(env: GraphTestEnvironment, subject: string, options: { weekly?: boolean } = {}): StoredCalendarItem {
	const start = nextWeekAt9();
	const weekday = new Date(start).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
	const item: NewCalendarItem = {
		kind: 'calendarItem',
		uid: `uid-${subject}`,
		subject,
		start: at(start),
		end: at(hourLater(start)),
		startTimeZone: 'UTC',
		location: 'Room 1',
		reminderIsSet: true,
		reminderMinutesBeforeStart: 15,
		organizer: { address: MAILBOX },
		requiredAttendees: [{ address: 'bob@contoso.com' }],
		optionalAttendees: [],
		resources: [],
		invitationsSent: 'SendToNone',
		myResponseType: 'Organizer',
		isCancelled: false,
		...(options.weekly
			? { recurrence: { pattern: { kind: 'Weekly', interval: 1, daysOfWeek: [weekday], firstDayOfWeek: 'Sunday' }, range: { kind: 'NoEnd', startDate: start.slice(0, 10) } } }
			: {}),
	};
	return env.sandbox.store.addItem(env.sandbox.store.mailbox(MAILBOX).folder('calendar'), item) as StoredCalendarItem;
}

/** The Graph requests (not the parts of JSON batches) since a point in the log, as method and path. */
export function graphRequestsSince(sandbox: Sandbox, from: number): string[] {
	return sandbox.requests
		.slice(from)
		.filter((request) => request.api === 'graph' && request.batchPartId === undefined)
		.map((request) => `${request.method} ${decodeURIComponent(request.path)}`);
}
