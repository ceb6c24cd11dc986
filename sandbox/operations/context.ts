import { AccountDirectory, sameAddress } from '../accounts';
import { Principal } from '../auth';
import { FaultOf } from '../faults';
import { SandboxStore } from '../store';
import { BuiltElement, ParsedElement } from '../xml';

/** What every operation handler gets: who calls, as which mailbox, against which store. */
export interface OperationContext {
	store: SandboxStore;
	directory: AccountDirectory;
	principal: Principal;
	/** The impersonated mailbox, else the caller's own. */
	actingMailbox: string;
	impersonating: boolean;
	version: string;
	/** Injected per-item failures for this request. */
	itemFaults: FaultOf<'itemError'>[];
}

/** Gets the operation's request element (`m:GetFolder`, ...) and returns its `m:XxxResponse` element. */
export type OperationHandler = (request: ParsedElement, context: OperationContext) => BuiltElement;

/** A failure of one item: answered as that item's ResponseMessage while the others go on. */
export class ItemError extends Error {
	constructor(
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'ItemError';
	}
}

/**
 * A caller reaches its acting mailbox, and, when not impersonating, the mailboxes it holds FullAccess on;
 * an impersonated session is exactly that user and nothing more.
 */
export function canAccess(context: OperationContext, mailbox: string): boolean {
	if (sameAddress(mailbox, context.actingMailbox)) return true;
	return !context.impersonating && context.principal.fullAccessTo.some((m) => sameAddress(m, mailbox));
}
