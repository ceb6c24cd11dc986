import type { Sandbox } from '../../sandbox/server';
import { runTestControl } from '../../sandbox/testControls';

/** Busy blocks and working hours set up in the sandbox through its test controls, as Free/Busy tests need them. */

function control(sandbox: Sandbox, name: string, body: object): unknown {
	const answer = runTestControl(sandbox.store, name, JSON.stringify(body));
	if (answer?.status !== 200) throw new Error(`test control ${name} refused: ${JSON.stringify(answer?.body)}`);
	return answer.body;
}

/** An appointment in the mailbox's calendar; `showAs` is a LegacyFreeBusyStatus (Busy by default). */
export function addBusy(sandbox: Sandbox, mailbox: string, start: string, end: string, more: { showAs?: string; subject?: string; location?: string } = {}): void {
	control(sandbox, 'availability/busy', { mailbox, start, end, ...more });
}

/** The mailbox's published working hours: a Windows time zone and periods such as `{ days: ['Monday'], start: '09:00', end: '17:00' }`. */
export function setWorkingHours(sandbox: Sandbox, mailbox: string, timeZone: string, periods: Array<{ days: string[]; start: string; end: string }>): void {
	control(sandbox, 'availability/workingHours', { mailbox, timeZone, periods });
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
